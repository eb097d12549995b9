/**
 * KP202: an action string that is not `service:Action` — no prefix (`"Decrypt"`), an empty part, stray
 * spaces or characters. Such an entry never matches. Fixes add the `kms:` prefix, or trim the spaces, when the
 * result is a real kms action. A well-formed action with an unknown prefix (`ksm:Decrypt`) is KP210's.
 */
import { findAction, KMS_PREFIX, matchActions } from '../catalog';
import type { Fix, PolicyRule } from './types';
import { parseAction } from '../facts';
import { replaceString } from '../fixes/edits';

/** A fix that writes `value` when it names (or matches) kms actions. */
function changeTo(at: { offset: number; length: number }, value: string): Fix[] {
  const real = value.includes('*') || value.includes('?') ? matchActions(value).length > 0 : findAction(value) !== undefined;
  return real ? [{ title: `Change to ${value}`, edits: [replaceString(at, value)], preferred: true }] : [];
}

/** KP202: a malformed action. */
export const malformedAction: PolicyRule = {
  code: 'KP202',
  name: 'malformed-action',
  severity: 'error',
  summary: 'An action that is not written "service:Action"; it never matches.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const value = ai.item.value;
      const shape = ai.shape;
      if (shape.kind !== 'malformed') continue;
      const trimmed = value.trim();
      let fixes: Fix[] = [];
      if (trimmed !== value && parseAction(trimmed).kind !== 'malformed') fixes = changeTo(ai.item, trimmed);
      else if (!trimmed.includes(':')) fixes = changeTo(ai.item, `${KMS_PREFIX}:${trimmed}`);
      ctx.report({
        at: ai.item,
        message: `"${value}" is not a valid action: ${shape.reason}. It never matches, so it has no effect. ${fixes.length ? `Did you mean "${fixes[0]?.title.slice('Change to '.length)}"?` : 'Write it as "kms:ActionName".'}`,
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};
