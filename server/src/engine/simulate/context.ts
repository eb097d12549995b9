/**
 * The request context: the keys a caller gives, plus the keys the request implies, derived rather than typed
 * (IAM global condition keys reference; KMS condition keys reference):
 * - aws:PrincipalArn (the role ARN for a session), aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalType,
 *   aws:userid (root and federated users, where it is derivable), aws:username (IAM users),
 *   aws:PrincipalIsAWSService, aws:PrincipalServiceName;
 * - aws:ResourceAccount and aws:RequestedRegion from the key; aws:SecureTransport (KMS endpoints are HTTPS-only)
 *   and aws:ViaAWSService (true when kms:ViaService or aws:CalledVia is given) [inf];
 * - kms:EncryptionContext:<k> and kms:EncryptionContextKeys from the encryption context; kms:KeySpec/KeyUsage
 *   (and their deprecated CustomerMasterKey* forms) from the key spec and usage; aws:CurrentTime/EpochTime
 *   from the request time.
 * A key the caller gives overrides the derived value. Keys the action never carries are dropped later, per
 * action (compile.ts), so the context itself is action-independent.
 * Service principals carry no account, ARN or type (IAM documents those for IAM principals only) [inf].
 */
import { parseDate } from './conditions/dates';
import { normaliseValue, type ContextValue, type Values } from './conditions/values';
import { keyMultiValued } from './knowledge';
import { callerAccount, callerPrincipalArn, type Caller } from './principals';
import { SimulationInputError } from './types';

/** Key facts the context derives from. */
export interface KeyFacts {
  readonly account?: string;
  readonly region?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
}

/** A request context: lower-case key → values (undefined = absent). */
export interface RequestContext {
  get(keyLower: string): Values;
  /** The derived keys and their values, for explanations. */
  derived(): Record<string, readonly string[]>;
}

/** The keys the simulator derives (lower case). */
export const DERIVED_KEYS: readonly string[] = [
  'aws:principalarn',
  'aws:principalaccount',
  'kms:calleraccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:resourceaccount',
  'aws:requestedregion',
  'aws:securetransport',
  'aws:viaawsservice',
  'kms:encryptioncontextkeys',
  'kms:keyspec',
  'kms:customermasterkeyspec',
  'kms:keyusage',
  'kms:customermasterkeyusage',
  'aws:currenttime',
  'aws:epochtime',
];

/** The value of aws:PrincipalType for a caller (IAM policy-variables reference, "principal key values"). */
export function principalType(c: Caller): string | undefined {
  switch (c.kind) {
    case 'root':
      return 'Account';
    case 'user':
      return 'User';
    case 'role':
    case 'assumed-role':
      return 'AssumedRole';
    case 'federated-user':
      return 'FederatedUser';
    case 'anonymous':
      return 'Anonymous';
    default:
      return undefined;
  }
}

/** Derives one key for a caller (principal keys only), lower-case name; undefined when the request lacks it. */
export function derivePrincipalKey(c: Caller, keyLower: string): Values {
  switch (keyLower) {
    case 'aws:principalarn':
      return one(callerPrincipalArn(c));
    case 'aws:principalaccount':
    case 'kms:calleraccount':
      return one(callerAccount(c));
    case 'aws:principaltype':
      return one(principalType(c));
    case 'aws:userid':
      return c.kind === 'root' ? [c.account] : c.kind === 'federated-user' ? [`${c.account}:${c.name}`] : undefined;
    case 'aws:username':
      return c.kind === 'user' ? [c.name] : undefined;
    case 'aws:principalisawsservice':
      return c.kind === 'anonymous' ? undefined : [c.kind === 'service' ? 'true' : 'false'];
    case 'aws:principalservicename':
      return c.kind === 'service' ? [c.service] : undefined;
    default:
      return undefined;
  }
}

/** Derives one key from the key facts; undefined when unknown. */
export function deriveKeyFact(facts: KeyFacts, keyLower: string): Values {
  switch (keyLower) {
    case 'aws:resourceaccount':
      return one(facts.account);
    case 'aws:requestedregion':
      return one(facts.region);
    case 'aws:securetransport':
      return ['true'];
    case 'kms:keyspec':
    case 'kms:customermasterkeyspec':
      return one(facts.keySpec);
    case 'kms:keyusage':
    case 'kms:customermasterkeyusage':
      return one(facts.keyUsage);
    default:
      return undefined;
  }
}

function one(v: string | undefined): Values {
  return v === undefined || v === '' ? undefined : [v];
}

const EC_PREFIX = 'kms:encryptioncontext:';

/** Builds a request context. Throws SimulationInputError when a single-valued key is given several values. */
export function buildContext(
  caller: Caller,
  facts: KeyFacts,
  given: Readonly<Record<string, ContextValue>> | undefined,
  encryptionContext: Readonly<Record<string, string>> | undefined,
  time: string | undefined,
): RequestContext {
  const explicit = new Map<string, Values>();
  if (given) {
    for (const name of Object.keys(given)) {
      const lower = name.toLowerCase();
      const values = normaliseValue(given[name]);
      if (values && values.length > 1 && keyMultiValued(lower) === false) {
        throw new SimulationInputError(`${name} is a single-valued key; give one value, not ${values.length}.`);
      }
      explicit.set(lower, values);
    }
  }
  const ec = new Map<string, Values>();
  if (encryptionContext) {
    const keys = Object.keys(encryptionContext);
    for (const k of keys) ec.set(EC_PREFIX + k.toLowerCase(), normaliseValue(encryptionContext[k]));
    if (keys.length > 0) ec.set('kms:encryptioncontextkeys', keys);
  }
  const timeMs = time === undefined ? undefined : parseDate(time);
  if (time !== undefined && timeMs === undefined) throw new SimulationInputError(`time "${time}" is not an ISO 8601 date or epoch seconds.`);
  const derive = (k: string): Values => {
    if (k.startsWith('kms:encryptioncontext')) return ec.get(k);
    switch (k) {
      case 'aws:viaawsservice':
        return [explicit.get('kms:viaservice') || explicit.get('aws:calledvia') ? 'true' : 'false'];
      case 'aws:currenttime':
        return timeMs === undefined ? undefined : [new Date(timeMs).toISOString()];
      case 'aws:epochtime':
        return timeMs === undefined ? undefined : [String(Math.floor(timeMs / 1000))];
      default:
        return derivePrincipalKey(caller, k) ?? deriveKeyFact(facts, k);
    }
  };
  return {
    get: (k) => (explicit.has(k) ? explicit.get(k) : derive(k)),
    derived() {
      const out: Record<string, readonly string[]> = {};
      for (const k of [...DERIVED_KEYS, ...ec.keys()]) {
        if (explicit.has(k)) continue;
        const v = derive(k);
        if (v) out[k] = v;
      }
      return out;
    },
  };
}
