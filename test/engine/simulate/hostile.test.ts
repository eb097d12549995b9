/**
 * The soundness property (who-can ⇔ evaluate, soundness.test.ts) on the adversarial families of issue 15, at
 * small sizes: many Denies with conditions, one wide Deny, many conditional Allows, many principals, many
 * actions, many statements (scripts/bench/lib/hostile.mjs, the generators the benchmark measures at 32 KB).
 * And the work budget: however small, an answer stays exact, and a row is allowed or denied only when the
 * full analysis says so too.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import {
  admittingClasses,
  compile,
  evaluate,
  principalJson,
  renderWhoCan,
  whoCan,
  type ContextValue,
  type PrincipalClass,
  type SimulationRequest,
  type WhoCanResult,
} from '../../../server/src/engine/simulate';

type HostileModule = typeof import('../../../scripts/bench/lib/hostile.mjs');

/** The project root (this file compiles to out/test/engine/simulate/hostile.test.js). */
const root = path.resolve(__dirname, '..', '..', '..', '..');
let hostile: HostileModule;
before(async () => {
  hostile = (await import(pathToFileURL(path.join(root, 'scripts', 'bench', 'lib', 'hostile.mjs')).href)) as HostileModule;
});

const A = '111122223333';
const X = '444455556666';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:PutKeyPolicy',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ScheduleKeyDeletion',
  'kms:ListGrants',
  'kms:RetireGrant',
];
const OPTIONS = { account: A, key: KEY, region: 'us-east-1' };

/** Sizes small enough for thousands of runs, large enough to reach the code the families stress. */
const SIZES: Readonly<Record<string, readonly [number, number]>> = {
  'many-denies': [1, 2],
  'wide-deny': [1, 40],
  'many-allows': [2, 10],
  'many-principals': [5, 40],
  'many-actions': [5, 60],
  'many-statements': [2, 24],
};

