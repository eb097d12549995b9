/**
 * Lookups over the generated kms actions: by name (case-insensitive, with or without `kms:`), by IAM glob, and
 * "did you mean" suggestions. Action names are case-insensitive in IAM (SEMANTICS §3 "Case sensitivity").
 */
import { memoByText } from '../memo';
import { deepFreeze } from './freeze';
import { KMS_ACTIONS } from './generated/kmsActions';
import { KMS_ACTION_FACTS, type KmsActionFacts, type KmsCapability } from './kmsFacts';
import { globMatchLower, suggest } from './suggest';
import type { GeneratedAction } from './types';

/** The service prefix of every catalog action. */
export const KMS_PREFIX = 'kms';

/** A kms action with derived fields. */
export interface ActionInfo extends GeneratedAction {
  /** `kms:Decrypt`. */
  readonly fullName: string;
  /** The access level split into its parts, e.g. `['Permissions management', 'Write']`. */
  readonly accessLevels: readonly string[];
  /** Authorized on a key (has the `key` resource type); false for `Resource: *` actions like CreateKey. */
  readonly onKey: boolean;
}

const ACTIONS: readonly ActionInfo[] = deepFreeze(
  KMS_ACTIONS.map((a) => ({
    ...a,
    fullName: `${KMS_PREFIX}:${a.name}`,
    accessLevels: a.accessLevel.split(',').map((s) => s.trim()),
    onKey: a.resourceTypes.some((r) => r.name === 'key'),
  })),
);

const BY_LOWER_NAME: ReadonlyMap<string, ActionInfo> = new Map(ACTIONS.map((a) => [a.name.toLowerCase(), a]));
/** The catalog spellings, with and without the prefix. */
const BY_NAME: ReadonlyMap<string, ActionInfo> = new Map(ACTIONS.flatMap((a) => [[a.name, a] as const, [a.fullName, a] as const]));

/** Splits `kms:Decrypt` into service and action; no colon gives an undefined service. */
function splitAction(text: string): { service: string | undefined; action: string } {
  const colon = text.indexOf(':');
  return colon < 0 ? { service: undefined, action: text } : { service: text.slice(0, colon), action: text.slice(colon + 1) };
}

/** Every kms action, sorted by name. */
export function allActions(): readonly ActionInfo[] {
  return ACTIONS;
}

/** An action by name, ignoring case: `Decrypt`, `kms:decrypt`. Undefined for other services and unknown names. */
export function findAction(name: string): ActionInfo | undefined {
  // Rules ask with catalog names (`Decrypt`, `kms:Decrypt`) far more often than with any other spelling.
  const exact = BY_NAME.get(name);
  if (exact) return exact;
  const { service, action } = splitAction(name);
  if (service !== undefined && service.toLowerCase() !== KMS_PREFIX) return undefined;
  return BY_LOWER_NAME.get(action.toLowerCase());
}

/**
 * The kms actions an Action-element pattern matches, ignoring case: `kms:Describe*`, `kms:?ecrypt`, `kms:*`,
 * `*`. The service part may glob too (`k*:Decrypt`). A pattern for another service, or without a colon other
 * than `*`, matches nothing. The frozen answer is computed once per pattern text (bounded, see TextCache).
 */
export const matchActions: (pattern: string) => readonly ActionInfo[] = memoByText(matchPattern);

function matchPattern(pattern: string): readonly ActionInfo[] {
  const { service, action } = splitAction(pattern);
  if (service === undefined) return /^\*+$/.test(pattern) ? ACTIONS : NONE;
  if (service.toLowerCase() !== KMS_PREFIX && !globMatchLower(service.toLowerCase(), KMS_PREFIX)) return NONE;
  const lower = action.toLowerCase();
  // Rules and the simulator call this for every item of every statement: keep the common forms allocation-free.
  if (!lower.includes('*') && !lower.includes('?')) {
    return SINGLETONS.get(lower) ?? NONE;
  }
  if (lower === '*') return ACTIONS;
  const star = lower.indexOf('*');
  const prefix = star === lower.length - 1 && !lower.includes('?') ? lower.slice(0, -1) : undefined;
  return Object.freeze(ACTIONS.filter((a) => (prefix !== undefined ? LOWER_NAMES.get(a)!.startsWith(prefix) : globMatchLower(lower, LOWER_NAMES.get(a)!))));
}

const LOWER_NAMES: ReadonlyMap<ActionInfo, string> = new Map(ACTIONS.map((a) => [a, a.name.toLowerCase()]));
const SINGLETONS: ReadonlyMap<string, readonly ActionInfo[]> = new Map(ACTIONS.map((a) => [a.name.toLowerCase(), Object.freeze([a])]));
const NONE: readonly ActionInfo[] = Object.freeze([]);

/** Up to three real actions (as `kms:Name`) near a misspelt one, e.g. `kms:Decrypth` → `kms:Decrypt`. */
export function suggestActions(name: string): string[] {
  const { action } = splitAction(name);
  return suggest(
    action,
    ACTIONS.map((a) => a.name),
  ).map((n) => `${KMS_PREFIX}:${n}`);
}

/** The hand-maintained facts for an action (any accepted spelling); undefined for unknown actions. */
export function kmsFacts(action: string): KmsActionFacts | undefined {
  const info = findAction(action);
  return info ? KMS_ACTION_FACTS[info.name] : undefined;
}

const FACTS_BY_RECORD = new Map<ActionInfo, KmsActionFacts | undefined>(ACTIONS.map((a) => [a, KMS_ACTION_FACTS[a.name]]));

/** The hand-maintained facts for a catalog record (no name lookup: the record is the key). */
export function factsOf(action: ActionInfo): KmsActionFacts | undefined {
  return FACTS_BY_RECORD.get(action);
}

/** Every action whose facts list the capability, sorted by name. */
export function actionsWithCapability(capability: KmsCapability): readonly ActionInfo[] {
  return ACTIONS.filter((a) => KMS_ACTION_FACTS[a.name]?.capabilities.includes(capability));
}
