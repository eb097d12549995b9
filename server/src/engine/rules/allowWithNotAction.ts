/**
 * KP209: an Allow statement with NotAction. It allows every kms action not listed, which silently includes
 * the ones that hand out more access (PutKeyPolicy, CreateGrant, ReplicateKey) or destroy data
 * (ScheduleKeyDeletion, DisableKey), plus any action KMS adds later. The sensitive ones are named from the
 * catalog's capability facts. The fix writes out the equivalent Action list so the grant is visible.
 */
import { actionsWithCapability, allActions, KMS_ACTION_FACTS, matchesGlob } from '../catalog';
import type { PolicyRule, TextEditSpec } from './types';
import { replaceString } from '../fixes/edits';
import { listNames } from '../messages';

/** KP209: Allow with NotAction. */
export const allowWithNotAction: PolicyRule = {
  code: 'KP209',
  name: 'allow-with-not-action',
  severity: 'warning',
  summary: 'Allow with NotAction allows every other action, including PutKeyPolicy, CreateGrant and ScheduleKeyDeletion and future actions.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (s.effect?.value !== 'Allow' || !s.notAction) continue;
      const member = s.members.find((m) => m.name.value === 'NotAction' && m.value.offset === s.notAction?.span.offset);
      if (!member) continue;
      const excluded = (name: string): boolean => s.notAction?.items.some((i) => matchesGlob(i.value, name, true)) ?? false;
      const allowed = allActions().filter((a) => KMS_ACTION_FACTS[a.name]?.keyPolicy === 'yes' && !excluded(a.fullName));
      const sensitive = [...actionsWithCapability('escalation'), ...actionsWithCapability('disruptsAvailability')]
        .filter((a) => allowed.includes(a))
        .map((a) => a.fullName);
      const including = sensitive.length > 0 ? `, including ${listNames(sensitive, 3)}` : '';
      const edits: TextEditSpec[] = [
        replaceString(member.name, 'Action'),
        { offset: member.value.offset, length: member.value.length, newText: JSON.stringify(allowed.map((a) => a.fullName)) },
      ];
      ctx.report({
        at: member.name,
        message: `"Allow" with "NotAction" allows every other KMS action${including}, and any action KMS adds later. List the actions to allow in "Action" instead.`,
        ...(allowed.length > 0 && !s.members.some((m) => m.name.value === 'Action')
          ? { fixes: [{ title: `Replace with "Action" listing the ${allowed.length} actions it allows today`, edits }] }
          : {}),
      });
    }
  },
};
