/**
 * The soundness property: for generated policies and concrete requests, evaluate() allows a request exactly
 * when whoCan() has a class covering the caller whose residual conditions the request satisfies (and whose
 * requirement, e.g. the caller's own IAM allow, holds). A disagreement in either direction fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  admittingClasses,
  compile,
  evaluate,
  whoCan,
  type ContextValue,
  type Grant,
  type KeyState,
  type SimulationRequest,
} from '../../../server/src/engine/simulate';
import { A, X, KEY } from './helpers';

const Y = '777788889999';
const ROLE_A = `arn:aws:iam::${A}:role/App`;
const ROLE_X = `arn:aws:iam::${X}:role/Partner`;

const policyPrincipals = [
  '*',
  `arn:aws:iam::${A}:root`,
  A,
  `arn:aws:iam::${X}:root`,
  ROLE_A,
  `arn:aws:iam::${A}:role/Admin`,
  ROLE_X,
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:sts::${A}:assumed-role/App/s1`,
  `arn:aws:sts::${X}:assumed-role/Partner/p1`,
  `arn:aws:sts::${A}:federated-user/bob`,
];
const services = ['logs.amazonaws.com', 'cloudtrail.amazonaws.com'];

const callers = [
  `arn:aws:iam::${A}:root`,
  A,
  `arn:aws:iam::${X}:root`,
  ROLE_A,
  `arn:aws:sts::${A}:assumed-role/App/s1`,
  `arn:aws:sts::${A}:assumed-role/App/s2`,
  `arn:aws:sts::${A}:assumed-role/Admin/a1`,
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:iam::${A}:user/bob`,
  `arn:aws:sts::${X}:assumed-role/Partner/p1`,
  `arn:aws:sts::${X}:assumed-role/Partner/p2`,
  `arn:aws:iam::${X}:user/carol`,
  `arn:aws:sts::${Y}:assumed-role/Other/o1`,
  `arn:aws:sts::${A}:federated-user/bob`,
  'logs.amazonaws.com',
  'cloudtrail.amazonaws.com',
  's3.amazonaws.com',
  '*',
];

const policyActions = [
  'kms:*',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:Put*',
  'kms:PutKeyPolicy',
  'kms:Describe*',
  'kms:CreateGrant',
  'kms:Re*',
  'kms:GenerateDataKey*',
  'kms:RetireGrant',
  '*',
  'kms:decrypt',
];
const requestActions = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:PutKeyPolicy',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ReEncryptFrom',
  'kms:GenerateDataKey',
  'kms:RetireGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CreateKey',
  'kms:ListGrants',
];

interface KeySpec {
  readonly key: string;
  readonly ops: readonly string[];
  readonly values: readonly (string | number | boolean)[];
}

const conditionKeys: readonly KeySpec[] = [
  { key: 'kms:CallerAccount', ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringLike'], values: [A, X, '*'] },
  { key: 'aws:PrincipalAccount', ops: ['StringEquals', 'StringNotEquals', 'StringNotEqualsIfExists'], values: [A, X] },
  {
    key: 'aws:PrincipalOrgID',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'],
    values: ['o-1', 'o-2', 'true', 'false'],
  },
  {
    key: 'kms:ViaService',
    ops: ['StringEquals', 'StringLike', 'StringNotEquals'],
    values: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', '*.us-east-1.amazonaws.com'],
  },
  {
    key: 'aws:PrincipalArn',
    ops: ['ArnEquals', 'ArnLike', 'ArnNotLike', 'StringEquals', 'StringLike', 'StringNotEquals'],
    values: [ROLE_A, `arn:aws:iam::${X}:role/*`, `arn:aws:iam::${A}:*`, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/alice`],
  },
  { key: 'aws:SourceIp', ops: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'], values: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'] },
  {
    key: 'kms:EncryptionContext:Dept',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringLike', 'Null'],
    values: ['IT', 'it', 'Sales', 'true', 'false', '${aws:username}'],
  },
  {
    key: 'kms:EncryptionContextKeys',
    ops: ['ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringLike', 'Null'],
    values: ['Dept', 'Project', 'D*', 'true', 'false'],
  },
  { key: 'kms:GrantIsForAWSResource', ops: ['Bool', 'BoolIfExists'], values: [true, false, 'true', 'false'] },
  { key: 'aws:PrincipalTag/team', ops: ['StringEquals', 'StringNotEqualsIfExists', 'StringEqualsIgnoreCase'], values: ['blue', 'red', 'Blue'] },
  { key: 'aws:SourceAccount', ops: ['StringEquals', 'StringNotEquals'], values: [A, X] },
  { key: 'aws:CurrentTime', ops: ['DateLessThan', 'DateGreaterThanEquals', 'DateNotEquals'], values: ['2024-01-01T00:00:00Z', '1735689600'] },
  {
    key: 'aws:MultiFactorAuthAge',
    ops: ['NumericLessThan', 'NumericGreaterThan', 'NumericEquals', 'NumericLessThanEqualsIfExists'],
    values: [300, '3600', '10.5'],
  },
  { key: 'aws:username', ops: ['StringEquals', 'StringLike', 'StringNotEquals'], values: ['alice', 'b*'] },
  { key: 'aws:PrincipalType', ops: ['StringEquals', 'StringNotEquals'], values: ['AssumedRole', 'User', 'Account'] },
  {
    key: 'aws:CalledVia',
    ops: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'StringEquals'],
    values: ['athena.amazonaws.com', 'dynamodb.amazonaws.com'],
  },
  { key: 'kms:EncryptionContext:Project', ops: ['StringEquals', 'StringEqualsIfExists'], values: ['p1', '${aws:PrincipalTag/team}'] },
];

const conditionArb = fc
  .array(
    fc.record({
      spec: fc.constantFrom(...conditionKeys),
      opIndex: fc.nat(10),
      values: fc.array(fc.nat(10), { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 3 },
  )
  .map((items) => {
    const block: Record<string, Record<string, unknown>> = {};
    for (const { spec, opIndex, values } of items) {
      const op = spec.ops[opIndex % spec.ops.length]!;
      const vals = [...new Set(values.map((v) => spec.values[v % spec.values.length]!))];
      const list = op === 'Null' ? [vals.some((v) => String(v) === 'true') ? 'true' : 'false'] : op.startsWith('Bool') ? [vals[0]!] : vals;
      (block[op] ??= {})[spec.key] = list.length === 1 ? list[0] : list;
    }
    return block;
  });

const principalArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('*' as unknown) },
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...policyPrincipals.slice(1)), { minLength: 1, maxLength: 3 }).map((aws) => ({ AWS: aws }) as unknown) },
  { weight: 2, arbitrary: fc.constantFrom(...services).map((s) => ({ Service: s }) as unknown) },
  { weight: 1, arbitrary: fc.constant({ AWS: '*' } as unknown) },
);

const statementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    principal: principalArb,
    notPrincipalList: fc.array(fc.constantFrom(...policyPrincipals.slice(1), ...services), { minLength: 1, maxLength: 3 }),
    useNotPrincipal: fc.nat(9).map((n) => n === 0),
    actions: fc.array(fc.constantFrom(...policyActions), { minLength: 1, maxLength: 3 }),
    notAction: fc.nat(9).map((n) => n === 0),
    resource: fc.constantFrom('*', '*', '*', KEY, `arn:aws:kms:*:${A}:key/*`, `arn:aws:kms:us-east-1:${X}:key/*`),
    condition: conditionArb,
  })
  .map((s) => {
    const out: Record<string, unknown> = { Effect: s.effect };
    if (s.useNotPrincipal) {
      const list = s.notPrincipalList;
      out['NotPrincipal'] = {
        AWS: list.filter((p) => !p.endsWith('amazonaws.com')),
        ...(list.some((p) => p.endsWith('amazonaws.com')) ? { Service: list.filter((p) => p.endsWith('amazonaws.com')) } : {}),
      };
    } else out['Principal'] = s.principal;
    out[s.notAction ? 'NotAction' : 'Action'] = s.actions;
    out['Resource'] = s.resource;
    if (Object.keys(s.condition).length > 0) out['Condition'] = s.condition;
    return out;
  });

const grantArb: fc.Arbitrary<Grant> = fc
  .record({
    grantee: fc.constantFrom(ROLE_A, `arn:aws:iam::${A}:user/alice`, X, ROLE_X, `arn:aws:sts::${A}:assumed-role/App/s1`),
    operations: fc.array(fc.constantFrom('Decrypt', 'Encrypt', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKey'), { minLength: 1, maxLength: 3 }),
    constraints: fc.option(
      fc.oneof(
        fc.constant({ encryptionContextEquals: { Dept: 'IT' } }),
        fc.constant({ encryptionContextSubset: { Dept: 'IT' } }),
        fc.constant({ encryptionContextEquals: { Dept: 'IT', Project: 'p1' } }),
      ),
      { nil: undefined },
    ),
    retiringPrincipal: fc.option(fc.constantFrom(`arn:aws:iam::${A}:user/bob`, ROLE_X), { nil: undefined }),
  })
  .map((g) => {
    const out: Grant = { grantee: g.grantee, operations: g.operations };
    return { ...out, ...(g.constraints ? { constraints: g.constraints } : {}), ...(g.retiringPrincipal ? { retiringPrincipal: g.retiringPrincipal } : {}) };
  });

const contextArb = fc.record(
  {
    'aws:PrincipalOrgID': fc.constantFrom('o-1', 'o-2', ''),
    'kms:ViaService': fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'rds.us-east-1.amazonaws.com'),
    'aws:SourceIp': fc.constantFrom('203.0.113.9', '198.51.100.7', '2001:db8::5', '10.0.0.1'),
    'kms:GrantIsForAWSResource': fc.constantFrom(true, false, 'true'),
    'aws:PrincipalTag/team': fc.constantFrom('blue', 'red', 'BLUE'),
    'aws:SourceAccount': fc.constantFrom(A, X),
    'aws:MultiFactorAuthAge': fc.constantFrom(100, 3600, '10.5', 'x'),
    'aws:CalledVia': fc.constantFrom(['athena.amazonaws.com'], ['athena.amazonaws.com', 'dynamodb.amazonaws.com'], ['dynamodb.amazonaws.com']),
  },
  { requiredKeys: [] },
);

const requestArb = fc.record({
  principal: fc.constantFrom(...callers),
  action: fc.constantFrom(...requestActions),
  context: contextArb,
  encryptionContext: fc.option(
    fc.constantFrom<Record<string, string>>({ Dept: 'IT' }, { dept: 'IT' }, { Dept: 'Sales' }, { Dept: 'IT', Project: 'p1' }, { Project: 'blue' }, {}),
    { nil: undefined },
  ),
  iamAllows: fc.option(fc.boolean(), { nil: undefined }),
  time: fc.option(fc.constantFrom('2023-06-01T00:00:00Z', '2025-06-01T00:00:00Z'), { nil: undefined }),
});

const scenarioArb = fc.record({
  statements: fc.array(statementArb, { minLength: 1, maxLength: 5 }),
  version: fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17'),
  grants: fc.array(grantArb, { maxLength: 2 }),
  keyState: fc.constantFrom<KeyState>('Enabled', 'Enabled', 'Enabled', 'Enabled', 'Disabled', 'Unavailable', 'PendingDeletion'),
  keySpec: fc.constantFrom<string | undefined>(undefined, 'SYMMETRIC_DEFAULT', 'RSA_2048'),
  requests: fc.array(requestArb, { minLength: 1, maxLength: 6 }),
});

test('soundness: whoCan and evaluate never disagree (3,000 generated policies, up to 6 requests each)', () => {
  const seen = { allow: 0, deny: 0, conditional: 0, reasons: new Set<string>(), kinds: new Set<string>() };
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const text = JSON.stringify({ Version: s.version, Statement: s.statements });
      const policy = compile(text);
      const options = { account: A, key: KEY, region: 'us-east-1', grants: s.grants, keyState: s.keyState, ...(s.keySpec ? { keySpec: s.keySpec } : {}) };
      for (const r of s.requests) {
        const request: SimulationRequest = {
          principal: r.principal,
          action: r.action,
          key: KEY,
          context: r.context as Record<string, ContextValue>,
          grants: s.grants,
          keyState: s.keyState,
          ...(s.keySpec ? { keySpec: s.keySpec } : {}),
          ...(r.encryptionContext ? { encryptionContext: r.encryptionContext } : {}),
          ...(r.iamAllows !== undefined ? { iamAllows: r.iamAllows } : {}),
          ...(r.time ? { time: r.time } : {}),
        };
        const decision = evaluate(policy, request);
        const quick = evaluate(policy, request, {}, { explain: false });
        assert.equal(`${quick.decision}:${quick.reason}`, `${decision.decision}:${decision.reason}`, 'explain:false must decide the same');
        const result = whoCan(policy, [r.action], options);
        const admitted = admittingClasses(result, request);
        const agree = (decision.decision === 'allow') === admitted.length > 0;
        seen[decision.decision]++;
        seen.reasons.add(decision.reason);
        for (const c of admitted) {
          seen.kinds.add(c.kind);
          if (c.decision === 'conditional') seen.conditional++;
        }
        if (!agree) {
          assert.fail(
            `disagreement for ${r.principal} ${r.action}: evaluate=${decision.decision}/${decision.reason}, whoCan admits ${admitted.map((c) => `${c.kind}:${c.principal}`).join(', ') || 'nothing'}\n` +
              `policy: ${text}\nrequest: ${JSON.stringify(request)}\nclasses: ${JSON.stringify(result.classes.map((c) => ({ p: c.principal, k: c.kind, d: c.decision, a: c.actions })))}`,
          );
        }
      }
    }),
    { numRuns: 3000, seed: 20240601 },
  );
  // The generator must exercise both verdicts, every allow path and conditional residuals, or the property proves little.
  assert.ok(seen.allow > 500, `allows: ${seen.allow}`);
  assert.ok(seen.deny > 1000, `denies: ${seen.deny}`);
  assert.ok(seen.conditional > 200, `conditional admissions: ${seen.conditional}`);
  for (const r of [
    'explicit-deny',
    'key-policy',
    'iam-delegation',
    'grant',
    'implicit-deny',
    'no-delegation',
    'iam-missing',
    'cross-account-iam-missing',
    'not-cross-account',
    'key-state',
    'anonymous',
    'not-key-policy-action',
  ]) {
    assert.ok(seen.reasons.has(r), `reason never produced: ${r}`);
  }
  for (const k of ['account', 'principal', 'external-principal', 'external-account', 'service', 'everyone', 'grantee'])
    assert.ok(seen.kinds.has(k), `class kind never admitted: ${k}`);
});

test('soundness holds for randomly seeded runs too', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const policy = compile(JSON.stringify({ Version: s.version, Statement: s.statements }));
      const options = { account: A, key: KEY, grants: s.grants, keyState: s.keyState };
      for (const r of s.requests) {
        const request: SimulationRequest = {
          principal: r.principal,
          action: r.action,
          key: KEY,
          context: r.context as Record<string, ContextValue>,
          grants: s.grants,
          keyState: s.keyState,
          ...(r.iamAllows !== undefined ? { iamAllows: r.iamAllows } : {}),
          ...(r.encryptionContext ? { encryptionContext: r.encryptionContext } : {}),
        };
        const allowed = evaluate(policy, request).decision === 'allow';
        assert.equal(admittingClasses(whoCan(policy, [r.action], options), request).length > 0, allowed);
      }
    }),
    { numRuns: 500 },
  );
});

/** A denser generator: few keys, many Denies and NotPrincipals, so Allow and Deny conditions meet on one key. */
const focusedKeys: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalOrgID',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'],
    values: ['o-1', 'o-2', 'o-3'],
  },
  {
    key: 'kms:ViaService',
    ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIgnoreCase'],
    values: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'S3.us-east-1.amazonaws.com'],
  },
  { key: 'kms:CallerAccount', ops: ['StringEquals', 'StringNotEquals'], values: [A, X] },
  { key: 'aws:PrincipalArn', ops: ['ArnLike', 'ArnNotLike', 'ArnEquals'], values: [ROLE_A, `arn:aws:iam::${X}:*`, `arn:aws:iam::${A}:user/alice`] },
];

