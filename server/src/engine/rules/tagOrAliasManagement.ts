/**
 * KP515: tag or alias management (TagResource, UntagResource, CreateAlias, UpdateAlias, DeleteAlias: the
 * catalog's `abac` actions) allowed to principals that are not key administrators. When access to the key is
 * decided by its tags or aliases (aws:ResourceTag, kms:ResourceAliases in IAM policies, kms:RequestAlias in
 * this policy), changing a tag or an alias changes who can use the key, so these actions are permissions
 * management in disguise.
 *
 * Severity: warning when this policy itself tests aws:ResourceTag/…, kms:ResourceAliases or kms:RequestAlias
 * (access here is attribute-based); info otherwise, since IAM policies the linter cannot see may be.
 * Not reported for statements that also grant PutKeyPolicy (administrators can do anything anyway), for the
 * account's delegation statement, or for other accounts (these actions do not work across accounts).
 */
import type { PolicyRule } from './types';
import { directPrincipals, hasCapability, namesOwnAccount } from '../facts';
import { listNames } from '../messages';

const ABAC_KEYS = ['aws:resourcetag/', 'kms:resourcealiases', 'kms:requestalias'];

/** KP515 tag-or-alias-management. */
export const tagOrAliasManagement: PolicyRule = {
  code: 'KP515',
  name: 'tag-or-alias-management',
  severity: 'info',
  summary: 'Tag or alias management outside the administrators: where tags or aliases decide access, it changes who can use the key.',
  check(ctx) {
    const account = ctx.facts.account;
    const abacKey = ctx.facts.statements.flatMap((f) => f.tests).find((t) => ABAC_KEYS.some((k) => t.key.startsWith(k)));
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (f.grantsPutKeyPolicy) continue;
      const abac = f.grantedWhere((a) => hasCapability(a, 'abac'));
      if (namesOwnAccount(s, account)) continue;
      if (abac.length === 0 || directPrincipals(s, account).length === 0) continue;
      const item = f.itemWhere((a) => hasCapability(a, 'abac'));
      if (!item) continue;
      const names = listNames(
        abac.map((a) => `kms:${a.name}`),
        4,
      );
      ctx.report({
        at: item,
        ...(abacKey ? { severity: 'warning' as const } : {}),
        message: abacKey
          ? `This policy decides access by ${abacKey.entry.key.value}, and this statement lets principals who are not key administrators call ${names}: by changing the key's tags or aliases they change who can use the key. Allow these actions only to the key administrators.`
          : `This statement lets principals who are not key administrators call ${names}. If any IAM policy grants access to this key by its tags or aliases, these principals can change who can use the key; allow these actions only to administrators unless that is intended.`,
        ...(abacKey ? { related: [{ ...abacKey.entry.key, message: 'Access decided by this attribute' }] } : {}),
      });
    }
  },
};
