/**
 * KP114: `"Sid": ""`. Harmless to KMS but it labels nothing; remove it or name the statement. Sids with
 * spaces are valid in key policies (AWS's own default uses "Enable IAM User Permissions") and are not flagged.
 */
import type { PolicyRule } from './types';
import { removeMember } from '../fixes/edits';

/** KP114: an empty Sid. */
export const emptySid: PolicyRule = {
  code: 'KP114',
  name: 'empty-sid',
  severity: 'hint',
  summary: 'A statement has an empty Sid; name the statement or remove the Sid.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const sid = s.sid;
      if (!sid || sid.value !== '') continue;
      const member = s.members.find((m) => m.name.value === 'Sid' && m.value.offset === sid.offset);
      const remove = member ? removeMember(member.node) : undefined;
      ctx.report({
        at: sid,
        message: 'This Sid is empty, so it labels nothing. Give the statement a descriptive Sid (spaces are allowed) or remove the element.',
        ...(remove ? { fixes: [{ title: 'Remove the empty Sid', edits: [remove] }] } : {}),
      });
    }
  },
};
