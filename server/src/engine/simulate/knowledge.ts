/**
 * The simulator's one door to the KMS catalog: action names and globs, which condition keys each action's
 * requests carry (SEMANTICS §3 "Simulator rule": a key the action does not support is absent), which keys are
 * multi-valued, and the KMS facts (cross-account use, key-policy relevance, key states that refuse an action).
 */
import { KMS_ACTIONS } from '../catalog/generated/kmsActions';
import { KMS_CONDITION_KEYS } from '../catalog/generated/kmsConditionKeys';
import { GLOBAL_CONDITION_KEYS } from '../catalog/generated/globalConditionKeys';
import { KMS_ACTION_FACTS, type KeyState, type KmsActionFacts, type KmsCapability } from '../catalog/kmsFacts';
import { compileGlob } from './conditions/values';

interface ActionInfo {
  readonly canonical: string;
  /** Lower-case exact keys. */
  readonly keys: ReadonlySet<string>;
  /** Lower-case template prefixes (`kms:encryptioncontext:`). */
  readonly prefixes: readonly string[];
  readonly onKey: boolean;
}

function templatePrefix(name: string): string | undefined {
  const i = name.indexOf('${');
  return i < 0 ? undefined : name.slice(0, i).toLowerCase();
}

const ACTIONS: ReadonlyMap<string, ActionInfo> = new Map(
  KMS_ACTIONS.map((a) => {
    const keys = new Set<string>();
    const prefixes: string[] = [];
    for (const k of a.conditionKeys) {
      const p = templatePrefix(k);
      if (p) prefixes.push(p);
      else keys.add(k.toLowerCase());
    }
    return [`kms:${a.name.toLowerCase()}`, { canonical: `kms:${a.name}`, keys, prefixes, onKey: a.resourceTypes.some((r) => r.name === 'key') }];
  }),
);

/** `aws:` keys that the kms data lists for particular actions only (tags); every other global key is always carried. */
const ACTION_SCOPED_GLOBALS = KMS_CONDITION_KEYS.filter((k) => k.name.startsWith('aws:')).map((k) => templatePrefix(k.name) ?? k.name.toLowerCase());

interface KeyInfo {
  readonly name: string;
  readonly prefix: boolean;
  readonly multiValued: boolean;
}

const KEYS: readonly KeyInfo[] = [...KMS_CONDITION_KEYS, ...GLOBAL_CONDITION_KEYS].map((k) => {
  const p = templatePrefix(k.name);
  return { name: p ?? k.name.toLowerCase(), prefix: p !== undefined, multiValued: k.multiValued };
});

/** The canonical name of a known action (`kms:decrypt` → `kms:Decrypt`). */
export function canonicalAction(actionLower: string): string | undefined {
  return ACTIONS.get(actionLower)?.canonical;
}

/** Every kms action, canonical names. */
export function knownActions(): readonly string[] {
  return [...ACTIONS.values()].map((a) => a.canonical);
}

/** Expands names and globs to canonical action names; unknown plain names are kept as written. */
export function expandActions(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (p.includes('*') || p.includes('?')) {
      const g = compileGlob(p, true);
      for (const a of ACTIONS.values()) if (g.test(a.canonical)) out.push(a.canonical);
    } else out.push(ACTIONS.get(p.toLowerCase())?.canonical ?? p);
  }
  return [...new Set(out)];
}

/**
 * Whether requests for `action` carry `key` (both lower case). Global keys are carried by every request,
 * except the tag keys the data scopes to particular actions; kms keys only by the actions that list them.
 * Actions the catalog does not know keep every key (their context is whatever the caller gives).
 */
export function keySupported(actionLower: string, keyLower: string): boolean {
  const info = ACTIONS.get(actionLower);
  if (!info) return true;
  const scopedGlobal = keyLower.startsWith('aws:') && ACTION_SCOPED_GLOBALS.some((g) => (g.endsWith('/') ? keyLower.startsWith(g) && keyLower.length > g.length : keyLower === g));
  if (keyLower.startsWith('aws:') && !scopedGlobal) return true;
  if (info.keys.has(keyLower)) return true;
  return info.prefixes.some((p) => keyLower.startsWith(p) && keyLower.length > p.length);
}

/** Whether a key is multi-valued; undefined when the catalog does not know it. */
export function keyMultiValued(keyLower: string): boolean | undefined {
  for (const k of KEYS) if (k.prefix ? keyLower.startsWith(k.name) && keyLower.length > k.name.length : keyLower === k.name) return k.multiValued;
  return undefined;
}

function facts(actionLower: string): KmsActionFacts | undefined {
  const canonical = ACTIONS.get(actionLower)?.canonical;
  return canonical ? KMS_ACTION_FACTS[canonical.slice('kms:'.length)] : undefined;
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
  return Object.values(KMS_ACTION_FACTS)
    .filter((f) => f.keyPolicy === 'yes' && f.capabilities.includes(capability))
    .map((f) => `kms:${f.action}`);
}
