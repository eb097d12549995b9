/**
 * KP504: an Allow of kms:CreateGrant (directly, or through `kms:Create*` or `kms:*`) with nothing limiting the
 * grants: no `kms:GrantIsForAWSResource`, no grant constraint key (kms:GrantOperations, kms:GranteePrincipal,
 * kms:GranteeServicePrincipal) and no service path (kms:ViaService, aws:ViaAWSService). A grant created under
 * a key-policy permission may name any grantee and any operation, Decrypt included, so the holder can hand
 * the key to anyone, in any account, without touching the key policy.
 *
 * Not reported for the account's delegation statement (IAM decides there), for statements that also grant
 * PutKeyPolicy (administrators: KP506/KP510 cover them), or for statements that only name other accounts
 * (KP505 covers those).
 *
 * Fix (only when every action of the statement supports kms:GrantIsForAWSResource, so the condition does not
 * switch off other actions): add `"Bool": {"kms:GrantIsForAWSResource": "true"}`.
 */
import type { PolicyRule } from './types';
import { CREATE_GRANT, directPrincipals, namesOwnAccount, unconstrained } from '../facts';
import { forAwsResourceFix } from '../fixes/actionFixes';

/** KP504 create-grant-without-constraints. */
export const createGrantWithoutConstraints: PolicyRule = {
  code: 'KP504',
  name: 'create-grant-without-constraints',
  severity: 'warning',
  summary: 'CreateGrant allowed without kms:GrantIsForAWSResource or grant constraints: the grantee can hand its rights to anyone.',
  check(ctx) {
    const account = ctx.facts.account;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (!f.grantsCreateGrant || f.grantsPutKeyPolicy) continue;
      if (namesOwnAccount(s, account)) continue;
      if (directPrincipals(s, account).length === 0) continue;
      if (!unconstrained(f.grantLimits)) continue;
      const item = f.itemFor(CREATE_GRANT);
      if (!item) continue;
      const via = item.value.toLowerCase() === 'kms:creategrant' ? '' : ` ("${item.value}" includes kms:CreateGrant)`;
      const fix = forAwsResourceFix(ctx.doc.text, f);
      ctx.report({
        at: item,
        message: `This statement lets its principals create grants with no limits${via}: a grant can give any principal in any account any operation on this key, Decrypt included. Require "kms:GrantIsForAWSResource": "true" (grants made by AWS services for your resources), or limit kms:GrantOperations and kms:GranteePrincipal.`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};
