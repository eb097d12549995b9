/**
 * KP208: an action that cannot be used with the key, when the caller knows the key's usage or spec
 * (settings `context.keyUsage` / `context.keySpec`): kms:Sign on a symmetric key, kms:GenerateMac on an RSA
 * key, kms:Decrypt on an HMAC key. The entry can never apply. An action's key usage is read from the catalog:
 * the algorithm condition key it takes (kms:EncryptionAlgorithm, kms:SigningAlgorithm, kms:MacAlgorithm,
 * kms:KeyAgreementAlgorithm) names the operation family. Actions without one (DescribeKey, CreateGrant...)
 * work with every key and are never reported.
 */
import { matchActions, type ActionInfo } from '../catalog';
import type { PolicyContext } from '../settings';
import type { PolicyRule } from './types';
import { actionItems, listNames, removeItemFixes } from './actionItems';

/** The key usage an algorithm condition key implies (KMS API: each algorithm parameter belongs to one family). */
const USAGE_BY_ALGORITHM_KEY: Readonly<Record<string, string>> = {
  'kms:encryptionalgorithm': 'ENCRYPT_DECRYPT',
  'kms:signingalgorithm': 'SIGN_VERIFY',
  'kms:macalgorithm': 'GENERATE_VERIFY_MAC',
  'kms:keyagreementalgorithm': 'KEY_AGREEMENT',
};

/**
 * The key usages a key spec allows (K: asymmetric-key-specs, hmac key specs, key-types). Specs whose usages
 * the sources used here do not settle are left out, so nothing is reported for them.
 */
function usagesForSpec(spec: string): readonly string[] | undefined {
  const s = spec.toUpperCase();
  if (s === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (s.startsWith('HMAC_')) return ['GENERATE_VERIFY_MAC'];
  if (s.startsWith('RSA_')) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (s === 'ECC_NIST_P256' || s === 'ECC_NIST_P384' || s === 'ECC_NIST_P521') return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
  if (s === 'ECC_SECG_P256K1' || s === 'ECC_NIST_EDWARDS25519' || s.startsWith('ML_DSA_')) return ['SIGN_VERIFY'];
  if (s === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  return undefined;
}

/** What the context says about the key: the usages it may have and how to name it in a message. */
function keyUsages(context: PolicyContext): { usages: readonly string[]; label: string } | undefined {
  if (context.keyUsage) {
    const usage = context.keyUsage.toUpperCase();
    return { usages: [usage], label: context.keySpec ? `${context.keySpec} (${usage})` : usage };
  }
  if (!context.keySpec) return undefined;
  const usages = usagesForSpec(context.keySpec);
  return usages ? { usages, label: context.keySpec } : undefined;
}

/** The key usage an action requires, or undefined when it works with any key. */
export function requiredUsage(action: ActionInfo): string | undefined {
  for (const key of action.conditionKeys) {
    const usage = USAGE_BY_ALGORITHM_KEY[key.toLowerCase()];
    if (usage) return usage;
  }
  return undefined;
}

/** KP208: an action that does not fit the key's spec or usage. */
export const actionKeySpecMismatch: PolicyRule = {
  code: 'KP208',
  name: 'action-key-spec-mismatch',
  severity: 'info',
  summary: 'An action that cannot be used with this key\'s spec or usage (e.g. kms:Sign on a symmetric key); needs the key spec or usage in the settings.',
  check(ctx) {
    const key = keyUsages(ctx.context);
    if (!key) return;
    for (const ai of actionItems(ctx.policy)) {
      if (ai.element !== 'Action' || ai.shape.kind !== 'action') continue;
      const matched = matchActions(ai.item.value);
      if (matched.length === 0) continue;
      const needs = matched.map(requiredUsage);
      if (!needs.every((u) => u !== undefined && !key.usages.includes(u))) continue;
      const families = [...new Set(needs as string[])];
      const what = ai.shape.nameWildcard ? `"${ai.item.value}" matches only ${listNames(matched.map((a) => a.fullName))}, which need` : `${matched[0]?.fullName} needs`;
      ctx.report({
        at: ai.item,
        message: `${what} a ${families.join(' or ')} key, but this key is ${key.label}: the entry can never apply. Remove it, or check that the policy is meant for this key.`,
        unnecessary: true,
        ...removeItemFixes(ai),
      });
    }
  },
};
