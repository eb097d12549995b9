/**
 * The documented scenarios in test/fixtures/simulate: every request gets the documented decision, every
 * who-can question the documented classes, and whoCan agrees with evaluate on each request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  admittingClasses,
  compile,
  evaluate,
  principalJson,
  whoCan,
  type Grant,
  type SimulationRequest,
  type WhoCanOptions,
  type WhoCanResult,
} from '../../../server/src/engine/simulate';

const DIR = path.resolve(__dirname, '../../../../test/fixtures/simulate');

interface Fixture {
  readonly title: string;
  readonly source: string;
  readonly key: string;
  readonly policy: unknown;
  readonly grants?: Grant[];
  readonly cases: { name: string; request: Omit<SimulationRequest, 'key'>; expect: string }[];
  readonly whoCan: { actions: string[]; options?: WhoCanOptions; expect: string[] }[];
}

function rows(r: WhoCanResult): string[] {
  return r.classes.map((c) => {
    const j = principalJson(c);
    const conds = j.conditions.map((alt) => alt.map((x) => `${x.operator} ${x.key}=${x.values.join(',')}`).join(' & ')).join(' | ');
    return `${j.principal}|${j.kind}|${j.decision}${conds ? `|${conds}` : ''}`;
  });
}

const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there is a fixture for each documented scenario', () => {
  assert.deepEqual(files, [
    'aws-managed-key.json',
    'console-default.json',
    'cross-account.json',
    'default-policy.json',
    'encryption-context.json',
    'grant-for-aws-resource.json',
    'grants-and-key-state.json',
    'principal-org-id.json',
    'service-principal-source-arn.json',
    'via-service.json',
  ]);
});

for (const file of files) {
  const fx = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
  test(`${file}: ${fx.title}`, () => {
    assert.ok(fx.source.length > 20, 'every fixture cites its source');
    const policy = compile(JSON.stringify(fx.policy));
    for (const c of fx.cases) {
      const request: SimulationRequest = { ...c.request, key: fx.key, ...(fx.grants ? { grants: fx.grants } : {}) };
      const d = evaluate(policy, request);
      assert.equal(`${d.decision}:${d.reason}`, c.expect, `${c.name}: ${d.summary}`);
      const options: WhoCanOptions = {
        key: fx.key,
        ...(fx.grants ? { grants: fx.grants } : {}),
        ...(request.keyState ? { keyState: request.keyState } : {}),
      };
      const admitted = admittingClasses(whoCan(policy, [request.action], options), request).length > 0;
      assert.equal(admitted, d.decision === 'allow', `${c.name}: whoCan and evaluate disagree`);
    }
    for (const q of fx.whoCan) {
      const r = whoCan(policy, q.actions, { key: fx.key, ...(fx.grants ? { grants: fx.grants } : {}), ...q.options });
      assert.deepEqual(rows(r), q.expect, `who can ${q.actions.join(', ')}`);
    }
  });
}
