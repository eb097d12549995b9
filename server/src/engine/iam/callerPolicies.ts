/**
 * A simulated caller's policies picked from the supplied IAM data (`simulate --iam`): its identity policies
 * (its own inline and managed ones and its groups'), its permissions boundary, its account's SCPs and the
 * key account's RCPs. One request gets one decision, so a policy the data references but does not hold is an
 * error, not a guess.
 */
import { InputError } from '../input/inputError';
import type { CompiledPolicy } from '../simulate/compile';
import { readCaller } from '../simulate/principals';
import type { SimulationRequest } from '../simulate/types';
import type { IamData, IamPrincipal, OrgData, PolicyRef } from './model';

/** The request members `simulate --iam` fills in. */
export type CallerPolicies = Pick<SimulationRequest, 'identityPolicies' | 'permissionsBoundary' | 'serviceControlPolicies' | 'resourceControlPolicies'>;

function compiled(ref: PolicyRef, holder: string): CompiledPolicy {
  if (!ref.compiled)
    throw new InputError(`${ref.name} (held by ${holder}) is not in the IAM data: add its document (AWS managed policies need --filter AWSManagedPolicy)`);
  return ref.compiled();
}

/** Finds the caller in the IAM data and returns its policies; throws InputError when it is not there. */
export function callerPolicies(iam: IamData | undefined, org: OrgData | undefined, principal: string, keyAccount: string | undefined): CallerPolicies {
  let caller;
  try {
    caller = readCaller(principal);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const out: { -readonly [K in keyof CallerPolicies]: CallerPolicies[K] } = {};
  const account = caller.kind === 'service' || caller.kind === 'anonymous' ? undefined : caller.account;
  if (iam && account !== undefined && caller.kind !== 'root') {
    const data = iam.accounts.get(account);
    if (!data) throw new InputError(`the IAM data holds no account ${account}, the caller's: supply its authorization details`);
    const name = caller.kind === 'role' || caller.kind === 'assumed-role' ? caller.role : 'name' in caller ? caller.name : '';
    const kind = caller.kind === 'user' ? 'user' : caller.kind === 'federated-user' ? undefined : 'role';
    const found: IamPrincipal | undefined = kind && data.principals.find((p) => p.kind === kind && p.name === name);
    if (!found) throw new InputError(`the caller ${principal} is not in the IAM data of account ${account} (${data.file})`);
    out.identityPolicies = found.identity.map((r) => compiled(r, found.arn));
    if (found.boundary) out.permissionsBoundary = compiled(found.boundary, found.arn);
  }
  if (org) {
    const scps = account !== undefined ? org.accounts.get(account)?.scps : undefined;
    if (scps) out.serviceControlPolicies = scps.map((level) => level.map((p) => p.compiled()));
    const rcps = keyAccount !== undefined ? org.accounts.get(keyAccount)?.rcps : undefined;
    if (rcps) out.resourceControlPolicies = rcps.map((level) => level.map((p) => p.compiled()));
  }
  return out;
}
