/**
 * Who can vs who did. The who-can analysis of the policy lists every principal class and the rights it holds;
 * the replayed activity (usage.ts) says which calls went through which statements. A class used a right when
 * one of its members called the action through one of the class's own statements (or, for a grantee, through
 * a grant). Rights a class holds and never used in the window are its unused access. Refused calls and calls
 * that failed for other reasons are listed beside.
 */
import { actionFitsKey } from '../catalog';
import { whoCan, type CompiledPolicy, type PrincipalClass, type WhoCanOptions, type WhoCanResult } from '../simulate';
import { isKeyPolicyAction, knownActions } from '../simulate/knowledge';
import { compilePrincipal, patternMatches } from '../simulate/principals';
import type { ActivityGroup } from './groups';
import { keyArnParts } from './keyRefs';
import { callerOfEvent, type EventPrincipal } from './principal';
import { policyUsage, type GroupUsage, type UsageKey } from './usage';

/** One right a class used. */
export interface RightUse {
  readonly action: string;
  /** Calls (successful or failed for reasons other than access). */
  readonly calls: number;
  readonly first: number;
  readonly last: number;
  /** Principal ids (role, user, service…) that used it. */
  readonly principals: readonly string[];
  /** True when some of these calls were matched without checking conditions the trail does not record. */
  readonly unverified: boolean;
}

/** One who-can class with its activity. */
export interface ClassActivity {
  readonly cls: PrincipalClass;
  readonly used: readonly RightUse[];
  /** Rights the class holds and did not use in the window. */
  readonly unused: readonly string[];
}

/** Refused calls of one principal and operation. */
export interface DeniedAttempt {
  readonly group: ActivityGroup;
  /** What the key policy says about such a call now. */
  readonly now?: GroupUsage['deniedNow'];
}

/** The join of who can and who did for one key. */
export interface WhoDid {
  readonly whoCan: WhoCanResult;
  /** Classes the policy allows (fully or under conditions), with their use. */
  readonly classes: readonly ClassActivity[];
  /** Rows the policy denies. */
  readonly deniedClasses: readonly PrincipalClass[];
  readonly usage: readonly GroupUsage[];
  readonly denied: readonly DeniedAttempt[];
  /** Groups with calls that failed for reasons other than access. */
  readonly failed: readonly ActivityGroup[];
  /** Successful calls the key policy does not explain by itself (grants, unrecorded facts). */
  readonly unverified: readonly GroupUsage[];
}

/** Options of the join: the key's facts and grants. */
export interface WhoDidOptions extends UsageKey {
  readonly keyState?: WhoCanOptions['keyState'];
}

/** The rights the analysis covers: every key-policy action that fits the key. */
export function analysedActions(key: { keySpec?: string; keyUsage?: string }): string[] {
  return knownActions().filter(
    (a) =>
      isKeyPolicyAction(a.toLowerCase()) &&
      actionFitsKey(a, { ...(key.keySpec ? { keySpec: key.keySpec } : {}), ...(key.keyUsage ? { keyUsage: key.keyUsage } : {}) }),
  );
}

/** Joins the who-can answer of the policy with the activity groups of its key. */
export function whoDid(policy: CompiledPolicy, groups: readonly ActivityGroup[], options: WhoDidOptions): WhoDid {
  const parts = keyArnParts(options.arn);
  const result = whoCan(policy, analysedActions(options), {
    key: options.arn,
    ...(parts ? { account: parts.account, region: parts.region, partition: parts.partition } : {}),
    ...(options.keySpec ? { keySpec: options.keySpec } : {}),
    ...(options.keyUsage ? { keyUsage: options.keyUsage } : {}),
    ...(options.grants ? { grants: options.grants } : {}),
    ...(options.keyState ? { keyState: options.keyState } : {}),
  });
  const usage = policyUsage(policy, groups, options);
  const classes: ClassActivity[] = [];
  const deniedClasses: PrincipalClass[] = [];
  for (const cls of result.classes) {
    if (cls.decision === 'denied') {
      deniedClasses.push(cls);
      continue;
    }
    classes.push(classActivity(cls, usage));
  }
  return {
    whoCan: result,
    classes,
    deniedClasses,
    usage,
    denied: usage.filter((u) => u.group.denied > 0).map((u) => ({ group: u.group, ...(u.deniedNow ? { now: u.deniedNow } : {}) })),
    failed: groups.filter((g) => g.failed > 0),
    unverified: usage.filter((u) => u.status === 'unverified' || u.grants.length > 0),
  };
}

function classActivity(cls: PrincipalClass, usage: readonly GroupUsage[]): ClassActivity {
  const own = new Set(cls.statements.filter((s) => s.effect === 'Allow').map((s) => s.index));
  const byAction = new Map<string, { calls: number; first: number; last: number; principals: Set<string>; unverified: boolean }>();
  const actions = new Set(cls.actions);
  for (const u of usage) {
    const g = u.group;
    if (g.action === undefined || !actions.has(g.action) || u.status === 'none' || u.status === 'not-an-action') continue;
    if (!isMember(g.principal, cls)) continue;
    const through = cls.kind === 'grantee' ? u.grants.length > 0 : u.statements.some((i) => own.has(i));
    if (!through) continue;
    const calls = g.succeeded + g.failed;
    const entry = byAction.get(g.action);
    if (entry) {
      entry.calls += calls;
      entry.first = Math.min(entry.first, g.first);
      entry.last = Math.max(entry.last, g.last);
      entry.principals.add(g.principal.id);
      entry.unverified ||= u.status === 'unverified';
    } else {
      byAction.set(g.action, {
        calls,
        first: g.first,
        last: g.last,
        principals: new Set([g.principal.id]),
        unverified: u.status === 'unverified',
      });
    }
  }
  const used = cls.actions
    .filter((a) => byAction.has(a))
    .map((a): RightUse => {
      const e = byAction.get(a)!;
      return { action: a, calls: e.calls, first: e.first, last: e.last, principals: [...e.principals].sort(), unverified: e.unverified };
    });
  return { cls, used, unused: cls.actions.filter((a) => !byAction.has(a)) };
}

/** Whether a recorded caller belongs to a who-can class. A caller known only by account belongs to every class of that account. */
export function isMember(p: EventPrincipal, cls: PrincipalClass): boolean {
  switch (cls.kind) {
    case 'account':
    case 'external-account':
      return p.account === cls.principal || p.account === cls.principal.split(':')[4];
    case 'service':
      return p.kind === 'service' && p.id === cls.principal;
    case 'everyone':
      return true;
    default: {
      const c = callerOfEvent(p);
      if (c) return patternMatches(compilePrincipal('AWS', cls.principal), c);
      return p.kind === 'account' && p.account === cls.principal.split(':')[4];
    }
  }
}
