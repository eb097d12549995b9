/**
 * Whether a policy is an AWS managed key's policy (alias `aws/<service>`, SEMANTICS §2.4 and §5 "AWS managed key
 * pattern"). AWS writes and maintains those policies; nobody can change them, so they hold no PutKeyPolicy and
 * that is not a lockout (KP601, KP602 stay quiet). Recognised by what AWS writes:
 * - the Id AWS gives them, `auto-<service>-<n>` (`auto-ebs-2`, `auto-secretsmanager-1`; K:services-wm.md shows
 *   `auto-workmail-1`), or
 * - their shape, for copies that lost the Id: only Allows, at least one to `*` pinned by both kms:ViaService and
 *   kms:CallerAccount (the use through the service) and at least one to account roots with only Read and List
 *   actions and kms:RevokeGrant (the metadata statement), and nothing else.
 */
import type { Policy } from '../parse/model';
import { isPinning } from './conditions';
import { factsOf, type StatementFacts } from './statementFacts';

const AUTO_ID = /^auto-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The use statement: `*` pinned by kms:ViaService and kms:CallerAccount. */
function serviceUse(f: StatementFacts): boolean {
  const entries = f.allowed;
  return entries.length > 0 && entries.every((e) => e.ref.kind === 'any') && ['kms:ViaService', 'kms:CallerAccount'].every((k) => f.testsOf(k).some(isPinning));
}

/** The metadata statement: account roots, only Read/List actions and RevokeGrant, no condition needed. */
function metadataOnly(f: StatementFacts): boolean {
  const entries = f.allowed;
  const actions = f.covered;
  if (entries.length === 0 || !entries.every((e) => e.ref.kind === 'account') || !actions || f.statement.notAction) return false;
  return actions.every((a) => a.name === 'RevokeGrant' || a.accessLevels.every((l) => l === 'Read' || l === 'List'));
}

/** True when the policy is an AWS managed key's policy, by its Id or its shape. */
export function isAwsManagedPolicy(policy: Policy): boolean {
  if (policy.id && AUTO_ID.test(policy.id.value)) return true;
  const statements = policy.statements.map(factsOf);
  if (statements.length < 2 || statements.some((f) => f.statement.effect?.value !== 'Allow')) return false;
  const use = statements.filter(serviceUse);
  const metadata = statements.filter(metadataOnly);
  return use.length > 0 && metadata.length > 0 && use.length + metadata.length === statements.length;
}
