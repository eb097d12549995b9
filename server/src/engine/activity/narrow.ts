/**
 * Narrowing one usage statement to what the trail shows it was used for: the principal entries that named
 * a recorded caller, and the actions those callers called through it. An entry of `"*"` used by callers is
 * replaced by those callers (their role, user, account root or service principal) when there are few; the
 * statement's conditions and resources are never touched, so the result allows a subset of what it did.
 */
import { getNodeValue } from 'jsonc-parser';
import type { Statement } from '../parse/model';
import type { CompiledStatement } from '../simulate/compile';
import { canonicalAction } from '../simulate/knowledge';
import { patternMatches, type Caller, type PrincipalPattern } from '../simulate/principals';
import { callerOfEvent, type EventPrincipal } from './principal';
import type { StatementEdit } from './policyEdits';
import type { GroupUsage } from './usage';

/** Most callers written in place of a `"*"`; beyond it the `"*"` stays. */
export const MAX_REPLACEMENTS = 20;

/** What narrowing did to one statement. */
export interface Narrowing {
  readonly edit?: StatementEdit;
  readonly removedPrincipals: readonly string[];
  readonly addedPrincipals: readonly string[];
  readonly removedActions: readonly string[];
  readonly keptActions: readonly string[];
  /** A reason the `"*"` was kept. */
  readonly note?: string;
}

function entryNames(pattern: PrincipalPattern, p: EventPrincipal, caller: Caller | undefined): boolean {
  if (caller) return patternMatches(pattern, caller);
  if (pattern.kind === 'any') return true;
  return 'account' in pattern && p.account !== undefined && pattern.account === p.account;
}

/** The principal a `"*"` is replaced by for one caller: [type, value], or undefined when the trail cannot say. */
function replacementFor(p: EventPrincipal, partition: string): [string, string] | undefined {
  switch (p.kind) {
    case 'role':
    case 'user':
    case 'root':
    case 'federated-user':
      return ['AWS', p.id];
    case 'account':
      return ['AWS', `arn:${partition}:iam::${p.account}:root`];
    case 'service':
      return p.caller ? ['Service', p.id] : undefined;
    default:
      return undefined;
  }
}

/**
 * Narrows a usage statement. `rights` are the key-policy actions (lower case) the statement grants; `uses`
 * the groups whose calls went through it.
 */
export function narrowStatement(
  model: Statement,
  st: CompiledStatement,
  uses: readonly GroupUsage[],
  rights: ReadonlySet<string>,
  partition: string,
): Narrowing {
  const block = model.principal;
  const entries = block?.entries ?? [];
  const keep = entries.map(() => false);
  const additions = new Map<string, [string, string]>();
  let unreplaceable = false;
  for (const u of uses) {
    const p = u.group.principal;
    const caller = callerOfEvent(p);
    const named = st.principals.map((pattern, i) => (entryNames(pattern, p, caller) ? i : -1)).filter((i) => i >= 0);
    let specific = named.filter((i) => st.principals[i]!.kind !== 'any');
    // A known caller named both as itself and through its account keeps only the narrower entry; a caller
    // the trail knows by account only keeps every entry that may be it.
    if (caller && specific.some((i) => st.principals[i]!.kind !== 'account')) specific = specific.filter((i) => st.principals[i]!.kind !== 'account');
    if (specific.length > 0) for (const i of specific) keep[i] = true;
    else if (named.length > 0) {
      const r = replacementFor(p, partition);
      if (r) additions.set(`${r[0]}|${r[1]}`, r);
      else unreplaceable = true;
    }
  }
  let note: string | undefined;
  const anyIndexes = st.principals.map((p, i) => (p.kind === 'any' ? i : -1)).filter((i) => i >= 0);
  if (additions.size > 0 && (unreplaceable || additions.size > MAX_REPLACEMENTS)) {
    note = unreplaceable ? 'kept "*": some callers through it are not recorded by name' : `kept "*": ${additions.size} different callers used it`;
    for (const i of anyIndexes) keep[i] = true;
    additions.clear();
  } else if (unreplaceable) {
    for (const i of anyIndexes) keep[i] = true;
    note = 'kept "*": some callers through it are not recorded by name';
  }

  const usedActions = new Set(uses.map((u) => u.group.action!.toLowerCase()));
  const keptActions = [...rights].filter((a) => usedActions.has(a));
  const removedActions = [...rights].filter((a) => !usedActions.has(a));
  const addedPrincipals = [...additions.values()].map(([, v]) => v).sort();
  // A "*" replaced by its callers is reported as replaced, not as removed.
  const removedPrincipals = entries.filter((e, i) => !keep[i] && !(e.value === '*' && addedPrincipals.length > 0)).map((e) => e.value);

  const principalChanged = removedPrincipals.length > 0 || addedPrincipals.length > 0;
  const actionChanged = removedActions.length > 0 || (st.actionNegated && keptActions.length > 0);
  const edit: StatementEdit | undefined =
    principalChanged || actionChanged
      ? {
          index: st.index,
          ...(principalChanged && block
            ? { principal: narrowedPrincipal(block.node ? getNodeValue(block.node) : undefined, entries, keep, [...additions.values()]) }
            : {}),
          ...(actionChanged ? { action: actionValue(model, keptActions) } : {}),
        }
      : undefined;
  return {
    ...(edit ? { edit } : {}),
    removedPrincipals,
    addedPrincipals,
    removedActions: removedActions.map(display),
    keptActions: keptActions.map(display),
    ...(note ? { note } : {}),
  };
}

function display(actionLower: string): string {
  return canonicalAction(actionLower) ?? actionLower;
}

function actionValue(model: Statement, kept: readonly string[]): unknown {
  const names = kept.map(display).sort();
  const wasArray = model.action?.isArray ?? true;
  return names.length === 1 && !wasArray ? names[0] : names;
}

/** The Principal value with unused entries dropped and `"*"` replaced, keeping each type's string or list form. */
function narrowedPrincipal(
  raw: unknown,
  entries: readonly { type: string; value: string }[],
  keep: readonly boolean[],
  additions: readonly [string, string][],
): unknown {
  const out: Record<string, string | string[]> = {};
  const byType = new Map<string, { values: string[]; wasArray: boolean }>();
  const rawObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  entries.forEach((e, i) => {
    const type = e.type === '*' ? 'AWS' : e.type;
    let slot = byType.get(type);
    if (!slot) byType.set(type, (slot = { values: [], wasArray: Array.isArray(rawObject?.[type]) }));
    if (keep[i]) slot.values.push(e.value);
  });
  // Callers written in place of "*" come sorted, so the proposal does not depend on the order of the trail.
  for (const [type, value] of [...additions].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]))) {
    let slot = byType.get(type);
    if (!slot) byType.set(type, (slot = { values: [], wasArray: false }));
    if (!slot.values.includes(value)) slot.values.push(value);
  }
  for (const [type, slot] of byType) {
    if (slot.values.length === 0) continue;
    out[type] = slot.values.length === 1 && !slot.wasArray ? slot.values[0]! : slot.values;
  }
  return out;
}
