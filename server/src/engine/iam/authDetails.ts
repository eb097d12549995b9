/**
 * Reads the JSON of `aws iam get-account-authorization-details` (or the API's raw answer, whose policy
 * documents are URL-encoded JSON strings): users with their groups, inline and attached policies and
 * boundaries; groups; roles with their trust policies; managed policies with their default versions. One
 * file per account, or several (pages, or AWS managed policies fetched with `--filter AWSManagedPolicy`):
 * files of one account are merged and managed policies are looked up across every file. A malformed file is
 * an InputError naming the file and the element; a policy referenced but not supplied is listed, never
 * taken as empty.
 */
import { InputError } from '../input/inputError';
import type { CompiledPolicy } from '../simulate/compile';
import { isObject, type Json } from '../input/json';
import { actionFilter, lazyPolicy, type IamFile, type IamAccount, type IamData, type IamPrincipal, type PolicyRef } from './model';

const ARN = /^arn:([a-z-]+):iam::(\d{12}):(user|role|group)(\/.*)?\/([^/]+)$/;
const TOP_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/** What one file holds before managed policies are resolved across files. */
interface RawPrincipal {
  readonly arn: string;
  readonly account: string;
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly path: string;
  readonly inline: PolicyRef[];
  readonly attached: string[];
  readonly groups: string[];
  readonly boundary?: string;
  readonly tags: Record<string, string>;
  readonly trust?: PolicyRef;
  readonly where: string;
}

interface RawGroup {
  readonly inline: PolicyRef[];
  readonly attached: string[];
}

/** Reads authorization-details files (one or more accounts) into the named who-can's IAM data. */
export function readAuthorizationDetails(files: readonly IamFile[]): IamData {
  const managed = new Map<string, PolicyRef>();
  const principals: RawPrincipal[] = [];
  const groups = new Map<string, RawGroup>();
  const fileOf = new Map<string, string>();
  const truncated = new Set<string>();
  const shared: Compiled = new Map();
  for (const file of files) {
    const value = parseJson(file);
    if (!isObject(value) || !TOP_LISTS.some((k) => k in value)) {
      throw new InputError(
        `${file.name}: not the output of aws iam get-account-authorization-details (expected an object with UserDetailList, GroupDetailList, RoleDetailList or Policies)`,
      );
    }
    const seen = (account: string): void => void (fileOf.has(account) || fileOf.set(account, file.name));
    const policies = list(value, 'Policies', file.name);
    for (const [i, p] of policies.entries()) {
      readManaged(p, `${file.name}: Policies[${i}]`, managed, shared);
      const own = /^arn:[^:]+:iam::(\d{12}):policy\//.exec(String(p['Arn']))?.[1];
      if (own) seen(own);
    }
    for (const [i, g] of list(value, 'GroupDetailList', file.name).entries()) {
      const where = `${file.name}: GroupDetailList[${i}]`;
      const { account, name } = identityArn(g, where, 'group');
      seen(account);
      groups.set(`${account}/${name}`, { inline: inlinePolicies(g, 'GroupPolicyList', where, `group ${name}`, shared), attached: attachedArns(g, where) });
    }
    for (const kind of ['user', 'role'] as const) {
      const key = kind === 'user' ? 'UserDetailList' : 'RoleDetailList';
      for (const [i, u] of list(value, key, file.name).entries()) {
        const p = readPrincipal(u as Record<string, Json>, `${file.name}: ${key}[${i}]`, kind, shared);
        principals.push(p);
        seen(p.account);
      }
    }
    if (TOP_LISTS.every((k) => list(value, k, file.name).length === 0)) {
      throw new InputError(`${file.name}: holds no user, group, role or managed policy, so its account cannot be told`);
    }
    if (value['IsTruncated'] === true) truncated.add(file.name);
  }
  const accounts = new Map<string, { principals: IamPrincipal[]; missing: Set<string> }>();
  for (const account of fileOf.keys()) accounts.set(account, { principals: [], missing: new Set() });
  for (const p of principals) {
    let acct = accounts.get(p.account);
    if (!acct) accounts.set(p.account, (acct = { principals: [], missing: new Set() }));
    const resolve = (arn: string): PolicyRef => {
      const found = managed.get(arn);
      if (found) return found;
      acct!.missing.add(arn);
      return { name: arn, compiled: undefined };
    };
    const identity: PolicyRef[] = [...p.inline, ...p.attached.map(resolve)];
    for (const g of p.groups) {
      const group = groups.get(`${p.account}/${g}`);
      if (!group) {
        acct.missing.add(`group ${g}`);
        identity.push({ name: `group ${g}`, compiled: undefined });
        continue;
      }
      identity.push(...group.inline, ...group.attached.map(resolve));
    }
    acct.principals.push({
      arn: p.arn,
      account: p.account,
      kind: p.kind,
      name: p.name,
      path: p.path,
      identity,
      ...(p.boundary ? { boundary: resolve(p.boundary) } : {}),
      tags: p.tags,
      ...(p.trust ? { trust: p.trust } : {}),
    });
  }
  const out = new Map<string, IamAccount>();
  for (const [account, a] of accounts) {
    out.set(account, { account, file: fileOf.get(account)!, principals: a.principals, missingPolicies: [...a.missing].sort() });
  }
  return { accounts: out, truncated: [...truncated] };
}

