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
import type { Statement } from '../parse/model';
import type { Fix, PolicyRule } from './types';
import { actionSupportsKey } from '../catalog';
import { CREATE_GRANT, grantedActions, grantsPutKeyPolicy, itemFor } from './kmsActions';
import { addConditionEdit, directPrincipals, namesOwnAccount } from './kmsStatements';
import { grantLimits, unconstrained } from './grantLimits';

/** The "only for AWS resources" quick fix, when the condition fits every action of the statement. */
export function forAwsResourceFix(text: string, statement: Statement): Fix | undefined {
  const actions = [...grantedActions(statement)];
  if (actions.length === 0 || !actions.every((a) => actionSupportsKey(a, 'kms:GrantIsForAWSResource'))) return undefined;
  const edit = addConditionEdit(text, statement, 'Bool', 'kms:GrantIsForAWSResource', 'true');
  return edit ? { title: 'Allow grants only for AWS resources (kms:GrantIsForAWSResource)', edits: [edit] } : undefined;
}

/** KP504 create-grant-without-constraints. */
export const createGrantWithoutConstraints: PolicyRule = {
  code: 'KP504',
  name: 'create-grant-without-constraints',
  severity: 'warning',
  summary: 'CreateGrant allowed without kms:GrantIsForAWSResource or grant constraints: the grantee can hand its rights to anyone.',
  check(ctx) {
    const account = ctx.analysis.account;
    for (const s of ctx.policy.statements) {
      if (!grantedActions(s).has(CREATE_GRANT)) continue;
      if (grantsPutKeyPolicy(s)) continue;
      if (namesOwnAccount(s, account)) continue;
      if (directPrincipals(s, account).length === 0) continue;
      if (!unconstrained(grantLimits(s))) continue;
      const item = itemFor(s, CREATE_GRANT);
      if (!item) continue;
      const via = item.value.toLowerCase() === 'kms:creategrant' ? '' : ` ("${item.value}" includes kms:CreateGrant)`;
      const fix = forAwsResourceFix(ctx.doc.text, s);
      ctx.report({
        at: item,
        message: `This statement lets its principals create grants with no limits${via}: a grant can give any principal in any account any operation on this key, Decrypt included. Require "kms:GrantIsForAWSResource": "true" (grants made by AWS services for your resources), or limit kms:GrantOperations and kms:GranteePrincipal.`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};
