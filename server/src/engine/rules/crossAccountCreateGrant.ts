/**
 * KP505: CreateGrant allowed to another account (its root or a principal in it) without confining the grants
 * to AWS services (`kms:GrantIsForAWSResource`, kms:ViaService, aws:ViaAWSService), to pinned grantees
 * (kms:GranteePrincipal without wildcards) or to operations that cannot reveal data (a `ForAllValues` test on
 * kms:GrantOperations that lists no Decrypt, ReEncryptFrom, GenerateDataKey*, DeriveSharedSecret or
 * CreateGrant). CreateGrant works across accounts, so the other account can pass decryption on to third
 * parties that this policy never names.
 *
 * The console's pattern for other accounts ("Allow attachment of persistent resources" with
 * GrantIsForAWSResource) is not reported. Needs the key's account (given or inferred).
 *
 * Fix: as KP504, when every action of the statement supports kms:GrantIsForAWSResource.
 */
import type { PolicyRule } from './types';
import { canPassOnSecrets, CREATE_GRANT, otherAccounts, principalScope } from '../facts';
import { forAwsResourceFix } from '../fixes/actionFixes';
import { assumedAccountNote, listNames } from '../messages';

/** KP505 cross-account-create-grant. */
export const crossAccountCreateGrant: PolicyRule = {
  code: 'KP505',
  name: 'cross-account-create-grant',
  severity: 'warning',
  summary: 'CreateGrant given to another account: that account can pass Decrypt on to third parties.',
  check(ctx) {
    const account = ctx.facts.account;
    if (!account) return;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      if (!f.grantedNames.has(CREATE_GRANT)) continue;
      const entries = f.allowed;
      const accounts = otherAccounts(entries, account);
      const first = entries.find((e) => ['other-account', 'other-identity'].includes(principalScope(e, account)));
      if (!first || accounts.length === 0) continue;
      const limits = f.grantLimits;
      if (limits.forAwsResource || limits.throughService || limits.granteePinned || !canPassOnSecrets(limits)) continue;
      const fix = forAwsResourceFix(ctx.doc.text, f);
      const which = accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${listNames(accounts, 4)}`;
      ctx.report({
        at: first,
        message: `This statement lets ${which} create grants for this key: a grant can give principals that this policy never names, in any account, Decrypt and the other operations. Require "kms:GrantIsForAWSResource": "true" so only AWS services acting for them can create grants, or confine kms:GranteePrincipal and kms:GrantOperations.${assumedAccountNote(ctx.facts.accountAssumption)}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};
