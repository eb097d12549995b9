/**
 * KP409: ForAllValues on a single-valued key. It is true when the key is absent, which is overly permissive
 * (Access Analyzer FORALLVALUES_WITH_SINGLE_VALUED_KEY); KMS rejects it outright for
 * kms:EncryptionContext:<k> and aws:RequestTag/<k> as an OverlyPermissiveCondition (SEMANTICS §1).
 */
import type { Fix, PolicyRule } from './types';
import { formatOperator } from '../catalog';
import { moveConditionKey } from '../fixes/conditionEdits';

/** True for the keys KMS refuses under ForAllValues. */
function rejectedByKms(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('kms:encryptioncontext:') || k.startsWith('aws:requesttag/');
}

/** KP409 for-all-values-single-valued. */
export const forAllValuesSingleValued: PolicyRule = {
  code: 'KP409',
  name: 'for-all-values-single-valued',
  severity: 'warning',
  summary: 'ForAllValues on a single-valued key is true when the key is absent; KMS rejects it for EncryptionContext and RequestTag keys.',
  check(ctx) {
    for (const site of ctx.facts.conditions) {
      const op = site.operator;
      if (op.qualifier !== 'ForAllValues' || op.family === 'Null') continue;
      const key = site.entry.key.value;
      const facts = site.catalogKey?.info;
      if (!facts || facts.multiValued) continue;
      const plain = formatOperator({ ...op, qualifier: undefined });
      const edits = moveConditionKey(ctx.doc.text, site, plain);
      const fixes: Fix[] = edits ? [{ title: `Use ${plain} for "${key}"`, edits, preferred: true }] : [];
      const rejected = rejectedByKms(key);
      ctx.report({
        at: site.clause.operator,
        message: rejected
          ? `KMS rejects ForAllValues with "${key}" as an overly permissive condition: the key is single-valued, and ForAllValues is true when it is absent. Use ${plain}.`
          : `"${key}" is single-valued, so ForAllValues only adds a way to match: it is true when the key is absent. Use ${plain}.`,
        ...(rejected ? { severity: 'error' as const } : {}),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
