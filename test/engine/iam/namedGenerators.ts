/**
 * Generated accounts for the named who-can's soundness property: two accounts (the key's A and X) with users,
 * groups, roles, inline and managed policies, permission boundaries and tags; key policies with or without
 * delegation, naming principals directly, with Denies and conditions; SCP and RCP levels; the key's tags and
 * aliases supplied or not. The pools are small on purpose, so boundary cuts, SCP denies, NotAction, alias and
 * tag conditions and cross-account pairs meet often.
 */
import fc from 'fast-check';
import { A, X, KEY } from '../simulate/helpers';

export { A, X, KEY };

export const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:RetireGrant'] as const;

interface CondSpec {
  readonly key: string;
  readonly op: string;
  readonly values: readonly string[];
}

const CONDITIONS: readonly CondSpec[] = [
  { key: 'kms:ViaService', op: 'StringEquals', values: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'] },
  { key: 'kms:ViaService', op: 'StringNotEquals', values: ['s3.us-east-1.amazonaws.com'] },
  { key: 'aws:PrincipalTag/team', op: 'StringEquals', values: ['blue', 'red'] },
  { key: 'aws:PrincipalTag/team', op: 'StringNotEqualsIfExists', values: ['red'] },
  { key: 'aws:ResourceTag/env', op: 'StringEquals', values: ['prod', 'dev'] },
  { key: 'aws:ResourceTag/env', op: 'Null', values: ['true', 'false'] },
  { key: 'kms:ResourceAliases', op: 'ForAnyValue:StringEquals', values: ['alias/app', 'alias/other'] },
  { key: 'kms:RequestAlias', op: 'StringLike', values: ['alias/app*'] },
  { key: 'kms:CallerAccount', op: 'StringEquals', values: [A, X] },
  { key: 'aws:PrincipalArn', op: 'ArnLike', values: [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::${X}:*`, `arn:aws:iam::${A}:user/alice`] },
  { key: 'aws:SourceIp', op: 'IpAddress', values: ['203.0.113.0/24'] },
];

const conditionArb = fc.array(fc.record({ spec: fc.constantFrom(...CONDITIONS), v: fc.nat(5) }), { maxLength: 2 }).map((items) => {
  const block: Record<string, Record<string, string>> = {};
  for (const { spec, v } of items) (block[spec.op] ??= {})[spec.key] = spec.values[v % spec.values.length]!;
  return block;
});

/** Statements of identity-like policies (identity, boundary, SCP; RCPs add a Principal). */
const identityStatementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
    actions: fc.array(fc.constantFrom('kms:Decrypt', 'kms:Encrypt', 'kms:*', 'kms:*', 'kms:Put*', '*', 's3:GetObject', 'kms:RetireGrant'), {
      minLength: 1,
      maxLength: 2,
    }),
    notAction: fc.nat(5).map((n) => n === 0),
    resource: fc.constantFrom('*', '*', '*', KEY, `arn:aws:kms:*:${A}:key/*`, `arn:aws:kms:us-east-1:${X}:key/*`, `arn:aws:kms:us-east-1:${A}:alias/app`),
    condition: conditionArb,
  })
  .map((s) => ({
    Effect: s.effect,
    [s.notAction ? 'NotAction' : 'Action']: s.actions,
    Resource: s.resource,
    ...(Object.keys(s.condition).length > 0 ? { Condition: s.condition } : {}),
  }));

const documentArb = fc.array(identityStatementArb, { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

/** Principals of the generated accounts. */
export const USERS = [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${X}:user/xavier`];
export const ROLES = [`arn:aws:iam::${A}:role/App`, `arn:aws:iam::${A}:role/Admin`, `arn:aws:iam::${X}:role/Partner`];

const KEY_PRINCIPALS = [`arn:aws:iam::${A}:root`, `arn:aws:iam::${X}:root`, ...USERS, ...ROLES, `arn:aws:sts::${A}:assumed-role/App/s1`];

const keyStatementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    principal: fc.oneof(
      { weight: 1, arbitrary: fc.constant<unknown>('*') },
      { weight: 5, arbitrary: fc.array(fc.constantFrom(...KEY_PRINCIPALS), { minLength: 1, maxLength: 2 }).map((aws) => ({ AWS: aws }) as unknown) },
    ),
    notPrincipal: fc.nat(9).map((n) => n === 0),
    actions: fc.array(fc.constantFrom('kms:Decrypt', 'kms:Encrypt', 'kms:*', 'kms:PutKeyPolicy'), { minLength: 1, maxLength: 2 }),
    condition: conditionArb,
  })
  .map((s) => {
    const who = s.notPrincipal && s.principal !== '*' ? { NotPrincipal: s.principal } : { Principal: s.principal };
    return { Effect: s.effect, ...who, Action: s.actions, Resource: '*', ...(Object.keys(s.condition).length > 0 ? { Condition: s.condition } : {}) };
  });

/** A generated principal's own policies. */
const holdingsArb = fc.record({
  inline: fc.array(documentArb, { maxLength: 1 }),
  managed: fc.subarray([0, 1, 2]),
  boundary: fc.option(fc.nat(1), { nil: undefined }),
  tags: fc.option(fc.constantFrom({ team: 'blue' }, { team: 'red' }, { env: 'x' }), { nil: undefined }),
  groups: fc.subarray(['devs', 'ops']),
});

export const scenarioArb = fc.record({
  keyPolicy: fc.array(keyStatementArb, { minLength: 1, maxLength: 4 }),
  delegate: fc.boolean(),
  managed: fc.array(documentArb, { minLength: 3, maxLength: 3 }),
  boundaries: fc.array(documentArb, { minLength: 2, maxLength: 2 }),
  groups: fc.record({ devs: documentArb, ops: documentArb }),
  principals: fc.array(holdingsArb, { minLength: 6, maxLength: 6 }),
  scps: fc.option(fc.array(fc.array(documentArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  rcps: fc.option(
    fc.array(
      documentArb.map((d) => ({ ...d, Statement: d.Statement.map((s) => ({ ...s, Principal: '*' })) })),
      { minLength: 1, maxLength: 2 },
    ),
    { nil: undefined },
  ),
  fullAccessScp: fc.boolean(),
  keyTags: fc.option(fc.constantFrom<Record<string, string>>({ env: 'prod' }, { env: 'dev' }, {}), { nil: undefined }),
  aliases: fc.option(fc.constantFrom(['alias/app'], ['alias/other', 'alias/app'], []), { nil: undefined }),
  grants: fc.array(
    fc.record({
      grantee: fc.constantFrom(USERS[0]!, ROLES[0]!, ROLES[2]!, X),
      ops: fc.subarray(['Decrypt', 'Encrypt', 'RetireGrant'], { minLength: 1 }),
      retiring: fc.option(fc.constantFrom(USERS[1]!, ROLES[1]!), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
  contexts: fc.array(
    fc.record({
      via: fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', ''),
      team: fc.constantFrom('blue', 'red', ''),
      env: fc.constantFrom('prod', 'dev', ''),
      aliases: fc.constantFrom<string[]>(['alias/app'], ['alias/other'], []),
      requestAlias: fc.constantFrom('alias/app1', 'alias/x', ''),
      ip: fc.constantFrom('203.0.113.9', '198.51.100.1'),
    }),
    { minLength: 2, maxLength: 3 },
  ),
});

export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const POLICY_ARN = (i: number): string => `arn:aws:iam::${A}:policy/Managed${i}`;
const BOUNDARY_ARN = (i: number): string => `arn:aws:iam::${A}:policy/Boundary${i}`;

function managedEntry(arn: string, doc: unknown, encoded: boolean): Record<string, unknown> {
  return {
    PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
    Arn: arn,
    DefaultVersionId: 'v2',
    PolicyVersionList: [
      { VersionId: 'v1', IsDefaultVersion: false, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      { VersionId: 'v2', IsDefaultVersion: true, Document: encoded ? encodeURIComponent(JSON.stringify(doc)) : doc },
    ],
  };
}

/** The scenario's authorization-details files, one per account (X's managed policies are A's, copied). */
export function authFiles(s: Scenario): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  for (const account of [A, X]) {
    const users: unknown[] = [];
    const roles: unknown[] = [];
    const managedArn = (i: number): string => POLICY_ARN(i).replace(A, account);
    const boundaryArn = (i: number): string => BOUNDARY_ARN(i).replace(A, account);
    [...USERS, ...ROLES].forEach((arn, i) => {
      if (!arn.includes(`::${account}:`)) return;
      const h = s.principals[i]!;
      const name = arn.slice(arn.lastIndexOf('/') + 1);
      const common = {
        Path: '/',
        Arn: arn,
        AttachedManagedPolicies: h.managed.map((m) => ({ PolicyName: `Managed${m}`, PolicyArn: managedArn(m) })),
        ...(h.boundary !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn(h.boundary) } } : {}),
        Tags: Object.entries(h.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      };
      const inline = h.inline.map((d, j) => ({ PolicyName: `inline${j}`, PolicyDocument: j % 2 === 0 ? encodeURIComponent(JSON.stringify(d)) : d }));
      if (arn.includes(':user/')) users.push({ ...common, UserName: name, GroupList: h.groups, UserPolicyList: inline });
      else {
        const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] };
        roles.push({ ...common, RoleName: name, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)), RolePolicyList: inline });
      }
    });
    const groups = (['devs', 'ops'] as const).map((g) => ({
      GroupName: g,
      Path: '/',
      Arn: `arn:aws:iam::${account}:group/${g}`,
      GroupPolicyList: [{ PolicyName: `${g}-inline`, PolicyDocument: s.groups[g] }],
      AttachedManagedPolicies: [],
    }));
    const policies = [
      ...s.managed.map((d, i) => managedEntry(managedArn(i), d, i === 1)),
      ...s.boundaries.map((d, i) => managedEntry(boundaryArn(i), d, false)),
    ];
    files.push({
      name: `${account}.json`,
      text: JSON.stringify({ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies }),
    });
  }
  return files;
}

/** The scenario's SCP/RCP file (docs/iam-join.md), when it has guardrails. */
export function orgFile(s: Scenario): { name: string; text: string } | undefined {
  if (!s.scps && !s.rcps) return undefined;
  const policies: Record<string, unknown> = { 'p-full': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
  const scpLevels = (s.scps ?? []).map((level, l) =>
    level.map((d, i) => {
      policies[`p-scp${l}${i}`] = { Policy: { PolicySummary: { Name: `Scp${l}${i}` }, Content: JSON.stringify(d) } };
      return `p-scp${l}${i}`;
    }),
  );
  if (s.fullAccessScp && scpLevels.length > 0) scpLevels[0]!.push('p-full');
  const rcpLevels = s.rcps ? [s.rcps.map((d, i) => ((policies[`p-rcp${i}`] = d), `p-rcp${i}`))] : undefined;
  const accounts: Record<string, unknown> = {};
  for (const account of [A, X]) accounts[account] = { ...(s.scps ? { scps: scpLevels } : {}), ...(rcpLevels && account === A ? { rcps: rcpLevels } : {}) };
  return { name: 'org.json', text: JSON.stringify({ accounts, policies }) };
}

/** The scenario's key policy text. */
export function keyPolicyText(s: Scenario): string {
  const statements = s.delegate
    ? [{ Sid: 'Enable IAM', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }, ...s.keyPolicy]
    : s.keyPolicy;
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
