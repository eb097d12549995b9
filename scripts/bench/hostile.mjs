// Worst cases (issue 15): the adversarial policy families of lib/hostile.mjs at the KMS limit (32 KB), each
// fully linted and asked who can do every action (kms:*, compiled afresh each time, as after an edit). Also
// KP118 alone on a 20,000-item Action list, ten times what KMS accepts, where comparing every pair took seconds.

export const title = 'Adversarial policies at 32 KB (median of single calls; who-can includes compiling)';

const A = '111122223333';
const OPTIONS = { account: A, key: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };

function conditionCount(statements) {
  return statements.reduce((n, st) => n + Object.values(st.Condition ?? {}).reduce((m, block) => m + Object.keys(block).length, 0), 0);
}

export async function run(ctx) {
  const engine = await ctx.engine();
  const { HOSTILE_FAMILIES, fitHostile, hostilePolicy } = await import('./lib/hostile.mjs');
  const service = engine.createPolicyService({ context: { account: A, region: 'us-east-1' } });
  const timing = { warmup: 2, minRuns: 7, minMs: 1500, maxRuns: 40 };
  let worstLint = 0;
  let worstWhoCan = 0;
  for (const family of Object.keys(HOSTILE_FAMILIES)) {
    const { n, text } = fitHostile(family, 32768);
    const statements = JSON.parse(text).Statement;
    const result = engine.whoCan(engine.compile(text), ['kms:*'], OPTIONS);
    const complex = result.classes.filter((c) => c.residual.tooComplex).length;
    console.log(
      `  ${family} (n=${n}): ${Buffer.byteLength(text, 'utf8')} bytes, ${statements.length} statements, ${conditionCount(statements)} conditions; ` +
        `who-can kms:*: ${result.classes.length} rows, ${complex} too complex to list`,
    );
    const lint = ctx.timeSync(() => service.lint(service.parse(text)), timing).median;
    const whoCan = ctx.timeSync(() => engine.whoCan(engine.compile(text), ['kms:*'], OPTIONS), timing).median;
    worstLint = Math.max(worstLint, lint);
    worstWhoCan = Math.max(worstWhoCan, whoCan);
    ctx.record(`hostile.${family}.full-lint`, lint, 'ms', { op: '<=', value: 250 });
    ctx.record(`hostile.${family}.who-can-all-actions`, whoCan, 'ms', { op: '<=', value: 500 });
  }
  ctx.record('hostile.worst.full-lint', worstLint, 'ms', { op: '<=', value: 250 });
  ctx.record('hostile.worst.who-can-all-actions', worstWhoCan, 'ms', { op: '<=', value: 500 });

  const long = hostilePolicy('many-actions', 20000);
  console.log(`  many-actions (n=20000): ${Buffer.byteLength(long, 'utf8')} bytes, one Action list of 20,000 items`);
  const kp118 = engine.createPolicyService(
    { context: { account: A } },
    engine.ALL_RULES.filter((r) => r.code === 'KP118'),
  );
  const doc = kp118.parse(long);
  ctx.record('hostile.many-actions.20000-items.kp118', ctx.timeSync(() => kp118.lint(doc), { warmup: 1, minRuns: 5, minMs: 1000, maxRuns: 20 }).median, 'ms');
}
