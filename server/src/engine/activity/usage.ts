/**
 * Which parts of the key policy the recorded calls used. Each group's samples are replayed through the
 * simulator against the policy (the caller's own IAM taken to allow the call, since it happened):
 * - a successful call the simulator allows was made through the statements on its decisive path: the
 *   statements naming the caller directly, else those delegating to its account, else a grant;
 * - a successful call the simulator does not allow depends on facts the trail does not record (principal
 *   tags, organization, aws:SourceArn…) or on something outside the policy; it is then taken to have used
 *   every Allow statement that names the caller and covers the action, conditions aside ("unverified"),
 *   so that nothing it may have needed is ever counted as unused;
 * - a refused call is replayed to say whether the key policy itself refuses it now.
 * Calls that failed for other reasons (a disabled key, a bad ciphertext) count as uses: the caller needs
 * the right, whatever stopped the call.
 */
import { evaluate, SimulationInputError, type CompiledPolicy, type Decision, type DecisionReason, type Grant } from '../simulate';
import type { CompiledStatement } from '../simulate/compile';
import { NO_LOOKUP } from '../simulate/conditions/variables';
import { CallerError, readCaller, type Caller } from '../simulate/principals';
import { principalVia, resourceMatches } from '../simulate/statements';
import { resolveKey } from '../simulate/keyRef';
import type { ActivityGroup, EventSample } from './groups';
import { keyArnParts } from './keyRefs';
import { isAccessDenied } from './record';
import { sampleRequest } from './request';

/** The key the calls were made on. */
export interface UsageKey {
  readonly arn: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** Grants on the key, when known. */
  readonly grants?: readonly Grant[];
}

/** How a group's calls relate to the policy. */
export interface GroupUsage {
  readonly group: ActivityGroup;
  /**
   * explained: the simulator allows the successful calls; unverified: some successful call is allowed only if
   * facts the trail does not record hold (or by something outside the policy); none: no call succeeded;
   * not-an-action: the records are not calls a key policy authorizes (service events, IAM-only actions).
   */
  readonly status: 'explained' | 'unverified' | 'none' | 'not-an-action';
  /** Key-policy statements (indexes) the successful calls went through. */
  readonly statements: readonly number[];
  /** Why the simulator allowed them (key-policy, iam-delegation, grant). */
  readonly reasons: readonly DecisionReason[];
  /** The grants that allowed them, by label. */
  readonly grants: readonly string[];
  /** What the key policy says now about the refused calls (the first refused sample). */
  readonly deniedNow?: { readonly decision: 'allow' | 'deny'; readonly reason: DecisionReason; readonly summary: string };
}

/** Replays every group's samples against the policy. */
export function policyUsage(policy: CompiledPolicy, groups: readonly ActivityGroup[], key: UsageKey): GroupUsage[] {
  return groups.map((g) => groupUsage(policy, g, key));
}

/** The successful (or not-refused) samples of a group: the calls whose rights were used. */
export function usedSamples(g: ActivityGroup): EventSample[] {
  return g.samples.filter((s) => !isAccessDenied(s.errorCode));
}

function groupUsage(policy: CompiledPolicy, g: ActivityGroup, key: UsageKey): GroupUsage {
  if (g.action === undefined) return { group: g, status: 'not-an-action', statements: [], reasons: [], grants: [] };
  const statements = new Set<number>();
  const reasons = new Set<DecisionReason>();
  const grants = new Set<string>();
  let unverified = false;
  let any = false;
  for (const s of usedSamples(g)) {
    any = true;
    const d = replay(policy, s, g.action, key);
    if (d?.decision === 'allow') {
      reasons.add(d.reason);
      for (const i of decisiveStatements(d)) statements.add(i);
      for (const x of d.grants) if (x.applies) grants.add(x.grant);
      continue;
    }
    if (d?.reason === 'not-key-policy-action') {
      reasons.add(d.reason);
      continue;
    }
    unverified = true;
    for (const st of candidateStatements(policy, s, g.action, key.arn)) statements.add(st.index);
  }
  // A group whose samples were all refused may still hold successful calls beyond the samples kept.
  if (!any && g.succeeded + g.failed > 0) {
    unverified = true;
    for (const s of g.samples) for (const st of candidateStatements(policy, s, g.action, key.arn)) statements.add(st.index);
  }
  let deniedNow: GroupUsage['deniedNow'];
  const refused = g.samples.find((s) => isAccessDenied(s.errorCode));
  if (refused) {
    const d = replay(policy, refused, g.action, key);
    if (d) deniedNow = { decision: d.decision, reason: d.reason, summary: refusalSummary(d, g.action) };
    else if (refused.principal.caller === undefined && refused.principal.account !== undefined) {
      // The trail does not say who called: say whether anything in the policy could name them.
      const named = candidateStatements(policy, refused, g.action, key.arn);
      deniedNow =
        named.length === 0
          ? {
              decision: 'deny',
              reason: 'implicit-deny',
              summary: `Denied: no statement of the key policy names account ${refused.principal.account} or any of its principals for ${g.action}.`,
            }
          : {
              decision: 'allow',
              reason: 'key-policy',
              summary: `Statements ${named.map((s) => s.index + 1).join(', ')} of the key policy can allow principals of account ${refused.principal.account}, depending on which principal called and on its IAM policies.`,
            };
    }
  }
  const onlyIam = reasons.size === 1 && reasons.has('not-key-policy-action');
  const status = g.succeeded + g.failed === 0 ? 'none' : onlyIam ? 'not-an-action' : unverified ? 'unverified' : 'explained';
  return {
    group: g,
    status,
    statements: [...statements].sort((a, b) => a - b),
    reasons: [...reasons],
    grants: [...grants],
    ...(deniedNow ? { deniedNow } : {}),
  };
}

