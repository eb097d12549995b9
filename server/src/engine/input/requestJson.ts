/**
 * A simulation request as JSON (the CLI's REQUEST.json, the language server's kmsKeyPolicy/simulate
 * `request`), checked for shape and turned into the simulator's SimulationRequest. Form only: what the
 * values mean is the simulator's business.
 */
import { KEY_STATES, type ContextValue, type KeyState, type SimulationRequest } from '../simulate';
import { requestActionFrom } from './actions';
import { grantsFromJson, type GrantJson } from './grantsJson';
import { InputError } from './inputError';
import { isObject, isScalar, type Json, type Mutable } from './json';
import { keyFactFrom, keyFrom, type KeyFact } from './keyFacts';
import { requestTimeFrom } from './times';

/** The members a request may have. */
export const REQUEST_FIELDS = [
  'principal',
  'action',
  'account',
  'region',
  'partition',
  'key',
  'context',
  'encryptionContext',
  'iamAllows',
  'identityPolicies',
  'grants',
  'keyState',
  'keySpec',
  'keyUsage',
  'time',
] as const;

/** The string members of a request, in the order they are checked, and the SimulationRequest field each sets. */
const STRING_MEMBERS = {
  principal: 'principal',
  action: 'action',
  account: 'keyAccount',
  region: 'region',
  partition: 'partition',
  key: 'key',
  keySpec: 'keySpec',
  keyUsage: 'keyUsage',
  time: 'time',
} as const satisfies Record<string, keyof SimulationRequest>;

function fact(name: KeyFact): (value: string, where: string) => string {
  return (value, where) => keyFactFrom(name, value, where);
}

/**
 * Each string member's form, checked as the CLI checks the flag of the same name: `where` names the member.
 * The principal's form is the simulator's to judge (it explains what it could not read).
 */
const MEMBER_FORMS: Readonly<Partial<Record<keyof typeof STRING_MEMBERS, (value: string, where: string) => string>>> = {
  action: requestActionFrom,
  account: fact('account'),
  region: fact('region'),
  partition: fact('partition'),
  key: keyFrom,
  keySpec: fact('keySpec'),
  keyUsage: fact('keyUsage'),
  time: requestTimeFrom,
};

/** A request as JSON: the shape {@link requestFromJson} reads. */
export interface RequestJson {
  readonly principal?: string;
  readonly action?: string;
  /** The key's account. */
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** The key ARN. */
  readonly key?: string;
  readonly context?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>;
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** Take the caller's own IAM policies to allow the action. */
  readonly iamAllows?: boolean;
  /** IAM policies of the caller: policy objects or their JSON text. */
  readonly identityPolicies?: readonly (string | object)[];
  readonly grants?: readonly GrantJson[];
  readonly keyState?: KeyState;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** ISO 8601 or epoch seconds. */
  readonly time?: string;
}

/** Reads a parsed request. `where` names the input in messages. */
export function requestFromJson(value: Json, where: string): Partial<SimulationRequest> {
  const fail = (message: string): never => {
    throw new InputError(`${where}: ${message}`);
  };
  if (!isObject(value)) return fail('a request is a JSON object such as {"principal": "arn:aws:iam::111122223333:role/App", "action": "kms:Decrypt"}');
  for (const k of Object.keys(value)) {
    if (!(REQUEST_FIELDS as readonly string[]).includes(k)) fail(`unknown member "${k}" (a request may have ${REQUEST_FIELDS.join(', ')})`);
  }
  const str = (k: string): string | undefined => {
    const v = value[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') return fail(`"${k}" must be a non-empty string`);
    return v;
  };
  const out: Mutable<Partial<SimulationRequest>> = {};
  for (const member of Object.keys(STRING_MEMBERS) as (keyof typeof STRING_MEMBERS)[]) {
    const v = str(member);
    const form = MEMBER_FORMS[member];
    if (v !== undefined) out[STRING_MEMBERS[member]] = form ? form(v, `${where}: "${member}"`) : v;
  }
  if (value['context'] !== undefined) out.context = contextFromJson(value['context'], `${where}: "context"`);
  if (value['encryptionContext'] !== undefined) {
    const ec = value['encryptionContext'];
    if (!isObject(ec) || !Object.values(ec).every((v) => typeof v === 'string')) fail('"encryptionContext" must be an object of strings');
    out.encryptionContext = ec as Record<string, string>;
  }
  if (value['iamAllows'] !== undefined) {
    if (typeof value['iamAllows'] !== 'boolean') fail('"iamAllows" must be true or false');
    out.iamAllows = value['iamAllows'] as boolean;
  }
  if (value['identityPolicies'] !== undefined) out.identityPolicies = identityPoliciesFromJson(value['identityPolicies'], `${where}: "identityPolicies"`);
  if (value['grants'] !== undefined) out.grants = grantsFromJson(value['grants'], `${where}: "grants"`);
  if (value['keyState'] !== undefined) out.keyState = keyStateFrom(value['keyState'], `${where}: "keyState"`);
  return out;
}

/** A request that names its principal and action, as the simulator needs them. `where` names the input in messages. */
export function simulationRequest(request: Partial<SimulationRequest>, where: string): SimulationRequest {
  const { principal, action } = request;
  if (principal === undefined || action === undefined) {
    const missing = [principal === undefined ? '"principal"' : '', action === undefined ? '"action"' : ''].filter(Boolean).join(' and ');
    throw new InputError(`${where}: a request needs ${missing}`);
  }
  return { ...request, principal, action };
}

/** Checks a key state name. */
export function keyStateFrom(value: Json, where: string): KeyState {
  if (typeof value !== 'string' || !(KEY_STATES as readonly string[]).includes(value)) {
    throw new InputError(`${where} must be one of ${KEY_STATES.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as KeyState;
}

/** Reads request context values: each a string, number, boolean or list of them. */
export function contextFromJson(value: Json, where: string): Record<string, ContextValue> {
  if (!isObject(value)) throw new InputError(`${where} must be an object of condition keys and values`);
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isScalar(v) || (Array.isArray(v) && v.every(isScalar))) out[k] = v as ContextValue;
    else throw new InputError(`${where}: "${k}" must be a string, number, boolean or a list of them`);
  }
  return out;
}

/** Identity policies: policy objects (or their JSON text), passed to the simulator as text. */
export function identityPoliciesFromJson(value: Json, where: string): string[] {
  if (!Array.isArray(value)) throw new InputError(`${where} must be a list of IAM policies`);
  return value.map((p, i) => {
    if (typeof p === 'string') return p;
    if (isObject(p)) return JSON.stringify(p);
    throw new InputError(`${where}[${i}] must be a policy object`);
  });
}