function parseJson(file: IamFile): Json {
  try {
    return JSON.parse(file.text) as Json;
  } catch (e) {
    throw new InputError(`${file.name}: not JSON (${(e as Error).message})`);
  }
}

function list(value: Record<string, Json>, key: string, file: string): Record<string, Json>[] {
  const v = value[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new InputError(`${file}: ${key}: not a list`);
  v.forEach((e, i) => {
    if (!isObject(e)) throw new InputError(`${file}: ${key}[${i}]: not an object`);
  });
  return v as Record<string, Json>[];
}

function identityArn(v: Record<string, Json>, where: string, kind: 'user' | 'role' | 'group'): { arn: string; account: string; name: string; path: string } {
  const arn = v['Arn'];
  if (typeof arn !== 'string') throw new InputError(`${where}.Arn: missing (the ${kind}'s ARN)`);
  const m = ARN.exec(arn);
  if (!m || m[3] !== kind) throw new InputError(`${where}.Arn: not an IAM ${kind} ARN ("${arn}")`);
  return { arn, account: m[2]!, name: m[5]!, path: `${m[4] ?? ''}/` };
}

/**
 * A policy document: an object, JSON text, or URL-encoded JSON text (the raw API's form), checked to have a
 * Statement; throws naming `where` when it is none of these.
 */
export function policyJson(doc: Json, where: string): Record<string, Json> {
  let value = doc;
  if (typeof doc === 'string') {
    const t = doc.trim();
    try {
      value = JSON.parse(t.startsWith('{') ? t : decodeURIComponent(t)) as Json;
    } catch {
      throw new InputError(`${where}: not a policy document (neither JSON nor URL-encoded JSON)`);
    }
  }
  if (!isObject(value) || !('Statement' in value) || !(isObject(value['Statement']) || Array.isArray(value['Statement']))) {
    throw new InputError(`${where}: not a policy document`);
  }
  return value;
}

/** Compilations shared by the identical documents of one read. */
type Compiled = Map<string, () => CompiledPolicy>;

/**
 * A policy a principal holds, compiled on first use. Only statements that can concern KMS or STS actions are
 * compiled (Action patterns with a kms: or sts: prefix or a wildcard service, NotAction, anything unusual);
 * the others become empty statements, which keep every statement's index and cost nothing. A trust policy
 * has no Resource (it is the role's own): its statements are read as applying to the role, `"Resource": "*"`.
 */
export function policyRef(name: string, doc: Json, where: string, kind: 'key' | 'identity', trust = false, shared?: Compiled): PolicyRef {
  const value = policyJson(doc, where);
  const list = Array.isArray(value['Statement']) ? value['Statement'] : [value['Statement']];
  const statements = list.map((st) => {
    if (!isObject(st)) return st;
    if (!concernsKmsOrSts(st)) return {};
    return trust && st['Resource'] === undefined && st['NotResource'] === undefined ? { ...st, Resource: '*' } : st;
  });
  const text = JSON.stringify({ ...value, Statement: statements });
  // Documents repeat (service roles' trust policies, copied inline policies): one compilation each.
  let compiled = shared?.get(`${kind}|${text}`);
  if (!compiled) {
    compiled = lazyPolicy(text, kind);
    shared?.set(`${kind}|${text}`, compiled);
  }
  return { name, compiled, mayCover: actionFilter(value) };
}

/** Whether a statement's Action can name a KMS or STS action (or it has NotAction, or something unexpected). */
function concernsKmsOrSts(st: Record<string, Json>): boolean {
  if (st['NotAction'] !== undefined) return true;
  const actions = Array.isArray(st['Action']) ? st['Action'] : [st['Action']];
  return actions.some((a) => {
    if (typeof a !== 'string') return true;
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    return /[*?]/.test(service) || /^(kms|sts)$/i.test(service);
  });
}

function inlinePolicies(v: Record<string, Json>, key: string, where: string, owner: string, shared: Compiled): PolicyRef[] {
  const items = v[key];
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new InputError(`${where}.${key}: not a list`);
  return items.map((p, i) => {
    const at = `${where}.${key}[${i}]`;
    if (!isObject(p) || typeof p['PolicyName'] !== 'string') throw new InputError(`${at}: needs "PolicyName" and "PolicyDocument"`);
    return policyRef(`${owner} inline ${p['PolicyName']}`, p['PolicyDocument'], `${at}.PolicyDocument`, 'identity', false, shared);
  });
}

function attachedArns(v: Record<string, Json>, where: string): string[] {
  const items = v['AttachedManagedPolicies'];
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new InputError(`${where}.AttachedManagedPolicies: not a list`);
  return items.map((p, i) => {
    if (!isObject(p) || typeof p['PolicyArn'] !== 'string') throw new InputError(`${where}.AttachedManagedPolicies[${i}]: needs "PolicyArn"`);
    return p['PolicyArn'];
  });
}

function readPrincipal(v: Record<string, Json>, where: string, kind: 'user' | 'role', shared: Compiled): RawPrincipal {
  const { arn, account, name, path } = identityArn(v, where, kind);
  const groups = v['GroupList'] ?? [];
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) throw new InputError(`${where}.GroupList: not a list of group names`);
  let boundary: string | undefined;
  const b = v['PermissionsBoundary'];
  if (b !== undefined) {
    if (!isObject(b) || typeof b['PermissionsBoundaryArn'] !== 'string') throw new InputError(`${where}.PermissionsBoundary: needs "PermissionsBoundaryArn"`);
    boundary = b['PermissionsBoundaryArn'];
  }
  const tags: Record<string, string> = {};
  const t = v['Tags'] ?? [];
  if (!Array.isArray(t)) throw new InputError(`${where}.Tags: not a list`);
  t.forEach((tag, i) => {
    if (!isObject(tag) || typeof tag['Key'] !== 'string' || typeof tag['Value'] !== 'string')
      throw new InputError(`${where}.Tags[${i}]: needs "Key" and "Value"`);
    tags[tag['Key']] = tag['Value'];
  });
  let trust: PolicyRef | undefined;
  if (kind === 'role') {
    if (v['AssumeRolePolicyDocument'] === undefined) throw new InputError(`${where}.AssumeRolePolicyDocument: missing (the role's trust policy)`);
    trust = policyRef(`${name} trust policy`, v['AssumeRolePolicyDocument'], `${where}.AssumeRolePolicyDocument`, 'key', true, shared);
  }
  return {
    arn,
    account,
    kind,
    name,
    path,
    inline: inlinePolicies(v, kind === 'user' ? 'UserPolicyList' : 'RolePolicyList', where, `${kind} ${name}`, shared),
    attached: attachedArns(v, where),
    groups: groups as string[],
    ...(boundary ? { boundary } : {}),
    tags,
    ...(trust ? { trust } : {}),
    where,
  };
}

function readManaged(p: Record<string, Json>, where: string, into: Map<string, PolicyRef>, shared: Compiled): void {
  const arn = p['Arn'];
  if (typeof arn !== 'string') throw new InputError(`${where}.Arn: missing (the policy's ARN)`);
  const versions = p['PolicyVersionList'];
  if (!Array.isArray(versions)) throw new InputError(`${where}.PolicyVersionList: not a list`);
  const id = p['DefaultVersionId'];
  const index = versions.findIndex((v) => isObject(v) && (v['IsDefaultVersion'] === true || (typeof id === 'string' && v['VersionId'] === id)));
  if (index < 0) throw new InputError(`${where}.PolicyVersionList: no default version (IsDefaultVersion or DefaultVersionId)`);
  const doc = (versions[index] as Record<string, Json>)['Document'];
  into.set(arn, policyRef(arn, doc, `${where}.PolicyVersionList[${index}].Document`, 'identity', false, shared));
}