/** Why a refused call was refused, as far as the key policy tells. */
function refusalSummary(d: Decision, action: string): string {
  if (d.decision === 'deny') return d.summary;
  const via = d.statements.find(
    (s) => s.policy === 'key-policy' && s.applies && s.effect === 'Allow' && s.principal.via === (d.reason === 'iam-delegation' ? 'account' : 'direct'),
  );
  const label = via ? (via.sid ? `Statement ${via.index + 1} ("${via.sid}")` : `Statement ${via.index + 1}`) : 'The key policy';
  if (d.reason === 'iam-delegation')
    return `${label} lets IAM policies in the caller's account allow ${action}, so the caller's own IAM policies (or an SCP or RCP) refused it.`;
  if (d.reason === 'grant')
    return `A grant allows ${action} for this caller; the refusal came from elsewhere (an SCP, RCP or VPC endpoint policy, or a grant constraint the trail does not show).`;
  return `${label} allows the caller ${action}, so the refusal came from elsewhere: an SCP, RCP or VPC endpoint policy, the caller's IAM policies when it is from another account, or a condition on facts the trail does not show.`;
}

/** Replays one sample; undefined when the trail does not say who called or the simulator refuses the input. */
export function replay(policy: CompiledPolicy, sample: EventSample, action: string, key: UsageKey): Decision | undefined {
  const request = sampleRequest(sample, action, key.arn, key.grants);
  if (!request) return undefined;
  const parts = keyArnParts(key.arn);
  try {
    return evaluate(
      policy,
      {
        ...request,
        ...(key.keySpec ? { keySpec: key.keySpec } : {}),
        ...(key.keyUsage ? { keyUsage: key.keyUsage } : {}),
      },
      parts ? { account: parts.account, region: parts.region, keyArn: key.arn } : {},
    );
  } catch (e) {
    if (e instanceof SimulationInputError) return undefined;
    throw e;
  }
}

/** The statements on an allowed decision's path: those naming the caller directly, else those delegating to its account. */
export function decisiveStatements(d: Decision): number[] {
  const applying = d.statements.filter((s) => s.policy === 'key-policy' && s.applies && s.effect === 'Allow');
  if (d.reason === 'key-policy') return applying.filter((s) => s.principal.via === 'direct').map((s) => s.index);
  if (d.reason === 'iam-delegation') return applying.filter((s) => s.principal.via === 'account').map((s) => s.index);
  return [];
}

/**
 * The Allow statements that name the caller and cover the action and the key, conditions aside. For a
 * caller recorded only by account: every statement naming that account, one of its principals, or everyone.
 */
export function candidateStatements(policy: CompiledPolicy, sample: EventSample, action: string, keyArn: string): CompiledStatement[] {
  const key = resolveKey({ key: keyArn });
  const live = policy
    .plan(action.toLowerCase())
    .live.map((p) => p.statement)
    .filter((st) => st.effect === 'Allow' && resourceMatches(st, key, NO_LOOKUP).matched);
  const caller = readable(sample.principal.caller);
  if (caller) return live.filter((st) => principalVia(st, caller).via !== 'none');
  const account = sample.principal.account;
  return live.filter(
    (st) =>
      st.principalMode === 'not-principal' || st.principals.some((p) => p.kind === 'any' || ('account' in p && account !== undefined && p.account === account)),
  );
}

function readable(text: string | undefined): Caller | undefined {
  if (text === undefined) return undefined;
  try {
    return readCaller(text);
  } catch (e) {
    if (e instanceof CallerError) return undefined;
    throw e;
  }
}
