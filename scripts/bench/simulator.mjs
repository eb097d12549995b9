// The access simulator: evaluate() throughput on a typical five-statement policy with conditions (with and
// without the per-statement explanation), and whoCan() / named analyses on a 32 KB policy. The policy is
// compiled once, as the server and CLI do; "with compile" figures include compiling the document.

export const title = 'Access simulator';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Five statements, conditions on four of them: the console pattern plus a ViaService user and an org guard. */
function typical() {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Admins',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:role/Admin` },
        Action: [
          'kms:Create*',
          'kms:Describe*',
          'kms:Enable*',
          'kms:List*',
          'kms:Put*',
          'kms:Update*',
          'kms:Revoke*',
          'kms:Disable*',
          'kms:Get*',
          'kms:Delete*',
        ],
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
      {
        Sid: 'Users',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${A}:role/App`, 'arn:aws:iam::444455556666:root'] },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
      {
        Sid: 'Grants',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:role/App` },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
      },
      {
        Sid: 'Org',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      },
    ],
  });
}

const REQUESTS = [
  {
    principal: `arn:aws:sts::${A}:assumed-role/App/s1`,
    action: 'kms:Decrypt',
    key: KEY,
    context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-1' },
  },
  {
    principal: `arn:aws:iam::${A}:user/bob`,
    action: 'kms:PutKeyPolicy',
    key: KEY,
    iamAllows: true,
    context: { 'aws:PrincipalOrgID': 'o-1' },
  },
  {
    principal: 'arn:aws:sts::444455556666:assumed-role/X/s',
    action: 'kms:Encrypt',
    key: KEY,
    iamAllows: true,
    context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-2' },
  },
];

export async function run(ctx) {
  const engine = await ctx.engine();
  const policy = engine.compile(typical());
  const batch = 20000;
  for (const [label, options] of [
    ['explained', undefined],
    ['decision-only', { explain: false }],
  ]) {
    const t = ctx.timeSync(
      () => {
        for (let i = 0; i < batch; i++) engine.evaluate(policy, REQUESTS[i % 3], undefined, options);
      },
      { warmup: 5, minRuns: 15, minMs: 1500 },
    );
    ctx.record(`simulator.evaluate.${label}`, batch / (t.median / 1000), 'evals/s', label === 'explained' ? { op: '>=', value: 500000 } : undefined);
  }

  const text = ctx.policies.generatePolicy(32768, 1);
  console.log(`  32kb: ${Buffer.byteLength(text, 'utf8')} bytes, ${JSON.parse(text).Statement.length} statements`);
  const big = engine.compile(text);
  const options = { account: A, key: KEY };
  ctx.record('simulator.compile.32kb', ctx.timeSync(() => engine.compile(text)).median, 'ms');
  ctx.record('simulator.whoCan.32kb.decrypt', ctx.timeSync(() => engine.whoCan(big, ['kms:Decrypt'], options)).median, 'ms', {
    op: '<=',
    value: 10,
  });
  ctx.record(
    'simulator.whoCan.32kb.decrypt-with-compile',
    ctx.timeSync(() => engine.whoCan(engine.compile(text), ['kms:Decrypt'], options), { minRuns: 50 }).median,
    'ms',
    { op: '<=', value: 10 },
  );
  ctx.record('simulator.whoCan.32kb.all-actions', ctx.timeSync(() => engine.whoCan(big, ['kms:*'], options), { minRuns: 20 }).median, 'ms');
  ctx.record('simulator.analysis.32kb.decrypt', ctx.timeSync(() => engine.namedAnalysis(big, 'decrypt', options), { minRuns: 50 }).median, 'ms');
  ctx.record('simulator.lockout.32kb', ctx.timeSync(() => engine.lockout(big, options)).median, 'ms');
}