/** The callers a generated policy can be asked about: the roles it names (and their sessions), and strangers. */
function callers(text: string): string[] {
  const named = [...new Set(text.match(/arn:aws:iam::\d{12}:role\/[\w*-]+/g) ?? [])].filter((r) => !r.includes('*'));
  const sessions = named.map((r) => r.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/s1');
  return [
    ...named.slice(0, 8),
    ...sessions.slice(0, 8),
    `arn:aws:iam::${A}:user/alice`,
    `arn:aws:sts::${A}:assumed-role/other/s`,
    `arn:aws:iam::${X}:root`,
    `arn:aws:sts::${X}:assumed-role/partner/p`,
    `arn:aws:iam::${A}:root`,
    'logs.amazonaws.com',
  ];
}

/**
 * A request context drawn from the values the families test (HOSTILE_VALUES), and the wide Deny's keys. Keys
 * the simulator derives (aws:SecureTransport is always true for KMS) are left to it, as in soundness.test.ts.
 */
function contextArb(): fc.Arbitrary<Record<string, ContextValue>> {
  const V = hostile.HOSTILE_VALUES;
  const tag = fc.integer({ min: 0, max: V.tags - 1 }).map((i) => `aws:PrincipalTag/t${i}`);
  const wide = fc.integer({ min: 0, max: 39 }).chain((i) => fc.tuple(fc.constant(`aws:PrincipalTag/w${i}`), fc.constantFrom(`v${i}`, `v${i}x`, 'other')));
  return fc
    .record({
      base: fc.record(
        {
          'aws:PrincipalOrgID': fc.constantFrom(...V.org, ''),
          'kms:ViaService': fc.constantFrom(...V.via),
          'aws:PrincipalTag/team': fc.constantFrom(...V.team),
          'aws:SourceVpce': fc.constantFrom(...V.vpce),
          'aws:SourceIp': fc.constantFrom('203.0.113.9', '198.51.100.7', '192.0.2.1', '10.0.0.1'),
          'aws:MultiFactorAuthAge': fc.constantFrom(100, 700, 2000),
        },
        { requiredKeys: [] },
      ),
      tags: fc.array(fc.tuple(tag, fc.constantFrom(...V.tagValues)), { maxLength: 6 }),
      wide: fc.array(wide, { maxLength: 3 }),
    })
    .map(({ base, tags, wide }) => ({ ...base, ...Object.fromEntries(tags), ...Object.fromEntries(wide) }) as Record<string, ContextValue>);
}

function requestArb(principals: readonly string[]): fc.Arbitrary<SimulationRequest> {
  return fc
    .record({
      principal: fc.constantFrom(...principals),
      action: fc.constantFrom(...ACTIONS),
      context: contextArb(),
      tenant: fc.option(fc.constantFrom(...hostile.HOSTILE_VALUES.tenant), { nil: undefined }),
      iamAllows: fc.boolean(),
    })
    .map((r) => ({
      principal: r.principal,
      action: r.action,
      key: KEY,
      context: r.context,
      iamAllows: r.iamAllows,
      ...(r.tenant ? { encryptionContext: { tenant: r.tenant } } : {}),
    }));
}

/** A family's policy of a random size within SIZES, with requests about it. */
function scenarioArb(family: string): fc.Arbitrary<{ text: string; requests: SimulationRequest[] }> {
  const [min, max] = SIZES[family]!;
  return fc
    .record({ n: fc.integer({ min, max }), seed: fc.integer({ min: 1, max: 1_000_000 }) })
    .map(({ n, seed }) => hostile.hostilePolicy(family, n, seed))
    .chain((text) => fc.record({ text: fc.constant(text), requests: fc.array(requestArb(callers(text)), { minLength: 4, maxLength: 12 }) }));
}

/** Asserts who-can ⇔ evaluate for every request. */
function agrees(text: string, result: WhoCanResult, requests: readonly SimulationRequest[], counts: { allow: number; deny: number }): void {
  const policy = compile(text);
  for (const request of requests) {
    const allowed = evaluate(policy, request).decision === 'allow';
    const admitted = admittingClasses(result, request);
    if (allowed) counts.allow++;
    else counts.deny++;
    assert.equal(
      admitted.length > 0,
      allowed,
      `${request.principal} ${request.action}: evaluate ${allowed ? 'allows' : 'denies'}, who-can admits ${admitted.map((c) => c.principal).join(', ') || 'nobody'}\npolicy: ${text}\nrequest: ${JSON.stringify(request)}`,
    );
  }
}

for (const family of ['many-denies', 'wide-deny', 'many-allows', 'many-principals', 'many-actions', 'many-statements']) {
  test(`soundness on the ${family} family (small sizes)`, () => {
    const counts = { allow: 0, deny: 0 };
    fc.assert(
      fc.property(scenarioArb(family), ({ text, requests }) => agrees(text, whoCan(compile(text), ACTIONS, OPTIONS), requests, counts)),
      { numRuns: 150, seed: family.length * 7919 },
    );
    // The requests must reach both verdicts, or the property proves little.
    assert.ok(counts.allow > 10 && counts.deny > 10, JSON.stringify(counts));
  });
}

/** Rows by class and action, with their decisions. */
function decisions(result: WhoCanResult): Map<string, PrincipalClass['decision']> {
  const out = new Map<string, PrincipalClass['decision']>();
  for (const c of result.classes) for (const a of c.actions) out.set(`${c.kind}|${c.principal}|${a}`, c.decision);
  return out;
}

test('a forced-small budget: rows become "too complex" but stay exact, and never allowed or denied unless they are', () => {
  let complex = 0;
  fc.assert(
    fc.property(
      fc.constantFrom('many-denies', 'many-principals', 'many-allows', 'wide-deny').chain(scenarioArb),
      fc.constantFrom(0, 50, 2_000),
      ({ text, requests }, budget) => {
        const full = whoCan(compile(text), ACTIONS, OPTIONS);
        const small = whoCan(compile(text), ACTIONS, { ...OPTIONS, budget });
        agrees(text, small, requests, { allow: 0, deny: 0 });
        const exact = decisions(full);
        for (const c of small.classes) {
          if (c.residual.tooComplex) {
            complex++;
            assert.notEqual(c.decision, 'allow', 'a row whose conditions were not simplified is never allowed outright');
          }
          // Allowed or denied with a small budget: allowed or denied with the full one too.
          for (const a of c.actions)
            if (c.decision !== 'conditional') assert.equal(exact.get(`${c.kind}|${c.principal}|${a}`), c.decision, `${c.principal} ${a}`);
        }
      },
    ),
    { numRuns: 200, seed: 15 },
  );
  assert.ok(complex > 100, `rows marked too complex: ${complex}`);
});

test('a budget of zero: every row a Deny touches is conditional and marked too complex; the JSON and the table say so', () => {
  const text = hostile.hostilePolicy('many-denies', 2, 3);
  const result = whoCan(compile(text), ['kms:Decrypt'], { ...OPTIONS, budget: 0 });
  const marked = result.classes.filter((c) => c.residual.tooComplex);
  assert.ok(marked.length > 0);
  for (const c of marked) {
    assert.equal(c.decision, 'conditional');
    assert.deepEqual(
      { ...principalJson(c), statements: [] },
      {
        principal: c.principal,
        kind: c.kind,
        decision: 'conditional',
        statements: [],
        actions: c.actions,
        requires: c.requires,
        conditions: [],
        tooComplex: true,
      },
    );
  }
  assert.match(renderWhoCan(result), /\(conditions too complex to list\)/);
});
