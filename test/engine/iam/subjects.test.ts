/**
 * The join's subjects share their population's facts (one map for all the roles of an account, one per user)
 * through a question's cache, and keep their own: their ARN, a user's tags, the resource's facts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fact } from '../../../server/src/engine/simulate/residual/population';
import { subjectFacts } from '../../../server/src/engine/iam/subjects';
import { A, X } from './iamFixtures';

const KEY = { account: A, region: 'us-east-1', keySpec: undefined, keyUsage: undefined };
const role = (account: string, name: string) => ({ kind: 'role', account, role: name }) as const;
const user = (account: string, name: string) =>
  ({ kind: 'exact', caller: { kind: 'user', account, partition: 'aws', name, arn: `arn:aws:iam::${account}:user/${name}` } }) as const;
const show = (f: Fact | undefined): string => (f === undefined ? '?' : f.kind === 'values' ? JSON.stringify(f.values ?? null) : `in ${f.account}`);

test('subjects sharing a cache keep their own facts', () => {
  const shared = new Map<string, ReadonlyMap<string, Fact>>();
  const facts = {
    r1: subjectFacts(role(A, 'R1'), KEY, `arn:aws:iam::${A}:role/R1`, undefined, {}, shared),
    r2: subjectFacts(role(A, 'R2'), KEY, `arn:aws:iam::${A}:role/R2`, undefined, { tags: { env: 'prod' } }, shared),
    rx: subjectFacts(role(X, 'RX'), KEY, `arn:aws:iam::${X}:role/RX`, undefined, {}, shared),
    alice: subjectFacts(user(A, 'alice'), KEY, `arn:aws:iam::${A}:user/alice`, { team: 'blue' }, {}, shared),
    bob: subjectFacts(user(A, 'bob'), KEY, `arn:aws:iam::${A}:user/bob`, {}, { aliases: [] }, shared),
  };
  // [subject, condition key, the fact expected]
  const cases: readonly [keyof typeof facts, string, string][] = [
    ['r1', 'aws:principalarn', `["arn:aws:iam::${A}:role/R1"]`],
    ['r2', 'aws:principalarn', `["arn:aws:iam::${A}:role/R2"]`],
    ['r1', 'aws:principalaccount', `["${A}"]`],
    ['rx', 'aws:principalaccount', `["${X}"]`],
    ['r1', 'aws:resourcetag/env', '?'],
    ['r2', 'aws:resourcetag/env', '["prod"]'],
    ['r2', 'aws:resourcetag/team', 'null'],
    ['r1', 'aws:principaltag/team', '?'],
    ['alice', 'aws:principaltag/team', '["blue"]'],
    ['bob', 'aws:principaltag/team', 'null'],
    ['alice', 'aws:username', '["alice"]'],
    ['bob', 'aws:username', '["bob"]'],
    ['bob', 'kms:resourcealiases', 'null'],
    ['alice', 'kms:resourcealiases', '?'],
    ['alice', 'aws:resourceaccount', `["${A}"]`],
  ];
  for (const [who, key, expected] of cases) assert.equal(show(facts[who].get(key)), expected, `${who} ${key}`);
  // One map for the roles of each account, one per user.
  assert.equal(shared.size, 4);
  // Each key once, the subject's own value first.
  const keys = [...facts.r1.keys()];
  assert.equal(keys.length, new Set(keys).size);
  assert.equal(facts.r1.size, keys.length);
  assert.equal(show(new Map(facts.r1.entries()).get('aws:principalarn')), `["arn:aws:iam::${A}:role/R1"]`);
});
