/**
 * KP506: principals other than the account that can both use the key and rewrite its policy (kms:PutKeyPolicy
 * with cryptographic operations), judged on their effective rights under the whole policy (simulate/rights.ts):
 * a role given the administrators' actions in one statement and key use in another is a full-access
 * principal; `Principal: "*"` narrowed by aws:PrincipalArn gives the roles it names; a Deny that reserves
 * kms:Put*, kms:Create* and kms:Delete* for an administrator role takes PutKeyPolicy from everyone else.
 * Whoever can call PutKeyPolicy can allow themselves anything, so such a key user is also a key administrator
 * and separation of duties is gone.
 *
 * The account's delegation statement (Principal = the account, possibly with a named administrator beside
 * the root, as CloudTrail's policy has it) is never judged: there IAM policies decide. PutKeyPolicy that only
 * a service could call (a way that needs kms:ViaService) does not count: no service calls it for a principal.
 * Administrators without key use are the console's pattern, reported by KP510 as info. Identities of other
 * accounts are ignored (PutKeyPolicy does not work across accounts; KP516 says so).
 *
 * One finding per statement that gives PutKeyPolicy to such principals, at the Action item that covers it; the
 * statements that give them the use of the key are related. When that statement gives every principal it names
 * both, the message says so of the statement; otherwise it names the principals and the statements involved.
 *
 * No fix: which actions each principal needs is the author's decision.
 */
import type { Statement } from '../parse/model';
import type { CompiledPolicy } from '../simulate/compile';
import { compiledPolicy, rightsOf } from '../simulate/lintQueries';
import { PUT_KEY_POLICY_ACTION, USE_ACTIONS, givenBy, holderName, holds, statementsPhrase, type RightsHolder } from '../simulate/rights';
import { PUT_KEY_POLICY, directPrincipals, isCryptoUse } from '../facts';
import type { PolicyRule, RuleContext } from './types';

/** Whether every principal the statement names holds PutKeyPolicy and key use from it alone. */
function wholeStatement(ctx: RuleContext, s: Statement, full: readonly RightsHolder[]): boolean {
  const entries = directPrincipals(s, ctx.facts.account);
  return (
    entries.length > 0 &&
    entries.every((e) => full.some((h) => (e.ref.kind === 'any' ? h.kind === 'others' : h.label === e.value) && givenBy(h, USE_ACTIONS).includes(s.index)))
  );
}

function report(ctx: RuleContext, policy: CompiledPolicy, s: Statement, holders: readonly RightsHolder[], full: readonly RightsHolder[]): void {
  const f = ctx.facts.of(s);
  const item = f.itemFor(PUT_KEY_POLICY);
  const via = !item
    ? 'kms:PutKeyPolicy'
    : item.value.toLowerCase() === 'kms:putkeypolicy'
      ? 'kms:PutKeyPolicy'
      : `"${item.value}" (which includes kms:PutKeyPolicy)`;
  const use = [...new Set(holders.flatMap((h) => givenBy(h, USE_ACTIONS)))].sort((a, b) => a - b);
  const related = use.flatMap((i) => {
    const u = i === s.index ? undefined : ctx.policy.statements[i];
    if (!u) return [];
    return [{ ...(ctx.facts.of(u).itemWhere(isCryptoUse) ?? u.span), message: 'Gives the use of the key' }];
  });
  const one = holders.length === 1;
  const message = wholeStatement(ctx, s, full)
    ? `This statement gives its principals both the use of the key and ${via}: anyone who can replace the key policy can grant themselves anything, so every key user is also a key administrator. List only the operations these principals need, and keep policy changes in a separate administrators statement.`
    : `This statement gives ${holders.map(holderName).join(', ')} ${via}, and ${statementsPhrase(use, s.index, policy)} ${use.length === 1 ? 'gives' : 'give'} ${one ? 'it' : 'them'} the use of the key: anyone who can replace the key policy can grant themselves anything, so ${one ? 'this key user is' : 'these key users are'} also a key administrator. List only the operations ${one ? 'it needs' : 'they need'}, and keep policy changes in a separate administrators statement.`;
  ctx.report({ at: item ?? s.principal?.span ?? s.span, message, ...(related.length > 0 ? { related } : {}) });
}

/** KP506 non-root-full-access. */
export const nonRootFullAccess: PolicyRule = {
  code: 'KP506',
  name: 'non-root-full-access',
  severity: 'warning',
  summary: 'kms:*, kms:Put* or PutKeyPolicy together with key use for a principal other than the account: key users become key administrators.',
  check(ctx) {
    const full = rightsOf(ctx.facts).filter((h) => h.actions.has(PUT_KEY_POLICY_ACTION) && holds(h, USE_ACTIONS));
    if (full.length === 0) return;
    // One finding per statement that gives PutKeyPolicy (the first that does, for each principal).
    const byStatement = new Map<number, RightsHolder[]>();
    for (const h of full) {
      const first = h.actions.get(PUT_KEY_POLICY_ACTION)?.[0];
      if (first !== undefined) byStatement.set(first, [...(byStatement.get(first) ?? []), h]);
    }
    const policy = compiledPolicy(ctx.facts);
    for (const [index, holders] of [...byStatement].sort((a, b) => a[0] - b[0])) {
      const s = ctx.policy.statements[index];
      if (s) report(ctx, policy, s, holders, full);
    }
  },
};
