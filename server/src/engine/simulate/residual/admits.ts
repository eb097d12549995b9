/**
 * Checks a who-can answer against a concrete request: does some class cover the caller, is its residual true
 * for the request, and does the caller meet the class's requirement? This is the bridge the soundness property
 * uses (whoCan and evaluate must never disagree) and what an editor uses to say which row a request falls in.
 */
import { normaliseAction } from '../compile';
import { buildContext } from '../context';
import { requestCaller } from '../evaluate';
import { identityVerdict } from '../iam';
import { isCrossAccountAction } from '../knowledge';
import { resolveKey } from '../keyRef';
import { callerAccount } from '../principals';
import type { SimulationRequest } from '../types';
import { evaluateLiteral, type AtomEnv } from './atoms';
import type { Conjunct, Residual } from './dnf';
import { populationCovers } from './population';
import type { PrincipalClass, WhoCanResult } from './whoCan';

/** Whether a residual holds for a request. */
export function residualHolds(r: Residual, env: AtomEnv): boolean {
  const all = (c: Conjunct): boolean => c.every((l) => evaluateLiteral(l, env));
  return r.any.some(all) && !r.unless.some(all);
}

/** The classes of a who-can answer that allow this request (empty when none does). */
export function admittingClasses(result: WhoCanResult, request: SimulationRequest): PrincipalClass[] {
  const caller = requestCaller(request.principal);
  const action = normaliseAction(request.action).toLowerCase();
  const key = resolveKey(request, {
    ...(result.key.account ? { account: result.key.account } : {}),
    ...(result.key.region ? { region: result.key.region } : {}),
    partition: result.key.partition,
    ...(result.key.arn ? { keyArn: result.key.arn } : {}),
    ...(result.key.keySpec ? { keySpec: result.key.keySpec } : {}),
    ...(result.key.keyUsage ? { keyUsage: result.key.keyUsage } : {}),
  });
  const ctx = buildContext(
    caller,
    { account: key.account, region: key.region, keySpec: key.keySpec, keyUsage: key.keyUsage },
    request.context,
    request.encryptionContext,
    request.time,
  );
  const env: AtomEnv = { caller, ctx, lookup: ctx, key };
  const account = callerAccount(caller);
  const external = account !== undefined && key.account !== undefined && account !== key.account;
  if (external && !isCrossAccountAction(action)) return [];
  let iam: boolean | undefined;
  const iamAllows = (): boolean => (iam ??= identityVerdict(request, caller, action, ctx, key).verdict === 'allow');
  return result.classes.filter((cls) => {
    if (cls.decision === 'denied') return false;
    if (!cls.actions.some((a) => a.toLowerCase() === action)) return false;
    if (!populationCovers(cls.population, caller)) return false;
    if (cls.requires === 'iam' && !iamAllows()) return false;
    if (cls.requires === 'iam-if-external' && external && !iamAllows()) return false;
    return residualHolds(cls.residual, env);
  });
}
