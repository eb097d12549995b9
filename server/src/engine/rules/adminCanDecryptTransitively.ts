/**
 * KP510: the key administrators pattern: principals that may change the key policy (kms:PutKeyPolicy, usually
 * through `kms:Put*`) but are not given cryptographic use. They can still decrypt, one step removed: they can
 * rewrite the policy to allow themselves Decrypt, and `kms:Create*` (also in the console's administrators
 * statement) includes CreateGrant, so they can grant themselves Decrypt without changing the policy at all.
 *
 * Info, never more: this is AWS's own console default, and administrators need PutKeyPolicy. The finding
 * makes the transitive access visible when someone asks "who can decrypt?". Statements that also grant use
 * are KP506's business; the account's delegation statement is not reported.
 */
import type { PolicyRule } from './types';
import { CREATE_GRANT, directPrincipals, namesOwnAccount, PUT_KEY_POLICY, unconstrained } from '../facts';

/** KP510 admin-can-decrypt-transitively. */
export const adminCanDecryptTransitively: PolicyRule = {
  code: 'KP510',
  name: 'admin-can-decrypt-transitively',
  severity: 'info',
  summary: 'Key administrators (PutKeyPolicy, CreateGrant) can decrypt transitively, by rewriting the policy or granting themselves.',
  check(ctx) {
    const account = ctx.facts.account;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (!f.grantsPutKeyPolicy || f.grantsCryptoUse) continue;
      if (namesOwnAccount(s, account)) continue;
      if (directPrincipals(s, account).length === 0) continue;
      const item = f.itemFor(PUT_KEY_POLICY);
      if (!item) continue;
      const grants = f.grantedNames.has(CREATE_GRANT) && unconstrained(f.grantLimits);
      ctx.report({
        at: item,
        message:
          `These administrators are not given Decrypt, but they can decrypt one step removed: they can change the key policy to allow themselves` +
          (grants ? ', or create a grant for Decrypt without changing the policy (CreateGrant is allowed too)' : '') +
          '. Count them among those who can read data protected by this key.',
      });
    }
  },
};
