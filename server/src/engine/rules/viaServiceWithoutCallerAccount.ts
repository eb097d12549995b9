/**
 * KP503: an Allow to Principal "*" narrowed by kms:ViaService but by nothing that pins the caller's account
 * (kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn).
 * kms:ViaService only says which service forwards the request; the principal behind it can be in any AWS
 * account, so every account can use the key through that service. AWS's own managed-key policies pair
 * kms:ViaService with kms:CallerAccount for this reason.
 *
 * Statements that name principals (a role, an account) are not reported: the principal already fixes the
 * account, so kms:CallerAccount would add nothing there.
 *
 * Fix (when the key's account is known): add `"StringEquals": {"kms:CallerAccount": "<account>"}`.
 */
import type { Fix, PolicyRule } from './types';
import { isPinning } from '../facts';
import { addConditionKey } from '../fixes/conditionEdits';

/** Condition keys that pin the calling principal's account (or narrower). Lower case. */
const CALLER_PINS = ['kms:calleraccount', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn'];

/** KP503 via-service-without-caller-account. */
export const viaServiceWithoutCallerAccount: PolicyRule = {
  code: 'KP503',
  name: 'via-service-without-caller-account',
  severity: 'warning',
  summary: 'Principal "*" limited only by kms:ViaService: any AWS account can use the key through that service.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (!f.allowed.some((e) => e.ref.kind === 'any')) continue;
      const via = f.testsOf('kms:ViaService').filter((t) => t.base !== 'Null');
      const first = via[0];
      if (!first) continue;
      const pinned = CALLER_PINS.some((k) => f.testsOf(k).some(isPinning));
      if (pinned) continue;
      const account = ctx.facts.account;
      const edit = account ? addConditionKey(ctx.doc.text, s, 'StringEquals', 'kms:CallerAccount', account) : undefined;
      const fixes: Fix[] = edit && account ? [{ title: `Add kms:CallerAccount = ${account}`, edits: [edit], preferred: true }] : [];
      ctx.report({
        at: first.entry.key,
        message: `kms:ViaService limits which service forwards the request, not whose request it is: with Principal "*" a principal in any AWS account can use this key through that service. Add a kms:CallerAccount condition with ${account ? `this key's account (${account})` : "the key's account"}.`,
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};
