/**
 * Is this JSON a key policy? Used to serve ordinary .json files that hold one, without taking over other
 * JSON (package.json, tsconfig, settings). Looks for a top-level Statement whose actions are kms ones, or
 * the key-policy shape (Version + Statement with Principal).
 */
import type { PolicyDocument } from '../parse/model';

/** True when the document's top level reads as a KMS key policy. */
export function looksLikeKeyPolicy(doc: PolicyDocument): boolean {
  const policy = doc.policy;
  if (!policy || !policy.statementMember) return false;
  const statements = policy.statements;
  if (statements.some((s) => [...(s.action?.items ?? []), ...(s.notAction?.items ?? [])].some((a) => /^kms:/i.test(a.value)))) return true;
  // An IAM identity policy has no Principal; a key policy always does.
  return policy.version !== undefined && statements.length > 0 && statements.every((s) => s.principal !== undefined || s.notPrincipal !== undefined);
}
