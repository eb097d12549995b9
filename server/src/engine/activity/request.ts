/**
 * A recorded call as a simulator request: the caller, the action, the key, the time, and the request context
 * the record shows (encryption context, the service the call came through, the source address or VPC
 * endpoint, MFA, the alias used, grant parameters, algorithms). Facts the trail never records (principal
 * tags, organization, aws:SourceArn of a service's own call) are left out: a condition on them does not
 * hold in the replay, and the analysis then says the event is not explained by the simulated policy.
 */
import type { Grant, SimulationRequest } from '../simulate';
import type { ContextValue } from '../simulate/conditions/values';
import type { EventSample } from './groups';
import { isServicePrincipal } from './principal';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;

/** The kms:ViaService value of a call made through a service (`s3.amazonaws.com` → `s3.us-east-1.amazonaws.com`). */
export function viaServiceOf(source: string, region: string): string | undefined {
  if (source === 'direct' || !isServicePrincipal(source)) return undefined;
  const m = /^(.+?)\.amazonaws\.com(\.cn)?$/.exec(source);
  if (!m) return undefined;
  // A service already named with its Region (s3.us-east-1.amazonaws.com) is kept as it is.
  if (m[1]!.endsWith(`.${region}`)) return source;
  return `${m[1]}.${region}.amazonaws.com${m[2] ?? ''}`;
}

const STRING_PARAMETERS: readonly (readonly [string, string])[] = [
  ['encryptionAlgorithm', 'kms:EncryptionAlgorithm'],
  ['signingAlgorithm', 'kms:SigningAlgorithm'],
  ['macAlgorithm', 'kms:MacAlgorithm'],
  ['messageType', 'kms:MessageType'],
  ['keyPairSpec', 'kms:DataKeyPairSpec'],
  ['keyAgreementAlgorithm', 'kms:KeyAgreementAlgorithm'],
  ['granteePrincipal', 'kms:GranteePrincipal'],
  ['retiringPrincipal', 'kms:RetiringPrincipal'],
];

/**
 * The simulator request for one recorded call of `action` on `keyArn`; undefined when the trail does not
 * say who called (a principal of another account recorded by account only).
 */
export function sampleRequest(sample: EventSample, action: string, keyArn: string, grants?: readonly Grant[]): SimulationRequest | undefined {
  const caller = sample.principal.caller;
  if (caller === undefined) return undefined;
  const context: Record<string, ContextValue> = {};
  const via = viaServiceOf(sample.source, sample.region);
  if (via) context['kms:ViaService'] = via;
  else if (sample.source === 'AWS Internal') context['aws:ViaAWSService'] = true;
  if (sample.sourceIp && (IPV4.test(sample.sourceIp) || (sample.sourceIp.includes(':') && IPV6.test(sample.sourceIp))))
    context['aws:SourceIp'] = sample.sourceIp;
  if (sample.vpcEndpointId) context['aws:SourceVpce'] = sample.vpcEndpointId;
  if (sample.mfa !== undefined) context['aws:MultiFactorAuthPresent'] = sample.mfa;
  if (sample.alias) context['kms:RequestAlias'] = sample.alias;
  const r = sample.request ?? {};
  for (const [field, key] of STRING_PARAMETERS) {
    const v = r[field];
    if (typeof v === 'string' && v !== '') context[key] = v;
  }
  const operations = r.operations;
  if (Array.isArray(operations) && operations.every((o) => typeof o === 'string')) context['kms:GrantOperations'] = operations as string[];
  if (/^(CreateGrant|ListGrants|RevokeGrant)$/i.test(action.replace(/^kms:/i, '')) && via) context['kms:GrantIsForAWSResource'] = true;
  if (typeof r.pendingWindowInDays === 'number') context['kms:ScheduleKeyDeletionPendingWindowInDays'] = r.pendingWindowInDays;
  if (typeof r.rotationPeriodInDays === 'number') context['kms:RotationPeriodInDays'] = r.rotationPeriodInDays;
  if (typeof r.bypassPolicyLockoutSafetyCheck === 'boolean') context['kms:BypassPolicyLockoutSafetyCheck'] = r.bypassPolicyLockoutSafetyCheck;
  if (/^kms:ReEncrypt(From|To)$/i.test(action)) context['kms:ReEncryptOnSameKey'] = sample.sameKey === true;
  const ec = r.encryptionContext;
  const encryptionContext =
    typeof ec === 'object' && ec !== null && !Array.isArray(ec)
      ? Object.fromEntries(Object.entries(ec as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined;
  return {
    principal: caller,
    action,
    key: keyArn,
    time: new Date(sample.time).toISOString(),
    iamAllows: true,
    context,
    ...(encryptionContext && Object.keys(encryptionContext).length > 0 ? { encryptionContext } : {}),
    ...(grants && grants.length > 0 ? { grants } : {}),
  };
}
