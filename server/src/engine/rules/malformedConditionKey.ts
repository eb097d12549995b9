/**
 * KP403: a condition key that is not of the form `service:name`: no prefix (`ViaService`), an empty part
 * (`kms:`), or whitespace (Access Analyzer INVALID_CONDITION_KEY_FORMAT).
 */
import { conditionKeyTemplates, findConditionKey, wellFormedKey } from '../catalog';
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** The real key a malformed one most likely means: trimmed, or with the kms:/aws: prefix it lacks. */
function meant(key: string): string | undefined {
  const trimmed = key.replace(/\s+/g, '');
  const candidates = trimmed.includes(':') ? [trimmed] : [`kms:${trimmed}`, `aws:${trimmed}`];
  const found = candidates.map((c) => findConditionKey(c)).filter((m) => m !== undefined);
  return found.length === 1 ? found[0]?.canonical : undefined;
}

/** KP403 malformed-condition-key. */
export const malformedConditionKey: PolicyRule = {
  code: 'KP403',
  name: 'malformed-condition-key',
  severity: 'error',
  summary: 'A condition key must be written service:name (kms:ViaService, aws:SourceArn).',
  check(ctx) {
    const prefixes = new Set(conditionKeyTemplates().map((t) => t.template?.prefix.toLowerCase()));
    for (const { entry } of ctx.facts.conditions) {
      const key = entry.key.value;
      if (wellFormedKey(key) || prefixes.has(key.toLowerCase())) continue;
      const fix = meant(key);
      const fixes: Fix[] = fix ? [{ title: `Change to "${fix}"`, edits: [replaceString(entry.key, fix)], preferred: true }] : [];
      ctx.report({
        at: entry.key,
        message: `"${key}" is not a condition key: keys are written service:name without spaces, such as "kms:ViaService" or "aws:SourceAccount"${fix ? `; did you mean "${fix}"?` : '.'}`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
