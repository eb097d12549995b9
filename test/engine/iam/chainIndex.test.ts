/**
 * The role-chain search's index of assumers is sound: over generated accounts (users and roles of two accounts,
 * sts:AssumeRole allows and denies on various Resources, NotAction and NotResource, permission boundaries
 * supplied, cutting or missing, groups, trust policies naming accounts, users, roles and sessions), every
 * principal the index leaves out of a role's candidates is one the join denies sts:AssumeRole on that role.
 * Were it not, the search would silently miss chains. Trust policies admitting everyone ("*") are left out here:
 * the search asks only principals with an sts:AssumeRole allow of their own about them (chains.test.ts has
 * their examples).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../../server/src/engine/simulate';
import { readAuthorizationDetails } from '../../../server/src/engine/iam';
import { assumeEdge, roleTarget, trustCandidates } from '../../../server/src/engine/iam/chains';
import { namedQuestion } from '../../../server/src/engine/iam/whoCanNamed';
import { A, X, KEY, account, keyPolicy } from './iamFixtures';

const USERS = [`${A}/u1`, `${A}/u2`, `${X}/x1`];
const ROLES = [`${A}/R1`, `${A}/R2`, `${X}/RX`];
const arn = (kind: string, who: string): string => `arn:aws:iam::${who.replace('/', `:${kind}/`)}`;

const stsStatementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    action: fc.constantFrom<unknown>('sts:AssumeRole', 'sts:*', '*', 'kms:Decrypt', ['s3:GetObject', 'sts:Assume*']),
    notAction: fc.nat(6).map((n) => n === 0),
    resource: fc.constantFrom(
      '*',
      `arn:aws:iam::${A}:role/R*`,
      arn('role', ROLES[0]!),
      arn('role', ROLES[1]!),
      arn('role', ROLES[2]!),
      `arn:aws:iam::*:role/R?`,
      'arn:aws:iam::${aws:PrincipalAccount}:role/*',
    ),
    notResource: fc.nat(6).map((n) => n === 0),
  })
  .map((s) => ({
    Effect: s.effect,
    [s.notAction ? 'NotAction' : 'Action']: s.notAction ? 'iam:*' : s.action,
    [s.notResource ? 'NotResource' : 'Resource']: s.resource,
  }));
const documentArb = fc.array(stsStatementArb, { minLength: 1, maxLength: 2 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const TRUSTED = [`arn:aws:iam::${A}:root`, `arn:aws:iam::${X}:root`, ...USERS.map((u) => arn('user', u)), ...ROLES.map((r) => arn('role', r))];
const trustArb = fc
  .record({
    principals: fc.array(fc.constantFrom(...TRUSTED, `arn:aws:sts::${A}:assumed-role/R1/s1`), { minLength: 1, maxLength: 2 }),
    condition: fc.boolean(),
    deny: fc.option(fc.constantFrom(...TRUSTED), { nil: undefined }),
  })
  .map((t) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: t.principals },
        Action: 'sts:AssumeRole',
        ...(t.condition ? { Condition: { StringEquals: { 'sts:ExternalId': 'x1' } } } : {}),
      },
      ...(t.deny ? [{ Effect: 'Deny', Principal: { AWS: t.deny }, Action: 'sts:AssumeRole' }] : []),
    ],
  }));

const holdingArb = fc.record({
  inline: fc.array(documentArb, { maxLength: 2 }),
  // A boundary: one of the account's two, or one whose document was not supplied.
  boundary: fc.option(fc.constantFrom('B0', 'B1', 'Missing'), { nil: undefined }),
  group: fc.boolean(),
  trust: trustArb,
});

const scenarioArb = fc.record({
  principals: fc.array(holdingArb, { minLength: 6, maxLength: 6 }),
  boundaries: fc.array(documentArb, { minLength: 2, maxLength: 2 }),
  group: documentArb,
});

test('the chain index leaves out only principals the join denies sts:AssumeRole (300 accounts)', () => {
  const seen = { pairs: 0, leftOut: 0, edges: 0, cutByBoundary: 0 };
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const files = [A, X].map((id) => {
        const users: Record<string, object> = {};
        const roles: Record<string, object> = {};
        [...USERS, ...ROLES].forEach((who, i) => {
          if (!who.startsWith(id)) return;
          const h = s.principals[i]!;
          const holder = { inline: h.inline, ...(h.boundary ? { boundary: h.boundary } : {}), ...(h.group ? { groups: ['g'] } : {}), trust: h.trust };
          (i < USERS.length ? users : roles)[who.slice(who.indexOf('/') + 1)] = holder;
        });
        return account(id, { users, roles, groups: { g: s.group } }, { B0: s.boundaries[0]!, B1: s.boundaries[1]! });
      });
      const iam = readAuthorizationDetails(files);
      const q = namedQuestion(compile(keyPolicy()), ['kms:Decrypt'], { key: KEY, iam });
      const everyone = [...iam.accounts.values()].flatMap((a) => a.principals);
      for (const role of everyone.filter((p) => p.kind === 'role')) {
        const target = roleTarget(role, role.trust!.compiled!(), q.partition, undefined);
        const candidates = new Set(trustCandidates(iam, role, target));
        for (const p of everyone) {
          if (p === role) continue;
          seen.pairs++;
          const edge = assumeEdge(q, undefined, p, role, target);
          if (edge.decision !== 'denied') seen.edges++;
          if (candidates.has(p)) continue;
          seen.leftOut++;
          if (p.boundary) seen.cutByBoundary++;
          assert.equal(
            edge.decision,
            'denied',
            `${p.arn} was left out of ${role.name}'s candidates but the join says ${edge.decision} (${edge.reason})\nscenario: ${JSON.stringify(s)}`,
          );
        }
      }
    }),
    { numRuns: 300, seed: 1717 },
  );
  // The generator must reach both sides of the index, boundaries included, or the property proves little.
  assert.ok(seen.edges > 300, `edges the join allows: ${seen.edges}`);
  assert.ok(seen.leftOut > 1000, `pairs left out: ${seen.leftOut}`);
  assert.ok(seen.cutByBoundary > 300, `pairs left out holding a boundary: ${seen.cutByBoundary}`);
});
