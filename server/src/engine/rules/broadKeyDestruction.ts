/**
 * KP507: actions that make the key unusable (ScheduleKeyDeletion, DisableKey, DeleteImportedKeyMaterial: the
 * catalog's `disruptsAvailability` actions that work in a key policy) allowed broadly. "Broadly" means:
 *
 * - to Principal `*` (with any conditions): every principal that passes them can destroy the key; or
 * - in a statement that also grants cryptographic use: every key user can destroy the key and with it all
 *   data encrypted under it, which is rarely what a key-user statement means.
 *
 * Not "broad": a separate administrators statement (the console's), the account's delegation statement (IAM
 * decides), other accounts (these actions do not work across accounts; KP516 says so), and statements that
 * also grant PutKeyPolicy (KP506 reports those: full control includes destruction).
 *
 * No fix: move the actions to an administrators statement.
 */
import type { PolicyRule } from './types';
import { directPrincipals, hasCapability, namesOwnAccount } from '../facts';
import { listNames } from '../messages';

/** KP507 broad-key-destruction. */
export const broadKeyDestruction: PolicyRule = {
  code: 'KP507',
  name: 'broad-key-destruction',
  severity: 'warning',
  summary: 'ScheduleKeyDeletion or DisableKey allowed to everyone or to the key users: one principal can destroy everything encrypted under the key.',
  check(ctx) {
    const account = ctx.facts.account;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (f.grantsPutKeyPolicy) continue;
      const destructive = f.grantedWhere((a) => hasCapability(a, 'disruptsAvailability'));
      if (destructive.length === 0) continue;
      if (namesOwnAccount(s, account)) continue;
      const direct = directPrincipals(s, account);
      if (direct.length === 0) continue;
      const everyone = direct.some((e) => e.ref.kind === 'any');
      const users = f.grantsCryptoUse;
      if (!everyone && !users) continue;
      const item = f.itemWhere((a) => hasCapability(a, 'disruptsAvailability'));
      if (!item) continue;
      const names = listNames(destructive.map((a) => `kms:${a.name}`).sort(), 4);
      ctx.report({
        at: item,
        message: everyone
          ? `This statement allows ${names} to Principal "*": any principal that meets its conditions can disable or delete the key, and data encrypted under a deleted key is lost. Allow these actions only to named key administrators.`
          : `This statement lets the key users also call ${names}: any one of them can disable or delete the key, and data encrypted under a deleted key is lost. Move these actions to a separate statement for the key administrators.`,
      });
    }
  },
};