const focusedStatement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Deny'),
    principals: fc.array(
      fc.constantFrom('*', `arn:aws:iam::${A}:root`, ROLE_A, `arn:aws:sts::${A}:assumed-role/App/s1`, ROLE_X, X, `arn:aws:iam::${A}:user/alice`),
      { minLength: 1, maxLength: 3 },
    ),
    useNotPrincipal: fc.nat(2).map((n) => n === 0),
    action: fc.constantFrom('kms:Decrypt', 'kms:*', 'kms:PutKeyPolicy'),
    conditions: fc.array(fc.record({ spec: fc.constantFrom(...focusedKeys), op: fc.nat(4), values: fc.array(fc.nat(2), { minLength: 1, maxLength: 2 }) }), {
      maxLength: 2,
    }),
  })
  .map((s) => {
    const block: Record<string, Record<string, unknown>> = {};
    for (const c of s.conditions) {
      const op = c.spec.ops[c.op % c.spec.ops.length]!;
      block[op] ??= {};
      block[op]![c.spec.key] = op === 'Null' ? 'false' : [...new Set(c.values.map((v) => c.spec.values[v % c.spec.values.length]!))];
    }
    const principal = s.principals.includes('*') && !s.useNotPrincipal ? '*' : { AWS: s.principals.filter((p) => p !== '*') };
    return {
      Effect: s.effect,
      [s.useNotPrincipal ? 'NotPrincipal' : 'Principal']: principal,
      Action: s.action,
      Resource: '*',
      ...(s.conditions.length ? { Condition: block } : {}),
    };
  });

