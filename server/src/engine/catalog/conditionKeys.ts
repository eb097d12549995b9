/**
 * Lookups over condition keys: the kms service's keys and the global keys, merged into one table. Key names are
 * case-insensitive (SEMANTICS §3), templated keys (`kms:EncryptionContext:<k>`, `aws:ResourceTag/<k>`) resolve
 * by prefix, and the variable part keeps the case it was written in.
 */
import { memoByText } from '../memo';
import { findAction } from './actions';
import { deepFreeze } from './freeze';
import { GLOBAL_CONDITION_KEYS } from './generated/globalConditionKeys';
import { KMS_CONDITION_KEYS } from './generated/kmsConditionKeys';
import { GLOBAL_KEY_DESCRIPTIONS } from './globalKeyDescriptions';
import { KMS_KEY_NOTES } from './kmsFacts';
import { editDistance, suggest, suggestionLimit } from './suggest';
import type { ConditionKeyType, KeyTemplate } from './types';

/** One condition key, kms or global. */
export interface ConditionKeyInfo {
  /** Canonical name; templates keep their variable, e.g. `aws:ResourceTag/${TagKey}`. */
  readonly name: string;
  /** The prefix before the first colon: `kms`, `aws`, `ec2`… */
  readonly service: string;
  /** A global key: any request may carry it, whatever the service. */
  readonly global: boolean;
  readonly type: ConditionKeyType;
  readonly multiValued: boolean;
  readonly description: string;
  /** Present for templated keys. */
  readonly template?: KeyTemplate;
  /** Shared prefix of keys enumerated one by one, e.g. `kms:RecipientAttestation:`. */
  readonly family?: string;
  /** The global key's group in the data package (principal, session, network, resource, request). */
  readonly category?: string;
  /**
   * kms actions (names without prefix) that support the key. `'all'` for global keys the kms data does not
   * restrict: they may be present on any request.
   */
  readonly actions: readonly string[] | 'all';
  /** Documented for IAM policies only (kms:ResourceAliases, aws:ResourceTag/…). */
  readonly iamPolicyOnly: boolean;
  /** Set for deprecated keys: the key to use instead. */
  readonly replacedBy?: string;
}

/** A key as written, resolved against the catalog. */
export interface ConditionKeyMatch {
  readonly info: ConditionKeyInfo;
  /** For a templated key, the text after the prefix as written (`Department` in `kms:EncryptionContext:Department`). */
  readonly variable?: string;
  /** The key spelt as the catalog spells it, keeping the variable as written. */
  readonly canonical: string;
}

function serviceOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

function build(): readonly ConditionKeyInfo[] {
  const merged = new Map<string, ConditionKeyInfo>();
  for (const g of GLOBAL_CONDITION_KEYS) {
    merged.set(g.name.toLowerCase(), {
      name: g.name,
      service: serviceOf(g.name),
      global: true,
      type: g.type,
      multiValued: g.multiValued,
      description: g.description || (GLOBAL_KEY_DESCRIPTIONS[g.name] ?? ''),
      ...(g.template ? { template: g.template } : {}),
      category: g.category,
      actions: 'all',
      iamPolicyOnly: false,
    });
  }
  for (const k of KMS_CONDITION_KEYS) {
    const lower = k.name.toLowerCase();
    const global = merged.get(lower);
    // Global keys the kms data lists (aws:RequestTag/…, aws:ResourceTag/…, aws:TagKeys) keep their global
    // identity but take the kms description and action list: KMS only sets them on those actions.
    merged.set(lower, {
      name: k.name,
      service: global?.service ?? serviceOf(k.name),
      global: global !== undefined,
      type: k.type,
      multiValued: k.multiValued,
      description: k.description || (global?.description ?? ''),
      ...(k.template ? { template: k.template } : {}),
      ...(k.family ? { family: k.family } : {}),
      ...(global?.category ? { category: global.category } : {}),
      actions: k.actions,
      iamPolicyOnly: false,
    });
  }
  return [...merged.values()]
    .map((info) => {
      const note = KMS_KEY_NOTES[info.name];
      return deepFreeze({
        ...info,
        iamPolicyOnly: note?.iamPolicyOnly ?? false,
        ...(note?.replacedBy ? { replacedBy: note.replacedBy } : {}),
      });
    })
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
}

const KEYS: readonly ConditionKeyInfo[] = Object.freeze(build());
const BY_LOWER_NAME: ReadonlyMap<string, ConditionKeyInfo> = new Map(KEYS.map((k) => [k.name.toLowerCase(), k]));
/** Templated keys, longest prefix first so the most specific template wins. */
const TEMPLATED: readonly ConditionKeyInfo[] = KEYS.filter((k) => k.template).sort(
  (a, b) => (b.template?.prefix.length ?? 0) - (a.template?.prefix.length ?? 0),
);

