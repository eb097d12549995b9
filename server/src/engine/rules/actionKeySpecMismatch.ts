/**
 * KP208: an action that cannot be used with the key, when the caller knows the key's usage or spec
 * (settings `context.keyUsage` / `context.keySpec`): kms:Sign on a symmetric key, kms:GenerateMac on an RSA
 * key, kms:Decrypt on an HMAC key, kms:GenerateDataKey on an asymmetric key. The entry can never apply. What
 * each action needs, and which usages each spec allows, are the catalog's cited facts (keySpecFacts.ts);
 * actions that work with every key (DescribeKey, CreateGrant...) are never reported.
 */
import { actionFitsKey, keyRequirement, usagesForKeySpec, type KeyTraits } from '../catalog';
import type { PolicyContext } from '../settings';
import type { PolicyRule } from './types';
import { removeItemFixes } from '../fixes/actionFixes';
import { listNames } from '../messages';

/** What the context says about the key, and how to name it in a message; undefined when it says nothing usable. */
function describeKey(context: PolicyContext): { traits: KeyTraits; label: string } | undefined {
  const traits: KeyTraits = { keySpec: context.keySpec, keyUsage: context.keyUsage };
  if (context.keyUsage) {
    const usage = context.keyUsage.toUpperCase();
    return { traits, label: context.keySpec ? `${context.keySpec} (${usage})` : usage };
  }
  if (!context.keySpec || !usagesForKeySpec(context.keySpec)) return undefined;
  return { traits, label: context.keySpec };
}

/** KP208: an action that does not fit the key's spec or usage. */
export const actionKeySpecMismatch: PolicyRule = {
  code: 'KP208',
  name: 'action-key-spec-mismatch',
  severity: 'info',
  summary: "An action that cannot be used with this key's spec or usage (e.g. kms:Sign on a symmetric key); needs the key spec or usage in the settings.",
  check(ctx) {
    const key = describeKey(ctx.context);
    if (!key) return;
    for (const ai of ctx.facts.actionItems) {
      if (ai.element !== 'Action' || ai.shape.kind !== 'action') continue;
      const matched = ai.facts.matched;
      if (matched.length === 0 || matched.some((a) => actionFitsKey(a.name, key.traits))) continue;
      const needs = [...new Set(matched.map((a) => keyRequirement(a.name)?.needs ?? ''))];
      const what = ai.shape.nameWildcard
        ? `"${ai.item.value}" matches only ${listNames(
            matched.map((a) => a.fullName),
            3,
          )}, which need`
        : `${matched[0]?.fullName} needs`;
      ctx.report({
        at: ai.item,
        message: `${what} ${needs.join(' or ')}, but this key is ${key.label}: the entry can never apply. Remove it, or check that the policy is meant for this key.`,
        unnecessary: true,
        ...removeItemFixes(ai),
      });
    }
  },
};
