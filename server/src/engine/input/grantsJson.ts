/**
 * Grants as KMS ListGrants returns them (or `aws kms list-grants` prints them), checked for shape and
 * turned into the simulator's Grant. Form only: what a grant means is the simulator's business.
 */
import type { Grant } from '../simulate';
import { InputError } from './inputError';
import { isObject, type Json, type Mutable } from './json';

/** One grant in ListGrants form: the shape the front doors accept (the simulator's lower-case form is read too). */
export interface GrantJson {
  readonly GranteePrincipal: string;
  readonly Operations: readonly string[];
  readonly Constraints?: {
    readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
    readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
  };
  readonly RetiringPrincipal?: string;
  readonly Name?: string;
  readonly GrantId?: string;
  readonly IssuingAccount?: string;
}

/**
 * Grants as KMS ListGrants returns them (`{"Grants": [...]}` or the list itself; GranteePrincipal,
 * Operations, Constraints, RetiringPrincipal, Name, GrantId), or in the simulator's own lower-case form.
 * `where` names the input in messages.
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