/** Every condition key (kms and global), sorted by name ignoring case. */
export function allConditionKeys(): readonly ConditionKeyInfo[] {
  return KEYS;
}

/** The templated keys (`kms:EncryptionContext:${EncryptionContextKey}`, `aws:PrincipalTag/${TagKey}`…). */
export function conditionKeyTemplates(): readonly ConditionKeyInfo[] {
  return TEMPLATED;
}

/** Templates by their prefix in lower case (the first, most specific, template of a prefix wins). */
const BY_LOWER_PREFIX: ReadonlyMap<string, ConditionKeyInfo> = (() => {
  const out = new Map<string, ConditionKeyInfo>();
  for (const k of TEMPLATED) if (k.template && !out.has(k.template.prefix.toLowerCase())) out.set(k.template.prefix.toLowerCase(), k);
  return out;
})();

/** The template whose bare prefix the key is, in any case (`aws:ResourceTag/` with no tag key after it). */
export function templateOfPrefix(key: string): ConditionKeyInfo | undefined {
  return BY_LOWER_PREFIX.get(key.toLowerCase());
}

/**
 * Resolves a key as written, ignoring case: exact names first, then templates by prefix
 * (`kms:EncryptionContext:Department` → the EncryptionContext template, variable `Department`). A template
 * prefix with nothing after it (`aws:ResourceTag/`) does not resolve. Undefined for unknown keys.
 */
export const findConditionKey: (key: string) => ConditionKeyMatch | undefined = memoByText(matchConditionKey);

function matchConditionKey(key: string): ConditionKeyMatch | undefined {
  const lower = key.toLowerCase();
  const exact = BY_LOWER_NAME.get(lower);
  if (exact) return Object.freeze({ info: exact, canonical: exact.name });
  for (const info of TEMPLATED) {
    const prefix = info.template?.prefix ?? '';
    if (key.length > prefix.length && lower.startsWith(prefix.toLowerCase())) {
      const variable = key.slice(prefix.length);
      return Object.freeze({ info, variable, canonical: prefix + variable });
    }
  }
  return undefined;
}

/** Whether the key resolves to a global key (`aws:…` and the session keys such as `ec2:SourceInstanceArn`). */
export function isGlobalKey(key: string): boolean {
  return findConditionKey(key)?.info.global ?? false;
}

/**
 * Whether a request for the action can carry the key: the action (or its resource type) lists it, or it is a
 * global key the kms data does not restrict. False for unknown actions or keys.
 */
export function actionSupportsKey(action: string, key: string): boolean {
  const a = findAction(action);
  const k = findConditionKey(key)?.info;
  if (!a || !k) return false;
  return k.actions === 'all' || k.actions.includes(a.name);
}

/** The keys the kms data lists for an action (its own and its resource types'); global keys apply besides. */
export function conditionKeysForAction(action: string): readonly ConditionKeyInfo[] {
  const a = findAction(action);
  if (!a) return [];
  return a.conditionKeys.flatMap((name) => {
    const info = BY_LOWER_NAME.get(name.toLowerCase());
    return info ? [info] : [];
  });
}

const SEPARATORS = new Set([':', '/']);

/**
 * Up to three real keys near a misspelt one, nearest first. A misspelt template prefix keeps the variable:
 * `kms:EncryptionContex:Dept` → `kms:EncryptionContext:Dept`.
 */
export function suggestConditionKeys(key: string): string[] {
  const found: { name: string; distance: number }[] = [];
  for (const info of TEMPLATED) {
    const prefix = info.template?.prefix ?? '';
    // The key written without its variable, e.g. `kms:EncryptionContext`: offer the template itself.
    const bare = editDistance(key, prefix, suggestionLimit(key));
    if (bare <= suggestionLimit(key)) found.push({ name: info.name, distance: bare });
    for (let i = 0; i < key.length - 1; i++) {
      if (!SEPARATORS.has(key[i])) continue;
      const head = key.slice(0, i + 1);
      const d = editDistance(head, prefix, 2);
      if (d > 0 && d <= 2) found.push({ name: prefix + key.slice(i + 1), distance: d });
    }
  }
  const plain = KEYS.filter((k) => !k.template).map((k) => k.name);
  for (const name of suggest(key, plain, 3)) found.push({ name, distance: editDistance(key, name) });
  found.sort((a, b) => a.distance - b.distance);
  const out: string[] = [];
  for (const f of found) if (f.name !== key && !out.includes(f.name)) out.push(f.name);
  return out.slice(0, 3);
}

/** True when a condition key is written as `service:name` with no blank parts. */
export function wellFormedKey(key: string): boolean {
  const colon = key.indexOf(':');
  return colon > 0 && colon < key.length - 1 && !/\s/.test(key);
}
