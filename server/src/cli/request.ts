/**
 * The files `simulate` reads besides the policy, checked for shape and turned into the simulator's types:
 * a request (REQUEST.json) and grants as `aws kms list-grants` prints them. Form only: what the values
 * mean is the simulator's business.
 */
import { KEY_STATES, type ContextValue, type Grant, type KeyState, type SimulationRequest } from '../engine';
import { InputError, UsageError } from './args';

type Json = unknown;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: Json): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The members REQUEST.json may have. */
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

/** Reads a parsed REQUEST.json. `where` names the file in messages. */
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
  const principal = str('principal');
  const action = str('action');
  const account = str('account');
  const region = str('region');
  const partition = str('partition');
  const key = str('key');
  const keySpec = str('keySpec');
  const keyUsage = str('keyUsage');
  const time = str('time');
  if (principal !== undefined) out.principal = principal;
  if (action !== undefined) out.action = action;
  if (account !== undefined) out.keyAccount = account;
  if (region !== undefined) out.region = region;
  if (partition !== undefined) out.partition = partition;
  if (key !== undefined) out.key = key;
  if (keySpec !== undefined) out.keySpec = keySpec;
  if (keyUsage !== undefined) out.keyUsage = keyUsage;
  if (time !== undefined) out.time = time;
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

/**
 * Grants as KMS ListGrants returns them (`{"Grants": [...]}` or the list itself; GranteePrincipal,
 * Operations, Constraints, RetiringPrincipal, Name, GrantId), or in the simulator's own lower-case form.
 */
export function grantsFromJson(value: Json, where: string): Grant[] {
  const list = isObject(value) && Array.isArray(value['Grants']) ? value['Grants'] : value;
  if (!Array.isArray(list)) throw new InputError(`${where} must be a list of grants (or ListGrants output with "Grants")`);
  return list.map((g, i) => grantFromJson(g, `${where}[${i}]`));
}

function grantFromJson(g: Json, where: string): Grant {
  if (!isObject(g)) throw new InputError(`${where} must be a grant object`);
  const pick = (...names: string[]): Json => names.map((n) => g[n]).find((v) => v !== undefined);
  const grantee = pick('GranteePrincipal', 'grantee');
  if (typeof grantee !== 'string' || grantee === '') throw new InputError(`${where} needs "GranteePrincipal" (a string)`);
  const operations = pick('Operations', 'operations');
  if (!Array.isArray(operations) || operations.length === 0 || !operations.every((o) => typeof o === 'string')) {
    throw new InputError(`${where} needs "Operations" (a non-empty list of strings)`);
  }
  const out: Mutable<Grant> = { grantee, operations: operations as string[] };
  const constraints = pick('Constraints', 'constraints');
  if (constraints !== undefined) {
    if (!isObject(constraints)) throw new InputError(`${where}: "Constraints" must be an object`);
    const c: { encryptionContextEquals?: Record<string, string>; encryptionContextSubset?: Record<string, string> } = {};
    for (const [from, to] of [
      ['EncryptionContextEquals', 'encryptionContextEquals'],
      ['EncryptionContextSubset', 'encryptionContextSubset'],
    ] as const) {
      const v = constraints[from] ?? constraints[to];
      if (v === undefined) continue;
      if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) throw new InputError(`${where}: "${from}" must be an object of strings`);
      c[to] = v as Record<string, string>;
    }
    out.constraints = c;
  }
  const retiring = pick('RetiringPrincipal', 'retiringPrincipal');
  if (typeof retiring === 'string') out.retiringPrincipal = retiring;
  const name = pick('Name', 'name', 'GrantId');
  if (typeof name === 'string' && name !== '') out.name = name;
  return out;
}

/** Parses repeated `KEY=VALUE` options into an object; a key given twice collects a list. */
export function keyValues(values: readonly string[], option: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} needs KEY=VALUE (got '${v}')`);
    const k = v.slice(0, eq);
    const val = v.slice(eq + 1);
    const prev = out[k];
    out[k] = prev === undefined ? val : Array.isArray(prev) ? [...prev, val] : [prev, val];
  }
  return out;
}
