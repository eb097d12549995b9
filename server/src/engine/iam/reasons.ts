/**
 * The sentences of the named who-can's cells: which statement decides, and why nothing allows when nothing does.
 * They name policies the way the answer's `decidedBy` does ("the key policy statement 1 (Partner)",
 * "SCP FullAWSAccess (p-1) statement 0", "permissions boundary arn:…").
 */
import type { DecidingStatement, PolicySourceKind } from './answer';

const SOURCE_WORDS: Readonly<Record<PolicySourceKind, string>> = {
  'key-policy': 'key policy',
  identity: 'identity policy',
  boundary: 'permissions boundary',
  scp: 'SCP',
  rcp: 'RCP',
  trust: 'trust policy',
  grant: 'grant',
};

/** "the key policy statement 3 (KeyUsers)", "SCP DenyKms (p-abc) statement 1": statements counted from 1. */
export function label(d: DecidingStatement): string {
  const where = d.source === 'key-policy' || d.source === 'trust' || d.source === 'grant' ? `the ${d.policy}` : `${SOURCE_WORDS[d.source]} ${d.policy}`;
  return d.index === undefined ? where : `${where} statement ${d.index + 1}${d.sid ? ` (${d.sid})` : ''}`;
}

/** What is known about a cell nothing allows. */
export interface NoAllow {
  readonly external: boolean;
  /** The resource policy names the principal or its account for the action. */
  readonly named: boolean;
  /** The principal has a boundary and it allows nothing for the action. */
  readonly boundaryEmpty: boolean;
  /** No identity policy of the principal allows the action. */
  readonly iamEmpty: boolean;
}

/** Why nothing allows a cell, in the order AWS would give up. */
export function whyNoAllow(
  gates: { readonly resourcePolicyAction: boolean; readonly display: string },
  policyName: string,
  account: string,
  f: NoAllow,
): string {
  if (!gates.resourcePolicyAction) return `${gates.display} is not authorized by the ${policyName} and no grant allows it`;
  if (!f.named) return `the ${policyName} does not allow it`;
  if (f.boundaryEmpty) return 'its permissions boundary does not allow it';
  if (f.iamEmpty) {
    if (f.external) return `the ${policyName} allows it, but a principal of another account also needs an allow in its own identity policies`;
    return `the ${policyName} lets IAM policies of account ${account} decide, and none of its identity policies allows it`;
  }
  return 'no Allow holds together with the others it needs';
}

/** Which paths allow a cell: the key policy naming it, delegation to its account, a grant. */
export function allowReason(
  direct: DecidingStatement | undefined,
  account: DecidingStatement | undefined,
  grant: DecidingStatement | undefined,
  external: boolean,
): string {
  const parts: string[] = [];
  if (direct) parts.push(`${label(direct)} names it${external ? ' and its own identity policies allow it' : ''}`);
  if (account) parts.push(`${label(account)} lets its account's IAM decide, and its identity policies allow it`);
  if (grant) parts.push(`${grant.policy} allows it`);
  return parts.join('; ') || 'allowed';
}
