/**
 * The named who-can's soundness property: over generated accounts (users, groups, roles, inline and managed
 * policies, boundaries, tags, SCP and RCP levels, grants, key policies with and without delegation), for every
 * supplied principal, action and generated request context, the named answer's cell (allowed; conditional
 * and its residual holds for the request; denied) agrees with evaluate() given that principal's identity
 * policies, boundary, SCPs and the key account's RCPs. A disagreement in either direction fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile, evaluate, type SimulationRequest } from '../../../server/src/engine/simulate';
import { buildContext } from '../../../server/src/engine/simulate/context';
import { resolveKey } from '../../../server/src/engine/simulate/keyRef';
import { readCaller } from '../../../server/src/engine/simulate/principals';
import { residualHolds } from '../../../server/src/engine/simulate/residual/admits';
import { callerPolicies, readAuthorizationDetails, readOrganizations } from '../../../server/src/engine/iam';
import { joinCell } from '../../../server/src/engine/iam/join';
import { namedQuestion, subjectFor } from '../../../server/src/engine/iam/whoCanNamed';
import { A, ACTIONS, KEY, ROLES, USERS, authFiles, keyPolicyText, orgFile, scenarioArb, type Scenario } from './namedGenerators';

function contextFor(s: Scenario, arn: string, c: Scenario['contexts'][number], tags: Readonly<Record<string, string>>): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = { 'aws:SourceIp': c.ip };
  if (c.via) ctx['kms:ViaService'] = c.via;
  if (c.requestAlias) ctx['kms:RequestAlias'] = c.requestAlias;
  // A user's tags are its aws:PrincipalTag values; a role's session may carry any.
  if (arn.includes(':user/')) for (const [k, v] of Object.entries(tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  else if (c.team) ctx['aws:PrincipalTag/team'] = c.team;
  const keyTags = s.keyTags ?? (c.env ? { env: c.env } : {});
  for (const [k, v] of Object.entries(keyTags)) ctx[`aws:ResourceTag/${k}`] = v;
  const aliases = s.aliases ?? c.aliases;
  if (aliases.length > 0) ctx['kms:ResourceAliases'] = [...aliases];
  return ctx;
}

test('named who-can soundness: every cell agrees with evaluate() for generated accounts (400 scenarios)', () => {
  const seen = { allowed: 0, conditional: 0, denied: 0, holds: 0, fails: 0, reasons: new Set<string>() };
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const policyText = keyPolicyText(s);
      const policy = compile(policyText);
      const iam = readAuthorizationDetails(authFiles(s));
      const file = orgFile(s);
      const org = file ? readOrganizations([file]) : undefined;
      const grants = s.grants.map((g, i) => ({
        grantee: g.grantee,
        operations: g.ops,
        name: `grant${i}`,
        ...(g.retiring ? { retiringPrincipal: g.retiring } : {}),
      }));
      const options = {
        key: KEY,
        iam,
        ...(org ? { org } : {}),
        ...(s.keyTags ? { tags: s.keyTags } : {}),
        ...(s.aliases ? { aliases: s.aliases } : {}),
        grants,
      };
      const q = namedQuestion(policy, [...ACTIONS], options);
      const key = resolveKey({ key: KEY });
      for (const account of iam.accounts.values()) {
        for (const p of [{ root: account.account } as const, ...account.principals]) {
          const subject = subjectFor(q, p, org);
          const tags = 'root' in p ? {} : p.tags;
          const callers = 'root' in p ? [account.account] : p.kind === 'role' ? [p.arn, `arn:aws:sts::${p.account}:assumed-role/${p.name}/s1`] : [p.arn];
          q.gates.forEach((gates, i) => {
            const cell = joinCell(q.cache, subject, q.target, gates);
            seen[cell.decision]++;
            if (cell.residual.tooComplex) return;
            for (const principal of callers) {
              for (const c of s.contexts) {
                const request: SimulationRequest = {
                  principal,
                  action: q.actions[i]!,
                  key: KEY,
                  context: contextFor(s, subject.arn, c, tags),
                  grants,
                  ...callerPolicies(iam, org, principal, A),
                };
                const decision = evaluate(policy, request, {}, { explain: false });
                seen.reasons.add(decision.reason);
                const caller = readCaller(principal);
                const ctx = buildContext(caller, { account: A, region: 'us-east-1' }, request.context, undefined, undefined);
                const holds =
                  cell.decision === 'allowed' || (cell.decision === 'conditional' && residualHolds(cell.residual, { caller, ctx, lookup: ctx, key }));
                if (cell.decision === 'conditional') seen[holds ? 'holds' : 'fails']++;
                if (holds !== (decision.decision === 'allow')) {
                  assert.fail(
                    `disagreement for ${principal} ${q.actions[i]}: evaluate=${decision.decision}/${decision.reason} (${decision.summary}), cell=${cell.decision} (${cell.reason})\n` +
                      `key policy: ${policyText}\ncontext: ${JSON.stringify(request.context)}\nscenario: ${JSON.stringify(s)}`,
                  );
                }
              }
            }
          });
        }
      }
    }),
    { numRuns: 400, seed: 1717 },
  );
  // The generator must reach every verdict and the interesting reasons, or the property proves little.
  assert.ok(seen.allowed > 300, `allowed cells: ${seen.allowed}`);
  assert.ok(seen.denied > 1000, `denied cells: ${seen.denied}`);
  assert.ok(seen.holds > 100 && seen.fails > 100, `conditional cells held ${seen.holds}, failed ${seen.fails}`);
  for (const r of [
    'explicit-deny',
    'key-policy',
    'iam-delegation',
    'grant',
    'iam-missing',
    'cross-account-iam-missing',
    'guardrail',
    'boundary',
    'not-key-policy-action',
  ])
    assert.ok(seen.reasons.has(r), `reason never produced: ${r}`);
  void USERS;
  void ROLES;
});
