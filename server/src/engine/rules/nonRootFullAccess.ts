/**
 * KP506: a statement that lets principals other than the account both use the key and rewrite its policy:
 * `kms:*`, `kms:Put*` or `kms:PutKeyPolicy` together with cryptographic operations, for a role, user, service
 * or `*`. Whoever can call PutKeyPolicy can allow themselves anything, so every key user here is also a key
 * administrator and separation of duties is gone.
 *
 * The account's delegation statement (Principal = the account) is never reported: there IAM policies decide.
 * A statement that grants PutKeyPolicy without any cryptographic use is the console's administrators
 * pattern, reported by KP510 as info. Identities of other accounts are ignored (PutKeyPolicy does not work
 * across accounts; KP516 says so).
 *
 * No fix: which actions each principal needs is the author's decision.
 */
import type { PolicyRule } from './types';
import { directPrincipals, namesOwnAccount, PUT_KEY_POLICY } from '../facts';

/** KP506 non-root-full-access. */
export const nonRootFullAccess: PolicyRule = {
  code: 'KP506',
  name: 'non-root-full-access',
  severity: 'warning',
  summary: 'kms:*, kms:Put* or PutKeyPolicy together with key use for a principal other than the account: key users become key administrators.',
  check(ctx) {
    const account = ctx.facts.account;
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (!f.grantsPutKeyPolicy || !f.grantsCryptoUse) continue;
      if (namesOwnAccount(s, account)) continue;
      if (directPrincipals(s, account).length === 0) continue;
      const item = f.itemFor(PUT_KEY_POLICY);
      if (!item) continue;
      const via = item.value.toLowerCase() === 'kms:putkeypolicy' ? 'kms:PutKeyPolicy' : `"${item.value}" (which includes kms:PutKeyPolicy)`;
      ctx.report({
        at: item,
        message: `This statement gives its principals both the use of the key and ${via}: anyone who can replace the key policy can grant themselves anything, so every key user is also a key administrator. List only the operations these principals need, and keep policy changes in a separate administrators statement.`,
      });
    }
  },
};
