/**
 * KP508: kms:ReplicateKey allowed to principals that cannot otherwise change the key policy. ReplicateKey
 * creates a replica of a multi-Region key in another Region with a key policy the caller writes, so its holder
 * can decrypt, in that Region, everything encrypted under this key. It belongs with the administrators (the
 * console adds it to the administrators statement of multi-Region keys).
 *
 * "Outside the admin set": an Allow that grants ReplicateKey (directly or through a wildcard) but not
 * PutKeyPolicy, to principals acting in the key's account (roles, users, services, `*`). The account's
 * delegation statement and other accounts (ReplicateKey does not work across accounts) are not reported.
 */
import type { PolicyRule } from './types';
import { directPrincipals, namesOwnAccount } from '../facts';

const REPLICATE_KEY = 'ReplicateKey';

/** KP508 replicate-key-outside-admins. */
export const replicateKeyOutsideAdmins: PolicyRule = {
  code: 'KP508',
  name: 'replicate-key-outside-admins',
  severity: 'warning',
  summary: 'ReplicateKey allowed outside the administrators: the caller creates a replica with a key policy of its choosing.',
  check(ctx) {
    const account = ctx.facts.account;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (!f.grantedNames.has(REPLICATE_KEY) || f.grantsPutKeyPolicy) continue;
      if (namesOwnAccount(s, account)) continue;
      if (directPrincipals(s, account).length === 0) continue;
      const item = f.itemFor(REPLICATE_KEY);
      if (!item) continue;
      const via = item.value.toLowerCase() === 'kms:replicatekey' ? 'kms:ReplicateKey' : `"${item.value}" (which includes kms:ReplicateKey)`;
      ctx.report({
        at: item,
        message: `This statement allows ${via} to principals who cannot change the key policy: a replica in another Region gets a key policy its creator writes, so they can decrypt everything encrypted under this key there. Allow ReplicateKey only in the key administrators' statement.`,
      });
    }
  },
};
