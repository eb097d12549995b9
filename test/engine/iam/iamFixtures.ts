/** Builders for the named who-can's example tests: authorization details, SCP files and answers, tersely. */
import { compile } from '../../../server/src/engine/simulate';
import { readAuthorizationDetails, readOrganizations, whoCanNamed, type NamedCell, type NamedWhoCanAnswer } from '../../../server/src/engine/iam';
import type { NamedWhoCanOptions } from '../../../server/src/engine/iam/whoCanNamed';

export const A = '111122223333';
export const X = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

type Doc = Record<string, unknown>;

/** A policy document of statements (Allow and Resource "*" unless given). */
export function doc(...statements: Doc[]): Doc {
  return { Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', Resource: '*', ...s })) };
}

/** What one user or role holds. */
export interface Holder {
  readonly inline?: readonly Doc[];
  readonly managed?: readonly string[];
  readonly boundary?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly groups?: readonly string[];
  /** A role's trust policy (default: its own account's root). */
  readonly trust?: Doc;
}

/** An account's authorization details: users and roles by name, managed policies by name (in the account). */
export function account(
  id: string,
  principals: { users?: Readonly<Record<string, Holder>>; roles?: Readonly<Record<string, Holder>>; groups?: Readonly<Record<string, Doc>> },
  managed: Readonly<Record<string, Doc>> = {},
): { name: string; text: string } {
  const arn = (kind: string, name: string): string => `arn:aws:iam::${id}:${kind}/${name}`;
  const holding = (kind: 'user' | 'role', name: string, h: Holder): Record<string, unknown> => ({
    Path: '/',
    Arn: arn(kind, name),
    [kind === 'user' ? 'UserName' : 'RoleName']: name,
    [kind === 'user' ? 'UserPolicyList' : 'RolePolicyList']: (h.inline ?? []).map((d, i) => ({ PolicyName: `p${i}`, PolicyDocument: d })),
    AttachedManagedPolicies: (h.managed ?? []).map((m) => ({ PolicyName: m, PolicyArn: m.startsWith('arn:') ? m : arn('policy', m) })),
    ...(h.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', h.boundary) } } : {}),
    Tags: Object.entries(h.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(kind === 'user' ? { GroupList: h.groups ?? [] } : {}),
    ...(kind === 'role'
      ? {
          AssumeRolePolicyDocument: h.trust ?? {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'sts:AssumeRole' }],
          },
        }
      : {}),
  });
  return {
    name: `${id}.json`,
    text: JSON.stringify({
      UserDetailList: Object.entries(principals.users ?? {}).map(([n, h]) => holding('user', n, h)),
      GroupDetailList: Object.entries(principals.groups ?? {}).map(([n, d]) => ({
        GroupName: n,
        Arn: arn('group', n),
        GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: d }],
        AttachedManagedPolicies: [],
      })),
      RoleDetailList: Object.entries(principals.roles ?? {}).map(([n, h]) => holding('role', n, h)),
      Policies: Object.entries(managed).map(([n, d]) => ({
        PolicyName: n,
        Arn: arn('policy', n),
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: d }],
      })),
    }),
  };
}

/** A key policy delegating to account A, plus the statements given. */
export function keyPolicy(...statements: Doc[]): string {
  return JSON.stringify(doc({ Sid: 'EnableIAM', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*' }, ...statements));
}

/** The named answer for a key policy and accounts. */
export function answer(
  policy: string,
  files: readonly { name: string; text: string }[],
  actions: readonly string[] = ['kms:Decrypt'],
  extra: Partial<Omit<NamedWhoCanOptions, 'iam'>> & { scps?: Doc } = {},
): NamedWhoCanAnswer {
  const { scps, ...rest } = extra;
  return whoCanNamed(compile(policy), actions, {
    key: KEY,
    iam: readAuthorizationDetails(files),
    ...(scps ? { org: readOrganizations([{ name: 'org.json', text: JSON.stringify(scps) }]) } : {}),
    ...rest,
  });
}

/** A principal's cell for an action, by name ("alice", "root (111122223333)"). */
export function cell(a: NamedWhoCanAnswer, name: string, action = 'kms:Decrypt'): NamedCell {
  const p = a.principals.find((x) => x.name === name);
  if (!p) throw new Error(`no principal ${name} in ${a.principals.map((x) => x.name).join(', ')}`);
  return p.cells[a.actions.indexOf(action)]!;
}

/** "decision: reason". */
export function verdict(a: NamedWhoCanAnswer, name: string, action = 'kms:Decrypt'): string {
  const c = cell(a, name, action);
  return `${c.decision}: ${c.reason}`;
}
