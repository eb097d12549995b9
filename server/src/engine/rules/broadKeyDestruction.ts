/**
 * KP507: actions that make the key unusable (ScheduleKeyDeletion, DisableKey, DeleteImportedKeyMaterial: the
 * catalog's `disruptsAvailability` actions that work in a key policy) allowed broadly, judged on effective rights
 * under the whole policy (simulate/rights.ts). "Broadly" means:
 *
 * - to anyone through Principal `*` (with any conditions that do not narrow it to named principals): every
 *   principal that passes them can destroy the key; or
 * - to a key user, whichever statement gives it the use of the key: every key user can then destroy the key and
 *   with it all data encrypted under it, which is rarely what a key-user statement means.
 *
 * Not "broad": administrators without key use (the console's statement, or "*" narrowed by aws:PrincipalArn to
 * an administrator role), principals a Deny carve-out keeps these actions from, the account's delegation
 * statement (IAM decides), other accounts (these actions do not work across accounts; KP516 says so),
 * principals that also hold PutKeyPolicy (KP506 reports those: full control includes destruction), and ways
 * that need kms:ViaService (no service destroys a key for a principal).
 *
 * One finding per statement that gives the actions, at its Action item; the statements that give key use are
 * related. No fix: move the actions to an administrators statement.
 */
import type { Statement } from '../parse/model';
import { canonicalAction } from '../simulate/knowledge';
import { compiledPolicy, rightsOf } from '../simulate/lintQueries';
import { DESTRUCTIVE_ACTIONS, PUT_KEY_POLICY_ACTION, USE_ACTIONS, givenBy, holderName, holds, statementsPhrase, type RightsHolder } from '../simulate/rights';
import { hasCapability, isCryptoUse } from '../facts';
import { listNames } from '../messages';
import type { PolicyRule, RuleContext } from './types';

/** Whether the statement names "*" (or everyone but a NotPrincipal list). */
function namesEveryone(s: Statement): boolean {
  return !!s.notPrincipal || (s.principal?.entries.some((e) => e.ref.kind === 'any') ?? false);
}

function report(ctx: RuleContext, s: Statement, holders: readonly RightsHolder[]): void {
  const actions = DESTRUCTIVE_ACTIONS.filter((a) => holders.some((h) => h.actions.get(a)?.includes(s.index)));
  const names = listNames(actions.map((a) => canonicalAction(a) ?? a).sort(), 4);
  const at = ctx.facts.of(s).itemWhere((a) => hasCapability(a, 'disruptsAvailability')) ?? s.principal?.span ?? s.span;
  if (namesEveryone(s) && holders.some((h) => h.kind === 'others')) {
    ctx.report({
      at,
      message: `This statement allows ${names} to Principal "*": any principal that meets its conditions can disable or delete the key, and data encrypted under a deleted key is lost. Allow these actions only to named key administrators.`,
    });
    return;
  }
  const use = [...new Set(holders.flatMap((h) => givenBy(h, USE_ACTIONS)))].sort((a, b) => a - b);
  const related = use.flatMap((i) => {
    const u = i === s.index ? undefined : ctx.policy.statements[i];
    return u ? [{ ...(ctx.facts.of(u).itemWhere(isCryptoUse) ?? u.span), message: 'Gives the use of the key' }] : [];
  });
  const message =
    use.length === 1 && use[0] === s.index
      ? `This statement lets the key users also call ${names}: any one of them can disable or delete the key, and data encrypted under a deleted key is lost. Move these actions to a separate statement for the key administrators.`
      : `This statement lets ${holders.map(holderName).join(', ')} call ${names}, and ${statementsPhrase(use, s.index, compiledPolicy(ctx.facts))} ${use.length === 1 ? 'lets' : 'let'} ${holders.length === 1 ? 'it' : 'them'} use the key: a key user can then disable or delete the key, and data encrypted under a deleted key is lost. Move these actions to a separate statement for the key administrators.`;
  ctx.report({ at, message, ...(related.length > 0 ? { related } : {}) });
}

/** KP507 broad-key-destruction. */
export const broadKeyDestruction: PolicyRule = {
  code: 'KP507',
  name: 'broad-key-destruction',
  severity: 'warning',
  summary: 'ScheduleKeyDeletion or DisableKey allowed to everyone or to the key users: one principal can destroy everything encrypted under the key.',
  check(ctx) {
    const byStatement = new Map<number, RightsHolder[]>();
    for (const h of rightsOf(ctx.facts)) {
      if (!holds(h, DESTRUCTIVE_ACTIONS) || h.actions.has(PUT_KEY_POLICY_ACTION)) continue;
      if (h.kind !== 'others' && !holds(h, USE_ACTIONS)) continue;
      // The first statement that gives it one of the actions carries the finding.
      const first = givenBy(h, DESTRUCTIVE_ACTIONS)[0];
      if (first !== undefined) byStatement.set(first, [...(byStatement.get(first) ?? []), h]);
    }
    for (const [index, holders] of [...byStatement].sort((a, b) => a[0] - b[0])) {
      const s = ctx.policy.statements[index];
      if (s) report(ctx, s, holders);
    }
  },
};
