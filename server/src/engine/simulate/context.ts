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
  readonly account?: string | undefined;
  readonly region?: string | undefined;
  readonly keySpec?: string | undefined;
  readonly keyUsage?: string | undefined;
}

/** A request context: lower-case key → values (undefined = absent). It is also the variables' Lookup. */
export interface RequestContext {
  /** A key's values (lower-case name). */
  get(keyLower: string): Values;
  /** The derived keys and their values, for explanations. */
  derived(): Record<string, readonly string[]>;
}

/** The principal keys the simulator derives (lower case). */
export const PRINCIPAL_KEYS: readonly string[] = [
  'aws:principalarn',
  'aws:principalaccount',
  'kms:calleraccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:principalisawsservice',
  'aws:principalservicename',
];

/** The key-fact keys the simulator derives (lower case). */
export const KEY_FACT_KEYS: readonly string[] = [
  'aws:resourceaccount',
  'aws:requestedregion',
  'aws:securetransport',
  'kms:keyspec',
  'kms:customermasterkeyspec',
  'kms:keyusage',
  'kms:customermasterkeyusage',
];

/** Every key the simulator derives (lower case). */
export const DERIVED_KEYS: readonly string[] = [
  ...PRINCIPAL_KEYS,
  ...KEY_FACT_KEYS,
  'aws:viaawsservice',
  'kms:encryptioncontextkeys',
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

/** The keys fixed by the caller and the key, as a map and as a ready-made object (for explanations). */
export interface FixedKeys {
  readonly map: ReadonlyMap<string, readonly string[]>;
  readonly object: Readonly<Record<string, readonly string[]>>;
  /** The derived context when nothing else is derived, for aws:ViaAWSService false and true (frozen, shared). */
  readonly derivedVia: readonly [Readonly<Record<string, readonly string[]>>, Readonly<Record<string, readonly string[]>>];
}

/** The keys fixed by the caller and the key, computed once per caller and key (callers memoise it). */
export function fixedKeys(caller: Caller, facts: KeyFacts): FixedKeys {
  const m = new Map<string, readonly string[]>();
  for (const k of PRINCIPAL_KEYS) {
    const v = derivePrincipalKey(caller, k);
    if (v) m.set(k, v);
  }
  for (const k of KEY_FACT_KEYS) {
    const v = deriveKeyFact(facts, k);
    if (v) m.set(k, v);
  }
  const object = Object.fromEntries(m);
  return {
    map: m,
    object,
    derivedVia: [Object.freeze({ ...object, 'aws:viaawsservice': FALSE }), Object.freeze({ ...object, 'aws:viaawsservice': TRUE })],
  };
}

const EC_PREFIX = 'kms:encryptioncontext:';
const TRUE: readonly string[] = ['true'];
const FALSE: readonly string[] = ['false'];

/**
 * Builds a request context. `fixed` is `fixedKeys(caller, facts)` (pass a memoised one on hot paths).
 * Throws SimulationInputError when a single-valued key is given several values or the time is unreadable.
 */
export function buildContext(
  caller: Caller,
  facts: KeyFacts,
  given: Readonly<Record<string, ContextValue>> | undefined,
  encryptionContext: Readonly<Record<string, string>> | undefined,
  time: string | undefined,
  fixed: FixedKeys = fixedKeys(caller, facts),
): RequestContext {
  let explicit: Map<string, Values> | undefined;
  if (given) {
    for (const name in given) {
      const lower = name.toLowerCase();
      const values = normaliseValue(given[name]);
      if (values && values.length > 1 && keyMultiValued(lower) === false) {
        throw new SimulationInputError(`${name} is a single-valued key; give one value, not ${values.length}.`);
      }
      (explicit ??= new Map()).set(lower, values);
    }
  }
  let ec: Map<string, Values> | undefined;
  if (encryptionContext) {
    const keys = Object.keys(encryptionContext);
    if (keys.length > 0) {
      ec = new Map();
      for (const k of keys) ec.set(EC_PREFIX + k.toLowerCase(), normaliseValue(encryptionContext[k]));
      ec.set('kms:encryptioncontextkeys', keys);
    }
  }
  const timeMs = time === undefined ? undefined : parseDate(time);
  if (time !== undefined && timeMs === undefined) throw new SimulationInputError(`time "${time}" is not an ISO 8601 date or epoch seconds.`);
  // Beyond ±8.64e15 ms a Date is invalid, and aws:CurrentTime could not be written (the front doors refuse it first).
  if (timeMs !== undefined && Math.abs(timeMs) > 8.64e15) throw new SimulationInputError(`time "${time}" lies outside the dates JavaScript can hold.`);
  return new Context(fixed, explicit, ec, timeMs);
}

/** A request context. A class, not closures: one allocation per request on the evaluation hot path. */
class Context implements RequestContext {
  private readonly via: readonly string[];

  constructor(
    private readonly fixed: FixedKeys,
    private readonly explicit: Map<string, Values> | undefined,
    private readonly ec: Map<string, Values> | undefined,
    private readonly timeMs: number | undefined,
  ) {
    this.via = explicit && (explicit.get('kms:viaservice') || explicit.get('aws:calledvia')) ? TRUE : FALSE;
  }

  get(k: string): Values {
    const explicit = this.explicit;
    if (explicit !== undefined && explicit.has(k)) return explicit.get(k);
    return this.derive(k);
  }

  private derive(k: string): Values {
    const f = this.fixed.map.get(k);
    if (f) return f;
    if (k === 'aws:viaawsservice') return this.via;
    if (this.ec && k.startsWith('kms:encryptioncontext')) return this.ec.get(k);
    if (this.timeMs !== undefined) {
      if (k === 'aws:currenttime') return [new Date(this.timeMs).toISOString()];
      if (k === 'aws:epochtime') return [String(Math.floor(this.timeMs / 1000))];
    }
    return undefined;
  }

  derived(): Record<string, readonly string[]> {
    const { fixed, explicit, ec, timeMs } = this;
    if (!ec && timeMs === undefined && !(explicit && [...explicit.keys()].some((k) => fixed.map.has(k) || k === 'aws:viaawsservice'))) {
      return fixed.derivedVia[this.via === TRUE ? 1 : 0] as Record<string, readonly string[]>;
    }
    let out: Record<string, readonly string[]> = { ...fixed.object, 'aws:viaawsservice': this.via };
    if (ec) for (const [k, v] of ec) if (v) out[k] = v;
    if (timeMs !== undefined) {
      out['aws:currenttime'] = this.derive('aws:currenttime')!;
      out['aws:epochtime'] = this.derive('aws:epochtime')!;
    }
    if (explicit && [...explicit.keys()].some((k) => k in out)) {
      out = Object.fromEntries(Object.entries(out).filter(([k]) => !explicit.has(k)));
    }
    return out;
  }
}