test('soundness on dense Allow/Deny/NotPrincipal mixes (2,000 policies)', () => {
  fc.assert(
    fc.property(
      fc.array(focusedStatement, { minLength: 2, maxLength: 6 }),
      fc.array(
        fc.record({
          principal: fc.constantFrom(...callers),
          action: fc.constantFrom('kms:Decrypt', 'kms:PutKeyPolicy'),
          org: fc.constantFrom('o-1', 'o-2', 'o-3', ''),
          via: fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', ''),
          iamAllows: fc.boolean(),
        }),
        { minLength: 4, maxLength: 8 },
      ),
      (statements, requests) => {
        const policy = compile(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
        for (const r of requests) {
          const request: SimulationRequest = {
            principal: r.principal,
            action: r.action,
            key: KEY,
            iamAllows: r.iamAllows,
            context: { 'aws:PrincipalOrgID': r.org, 'kms:ViaService': r.via },
          };
          const allowed = evaluate(policy, request).decision === 'allow';
          const admitted = admittingClasses(whoCan(policy, [r.action], { account: A, key: KEY }), request).length > 0;
          assert.equal(admitted, allowed, `${JSON.stringify(statements)}\n${JSON.stringify(request)}`);
        }
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
});

test('no policy text makes compile, evaluate or whoCan throw', () => {
  const statementish = fc.dictionary(
    fc.constantFrom('Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Sid', 'toString'),
    fc.oneof(
      fc.json(),
      fc.constantFrom('Allow', 'Deny', '*', 'kms:*', { AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, { toString: { a: 'b' } }),
    ),
  );
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.array(statementArb), fc.array(statementish)), (statements) => {
      const text = typeof statements === 'string' ? statements : JSON.stringify({ Version: '2012-10-17', Statement: statements });
      const policy = compile(text);
      evaluate(policy, {
        principal: `arn:aws:iam::${A}:user/alice`,
        action: 'kms:Decrypt',
        key: KEY,
        iamAllows: true,
        context: { 'aws:PrincipalOrgID': 'o-1' },
      });
      whoCan(policy, ['kms:Decrypt', 'kms:PutKeyPolicy'], { account: A, key: KEY });
    }),
    { numRuns: 1000 },
  );
});
