// Parse and lint in one process: JSON.parse (the floor), the engine's parse, the engine's full lint
// (parse + every rule), and vscode-json-languageservice validating the same text against
// schemas/key-policy.schema.json (what a schema-only extension would do). Median of single calls.
import fs from 'node:fs';
import path from 'node:path';

export const title = 'Parse and lint, one process (median of single calls; JSON.parse, parse and lint in alternating batches)';

/** Sets up vscode-json-languageservice with the key-policy schema; returns validate(text) => Promise<Diagnostic[]>. */
function schemaValidator(ctx) {
  const jls = ctx.require('vscode-json-languageservice');
  const schema = JSON.parse(fs.readFileSync(path.join(ctx.root, 'schemas', 'key-policy.schema.json'), 'utf8'));
  const service = jls.getLanguageService({});
  service.configure({
    validate: true,
    allowComments: false,
    schemas: [{ uri: 'kms-key-policy:/key-policy.schema.json', fileMatch: ['*.json'], schema }],
  });
  return (doc) => service.doValidation(doc, service.parseJSONDocument(doc));
}

export async function run(ctx) {
  const engine = await ctx.engine();
  const service = engine.createPolicyService({ context: { account: '111122223333', region: 'us-east-1' } });
  const jls = ctx.require('vscode-json-languageservice');
  const validate = schemaValidator(ctx);

  // The schema figure means something only if the schema is really applied: a flawed policy must fail.
  const flawed = jls.TextDocument.create('file:///bench/flawed.json', 'json', 1, ctx.policies.generateFlawedPolicy(4000, 3));
  if ((await validate(flawed)).length === 0) throw new Error('vscode-json-languageservice did not apply schemas/key-policy.schema.json');
  console.log(`  rule pack: ${engine.ALL_RULES.length} rules`);

  const cases = [
    ['32kb', ctx.policies.generatePolicy(32768, 1)],
    ['2kb', ctx.policies.typicalPolicy()],
  ];
  for (const [label, text] of cases) {
    const bytes = Buffer.byteLength(text, 'utf8');
    const findings = service.lint(service.parse(text)).findings.length;
    const doc = jls.TextDocument.create(`file:///bench/${label}.json`, 'json', 1, text);
    const schemaProblems = (await validate(doc)).length;
    console.log(`  ${label}: ${bytes} bytes, ${JSON.parse(text).Statement.length} statements, ${findings} findings, ${schemaProblems} schema problems`);

    // The first calls of a fresh process run unoptimised code: measured apart, on 200 calls, then everything
    // is measured warm (as in an editor after a few keystrokes, or a CLI run a few files in).
    const cold = ctx.timeSync(() => service.lint(service.parse(text)), { warmup: 0, minRuns: 200, minMs: 0, maxRuns: 200 });
    // JSON.parse, our parse and our lint are timed in alternating batches, so that the ratios compare medians
    // taken at the same machine speed (it drifts by up to 2x over seconds here); within a batch each runs
    // hot, as when timed alone.
    const [floor, parse, lint] = ctx.timeInterleaved([() => JSON.parse(text), () => service.parse(text), () => service.lint(service.parse(text))], {
      warmupMs: 1500,
    });
    const schema = await ctx.timeAsync(() => validate(doc));

    const strict = label === '32kb';
    ctx.record(`lint.${label}.json-parse`, floor.median, 'ms');
    ctx.record(`lint.${label}.engine-parse`, parse.median, 'ms');
    ctx.record(`lint.${label}.full-lint`, lint.median, 'ms', strict ? { op: '<=', value: 2 } : undefined);
    ctx.record(`lint.${label}.full-lint.mean`, lint.mean, 'ms');
    ctx.record(`lint.${label}.full-lint.first-200-calls`, cold.median, 'ms');
    ctx.record(`lint.${label}.jls-schema-validate`, schema.median, 'ms');
    ctx.record(`lint.${label}.engine-parse-vs-json-parse`, parse.median / floor.median, 'x');
    if (strict) {
      // The same figure over 100 different 32 KB policies in turn: patterns, conditions and action lists are
      // compiled once per distinct text and shared, and re-linting one text finds them all compiled.
      const texts = Array.from({ length: 100 }, (_, i) => ctx.policies.generatePolicy(32768, i + 2));
      let next = 0;
      const distinct = ctx.timeSync(() => service.lint(service.parse(texts[next++ % texts.length])), { warmupMs: 2000 });
      ctx.record(`lint.${label}.full-lint.100-distinct-policies`, distinct.median, 'ms');
    }
    ctx.record(`lint.${label}.full-lint-vs-json-parse`, lint.median / floor.median, 'x', strict ? { op: '<=', value: 20 } : undefined);
    ctx.record(`lint.${label}.full-lint-vs-jls-schema-validate`, lint.median / schema.median, 'x');
  }
}
