/**
 * Named who-can analyses (SEMANTICS §6 step 4, §5):
 * - decrypt: Decrypt, ReEncryptFrom (re-wraps the plaintext under a key the caller picks) and the data-key
 *   operations that return plaintext (GenerateDataKey, GenerateDataKeyPair, DeriveSharedSecret); plus the
 *   escalation paths to it: PutKeyPolicy (rewrite the policy), CreateGrant (grant Decrypt to oneself) unless
 *   every way to it forces kms:GrantIsForAWSResource, and ReplicateKey (a replica with one's own policy);
 * - administer: PutKeyPolicy and the actions that destroy or disable the key (ScheduleKeyDeletion, DisableKey,
 *   DeleteImportedKeyMaterial: the catalog's "disrupts availability" key-policy actions);
 * - create-grant: CreateGrant.
 */
import type { CompiledPolicy } from './compile';
import { actionsWithCapability } from './knowledge';
import type { Literal } from './residual/atoms';
import { whoCan, type PrincipalClass, type WhoCanOptions, type WhoCanResult } from './residual/whoCan';

/** The named analyses. */
export type NamedAnalysis = 'decrypt' | 'administer' | 'create-grant';

/** Each analysis's title and actions (from the catalog's capability flags). */
export const NAMED_ANALYSES: Readonly<Record<NamedAnalysis, { readonly title: string; readonly actions: readonly string[] }>> = {
  decrypt: {
    title: 'Who can decrypt',
    actions: [...actionsWithCapability('decrypt'), ...actionsWithCapability('plaintext')],
  },
  administer: {
    title: 'Who can administer (change the policy, disable or destroy the key)',
    actions: ['kms:PutKeyPolicy', ...actionsWithCapability('disruptsAvailability')],
  },
  'create-grant': { title: 'Who can create grants', actions: ['kms:CreateGrant'] },
};

const ESCALATION = ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ReplicateKey'];

/** A named analysis: the direct answer and, for decrypt, the classes that can reach it by escalation. */
export interface NamedAnalysisResult {
  readonly name: NamedAnalysis;
  readonly title: string;
  readonly direct: WhoCanResult;
  /** Classes that can obtain the capability indirectly (decrypt only), labelled by their path action. */
  readonly escalation: readonly PrincipalClass[];
}

function forcesServiceGrant(l: Literal): boolean {
  if (l.atom.kind !== 'condition' || !l.positive) return false;
  const c = l.atom.condition;
  return (
    c.keyLower === 'kms:grantisforawsresource' && c.operator.family === 'Bool' && !c.operator.ifExists && c.values.every((v) => v.toLowerCase() === 'true')
  );
}

function limitsGrantOperations(l: Literal): boolean {
  if (l.atom.kind !== 'condition' || !l.positive) return false;
  const c = l.atom.condition;
  const op = c.operator;
  return (
    c.keyLower === 'kms:grantoperations' &&
    op.qualifier === 'ForAllValues' &&
    op.family === 'String' &&
    !op.wildcards &&
    !op.ignoresCase &&
    !op.negated &&
    !op.ifExists &&
    !c.values.some((v) => /^(kms:)?(decrypt|reencryptfrom|generatedatakey|generatedatakeypair)$/i.test(v))
  );
}

/** Runs a named analysis. */
export function namedAnalysis(policy: CompiledPolicy, name: NamedAnalysis, options: WhoCanOptions = {}): NamedAnalysisResult {
  const spec = NAMED_ANALYSES[name];
  const direct = whoCan(policy, spec.actions, options);
  if (name !== 'decrypt') return { name, title: spec.title, direct, escalation: [] };
  const paths = whoCan(policy, ESCALATION, options);
  const escalation = paths.classes.filter((cls) => {
    if (cls.decision === 'denied') return false;
    if (!cls.actions.some((a) => a.toLowerCase() === 'kms:creategrant')) return true;
    // CreateGrant leads to Decrypt unless every way to it is limited to AWS services or to other operations.
    return cls.residual.any.some((c) => !c.some((l) => forcesServiceGrant(l) || limitsGrantOperations(l)));
  });
  return { name, title: spec.title, direct, escalation };
}
