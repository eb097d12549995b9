// Worst cases (issue 15): the adversarial policy families of lib/hostile.mjs at the KMS limit (32 KB), each
// fully linted and asked who can do every action (kms:*, compiled afresh each time, as after an edit). Also
// KP118 alone on the longest Action list the engine analyses (64 KB, 3,300 items), where comparing every pair took a second.

export const title = 'Adversarial policies at 32 KB (median of single calls; who-can includes compiling)';

const A = '111122223333';
const OPTIONS = { account: A, key: `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };

function conditionCount(statements) {
  return statements.reduce((n, st) => n + Object.values(st.Condition ?? {}).reduce((m, block) => m + Object.keys(block).length, 0), 0);
}

export async function run(ctx) {
  const engine = await ctx.engine();
  const { HOSTILE_FAMILIES, fitHostile } = await import('./lib/hostile.mjs');
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

  // The largest document the engine analyses (64 KB; beyond it only the structure is read): KP118 alone.
  const long = fitHostile('many-actions', 65536);
  const items = JSON.parse(long.text).Statement[1].Action.length;
  console.log(`  many-actions (n=${long.n}): ${Buffer.byteLength(long.text, 'utf8')} bytes, one Action list of ${items} items`);
  const kp118 = engine.createPolicyService(
    { context: { account: A } },
    engine.ALL_RULES.filter((r) => r.code === 'KP118'),
  );
  const doc = kp118.parse(long.text);
  if (kp118.lint(doc).findings.length === 0) throw new Error('KP118 found nothing: the document was not analysed');
  ctx.record('hostile.many-actions.64kb.kp118', ctx.timeSync(() => kp118.lint(doc), { warmup: 2, minRuns: 10, minMs: 1000, maxRuns: 50 }).median, 'ms');
}
