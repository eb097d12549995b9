/**
 * The simulator's one door to the KMS catalog: action names and globs, which condition keys each action's
 * requests carry (SEMANTICS §3 "Simulator rule": a key the action does not support is absent), which keys are
 * multi-valued, and the KMS facts (cross-account use, key-policy relevance, key states that refuse an action).
 */
import {
  actionSupportsKey,
  actionsWithCapability as catalogCapability,
  allActions,
  findAction,
  findConditionKey,
  kmsFacts,
  matchActions,
  type KeyState,
  type KmsActionFacts,
  type KmsCapability,
} from '../catalog';

/** Lower-case full name → canonical full name and facts, built once from the catalog (immutable). */
const BY_LOWER: ReadonlyMap<string, { readonly name: string; readonly facts: KmsActionFacts | undefined }> = new Map(
  allActions().map((a) => [a.fullName.toLowerCase(), { name: a.fullName, facts: kmsFacts(a.name) }]),
);

/** The canonical name of a known action (`kms:decrypt` → `kms:Decrypt`). */
export function canonicalAction(actionLower: string): string | undefined {
  return BY_LOWER.get(actionLower)?.name ?? (actionLower.startsWith('kms:') ? findAction(actionLower)?.fullName : undefined);
}

/** Every kms action, canonical names. */
export function knownActions(): readonly string[] {
  return allActions().map((a) => a.fullName);
}

/** Expands names and globs to canonical action names; unknown plain names are kept as written. */
export function expandActions(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (p.includes('*') || p.includes('?')) for (const a of matchActions(p)) out.push(a.fullName);
    else out.push(canonicalAction(p.toLowerCase()) ?? p);
  }
  return [...new Set(out)];
}

/**
 * Whether requests for `action` carry `key` (both lower case), per the catalog: the action or its resource type
 * lists the key, or it is a global key the kms data does not restrict. Actions the catalog does not know keep
 * every key (their context is whatever the caller gives); an `aws:` key the catalog does not know is taken
 * to be a newer global key and kept [inf]; any other unknown key is never carried.
 */
export function keySupported(actionLower: string, keyLower: string): boolean {
  const action = canonicalAction(actionLower);
  if (!action) return true;
  if (!findConditionKey(keyLower)) return keyLower.startsWith('aws:');
  // Asked by its catalog name, the action is found by one lookup (a plan asks this of every key it meets).
  return actionSupportsKey(action, keyLower);
}

/** Whether a key is multi-valued; undefined when the catalog does not know it. */
export function keyMultiValued(keyLower: string): boolean | undefined {
  return findConditionKey(keyLower)?.info.multiValued;
}

function facts(actionLower: string): KmsActionFacts | undefined {
  return BY_LOWER.get(actionLower)?.facts;
}

/** Whether the action can be used on a key in another account (API reference "Cross-account use"). */
export function isCrossAccountAction(actionLower: string): boolean {
  return facts(actionLower)?.crossAccount ?? false;
}

/** Whether a key policy authorizes the action (not IAM-only, not decided by grants, not internal). */
export function isKeyPolicyAction(actionLower: string): boolean {
  return facts(actionLower)?.keyPolicy === 'yes';
}

/** Whether a key in `state` refuses the action whatever the policies say (unknown cases: it does not). */
export function blockedInState(actionLower: string, state: KeyState): boolean {
  return facts(actionLower)?.blockedInStates?.includes(state) ?? false;
}

/** The actions with a capability: `decrypt` (Decrypt, ReEncryptFrom), `plaintext`, `disruptsAvailability`… */
export function actionsWithCapability(capability: KmsCapability): string[] {
  return catalogCapability(capability)
    .filter((a) => kmsFacts(a.name)?.keyPolicy === 'yes')
    .map((a) => a.fullName);
}
