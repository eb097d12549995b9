/** The generators of the soundness property (soundness.test.ts): policies, principals, requests, grants, contexts. */
import fc from 'fast-check';
import type { Grant, KeyState } from '../../../server/src/engine/simulate';
import { A, X, KEY } from './helpers';

export const Y = '777788889999';
export const ROLE_A = `arn:aws:iam::${A}:role/App`;
export const ROLE_X = `arn:aws:iam::${X}:role/Partner`;

export const policyPrincipals = [
  '*',
  `arn:aws:iam::${A}:root`,
  A,
  `arn:aws:iam::${X}:root`,
  ROLE_A,
  `arn:aws:iam::${A}:role/Admin`,
  ROLE_X,
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:sts::${A}:assumed-role/App/s1`,
  `arn:aws:sts::${X}:assumed-role/Partner/p1`,
  `arn:aws:sts::${A}:federated-user/bob`,
];
export const services = ['logs.amazonaws.com', 'cloudtrail.amazonaws.com'];

/**
 * Resource entries: the key's own ARN, another key of its account, patterns that match every key of the
 * account, ones that may match it (the key ARN unknown), another account's, Region's or service's, an alias.
 */
export const resources = [
  KEY,
  `arn:aws:kms:us-east-1:${A}:key/other`,
  `arn:aws:kms:*:${A}:key/*`,
  `arn:aws:kms:us-east-1:${A}:key/*`,
  'arn:aws:kms:*:*:*',
  `arn:aws:kms:us-east-1:${X}:key/*`,
  `arn:aws:kms:eu-west-1:${A}:key/*`,
  `arn:aws:kms:us-east-1:${A}:alias/app`,
  'arn:aws:s3:::bucket',
];

/**
 * NotPrincipal lists that spare a session only with its role and account, a role without its sessions, or
 * a user: the identities of a caller must all be listed (SEMANTICS §1).
 */
export const notPrincipalLists: readonly (readonly string[])[] = [
  [`arn:aws:sts::${A}:assumed-role/App/s1`, ROLE_A, `arn:aws:iam::${A}:root`],
  [ROLE_A, `arn:aws:iam::${A}:root`],
  [`arn:aws:sts::${A}:assumed-role/App/s1`, ROLE_A],
  [`arn:aws:sts::${A}:assumed-role/App/s1`, `arn:aws:iam::${A}:root`],
  [`arn:aws:iam::${A}:user/alice`, A],
  [`arn:aws:sts::${X}:assumed-role/Partner/p1`, ROLE_X, `arn:aws:iam::${X}:root`],
];

/** Who the request and the analysis say the key is: its ARN, or only its account and Region. */
export const keyKnowledge = fc.constantFrom<{ key?: string }>({ key: KEY }, {});

export const callers = [
  `arn:aws:iam::${A}:root`,
  A,
  `arn:aws:iam::${X}:root`,
  ROLE_A,
  `arn:aws:sts::${A}:assumed-role/App/s1`,
  `arn:aws:sts::${A}:assumed-role/App/s2`,
  `arn:aws:sts::${A}:assumed-role/Admin/a1`,
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:iam::${A}:user/bob`,
  `arn:aws:sts::${X}:assumed-role/Partner/p1`,
  `arn:aws:sts::${X}:assumed-role/Partner/p2`,
  `arn:aws:iam::${X}:user/carol`,
  `arn:aws:sts::${Y}:assumed-role/Other/o1`,
  `arn:aws:sts::${A}:federated-user/bob`,
  'logs.amazonaws.com',
  'cloudtrail.amazonaws.com',
  's3.amazonaws.com',
  '*',
];

export const policyActions = [
  'kms:*',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:Put*',
  'kms:PutKeyPolicy',
  'kms:Describe*',
  'kms:CreateGrant',
  'kms:Re*',
  'kms:GenerateDataKey*',
  'kms:RetireGrant',
  '*',
  'kms:decrypt',
];
export const requestActions = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:PutKeyPolicy',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ReEncryptFrom',
  'kms:GenerateDataKey',
  'kms:RetireGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CreateKey',
  'kms:ListGrants',
];

export interface KeySpec {
  readonly key: string;
  readonly ops: readonly string[];
  readonly values: readonly (string | number | boolean)[];
}

export const conditionKeys: readonly KeySpec[] = [
  { key: 'kms:CallerAccount', ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringLike'], values: [A, X, '*'] },
  { key: 'aws:PrincipalAccount', ops: ['StringEquals', 'StringNotEquals', 'StringNotEqualsIfExists'], values: [A, X] },
  {
    key: 'aws:PrincipalOrgID',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'],
    values: ['o-1', 'o-2', 'true', 'false'],
  },
  {
    key: 'kms:ViaService',
    ops: ['StringEquals', 'StringLike', 'StringNotEquals'],
    values: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', '*.us-east-1.amazonaws.com'],
  },
  {
    key: 'aws:PrincipalArn',
    ops: ['ArnEquals', 'ArnLike', 'ArnNotLike', 'StringEquals', 'StringLike', 'StringNotEquals'],
    values: [ROLE_A, `arn:aws:iam::${X}:role/*`, `arn:aws:iam::${A}:*`, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/alice`],
  },
  {
    key: 'aws:SourceIp',
    ops: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'],
    values: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'],
  },
  {
    key: 'kms:EncryptionContext:Dept',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringLike', 'Null'],
    values: ['IT', 'it', 'Sales', 'true', 'false', '${aws:username}'],
  },
  {
    key: 'kms:EncryptionContextKeys',
    ops: ['ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringLike', 'Null'],
    values: ['Dept', 'Project', 'D*', 'true', 'false'],
  },
  { key: 'kms:GrantIsForAWSResource', ops: ['Bool', 'BoolIfExists'], values: [true, false, 'true', 'false'] },
  {
    key: 'aws:PrincipalTag/team',
    ops: ['StringEquals', 'StringNotEqualsIfExists', 'StringEqualsIgnoreCase'],
    values: ['blue', 'red', 'Blue'],
  },
  { key: 'aws:SourceAccount', ops: ['StringEquals', 'StringNotEquals'], values: [A, X] },
  {
    key: 'aws:CurrentTime',
    ops: ['DateLessThan', 'DateGreaterThanEquals', 'DateNotEquals'],
    values: ['2024-01-01T00:00:00Z', '1735689600'],
  },
  {
    key: 'aws:MultiFactorAuthAge',
    ops: ['NumericLessThan', 'NumericGreaterThan', 'NumericEquals', 'NumericLessThanEqualsIfExists'],
    values: [300, '3600', '10.5'],
  },
  { key: 'aws:username', ops: ['StringEquals', 'StringLike', 'StringNotEquals'], values: ['alice', 'b*'] },
  { key: 'aws:PrincipalType', ops: ['StringEquals', 'StringNotEquals'], values: ['AssumedRole', 'User', 'Account'] },
  {
    key: 'aws:CalledVia',
    ops: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'StringEquals'],
    values: ['athena.amazonaws.com', 'dynamodb.amazonaws.com'],
  },
  { key: 'kms:EncryptionContext:Project', ops: ['StringEquals', 'StringEqualsIfExists'], values: ['p1', '${aws:PrincipalTag/team}'] },
];

export const conditionArb = fc
  .array(
    fc.record({
      spec: fc.constantFrom(...conditionKeys),
      opIndex: fc.nat(10),
      values: fc.array(fc.nat(10), { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 3 },
  )
  .map((items) => {
    const block: Record<string, Record<string, unknown>> = {};
    for (const { spec, opIndex, values } of items) {
      const op = spec.ops[opIndex % spec.ops.length]!;
      const vals = [...new Set(values.map((v) => spec.values[v % spec.values.length]!))];
      const list = op === 'Null' ? [vals.some((v) => String(v) === 'true') ? 'true' : 'false'] : op.startsWith('Bool') ? [vals[0]!] : vals;
      (block[op] ??= {})[spec.key] = list.length === 1 ? list[0] : list;
    }
    return block;
  });

export const principalArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('*' as unknown) },
  {
    weight: 6,
    arbitrary: fc.array(fc.constantFrom(...policyPrincipals.slice(1)), { minLength: 1, maxLength: 3 }).map((aws) => ({ AWS: aws }) as unknown),
  },
  { weight: 2, arbitrary: fc.constantFrom(...services).map((s) => ({ Service: s }) as unknown) },
  { weight: 1, arbitrary: fc.constant({ AWS: '*' } as unknown) },
);

export const statementArb = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    principal: principalArb,
    notPrincipalList: fc.oneof(
      fc.array(fc.constantFrom(...policyPrincipals.slice(1), ...services), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...notPrincipalLists),
    ),
    useNotPrincipal: fc.nat(9).map((n) => n === 0),
    actions: fc.array(fc.constantFrom(...policyActions), { minLength: 1, maxLength: 3 }),
    notAction: fc.nat(9).map((n) => n === 0),
    resource: fc.constantFrom('*', '*', '*', ...resources),
    notResource: fc.nat(19).map((n) => n === 0),
    condition: conditionArb,
  })
  .map((s) => {
    const out: Record<string, unknown> = { Effect: s.effect };
    if (s.useNotPrincipal) {
      const list = s.notPrincipalList;
      out['NotPrincipal'] = {
        AWS: list.filter((p) => !p.endsWith('amazonaws.com')),
        ...(list.some((p) => p.endsWith('amazonaws.com')) ? { Service: list.filter((p) => p.endsWith('amazonaws.com')) } : {}),
      };
    } else out['Principal'] = s.principal;
    out[s.notAction ? 'NotAction' : 'Action'] = s.actions;
    out[s.notResource ? 'NotResource' : 'Resource'] = s.resource;
    if (Object.keys(s.condition).length > 0) out['Condition'] = s.condition;
    return out;
  });

export const grantArb: fc.Arbitrary<Grant> = fc
  .record({
    grantee: fc.constantFrom(ROLE_A, `arn:aws:iam::${A}:user/alice`, X, ROLE_X, `arn:aws:sts::${A}:assumed-role/App/s1`),
    operations: fc.array(fc.constantFrom('Decrypt', 'Encrypt', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKey'), {
      minLength: 1,
      maxLength: 3,
    }),
    constraints: fc.option(
      fc.oneof(
        fc.constant({ encryptionContextEquals: { Dept: 'IT' } }),
        fc.constant({ encryptionContextSubset: { Dept: 'IT' } }),
        fc.constant({ encryptionContextEquals: { Dept: 'IT', Project: 'p1' } }),
      ),
      { nil: undefined },
    ),
    retiringPrincipal: fc.option(fc.constantFrom(`arn:aws:iam::${A}:user/bob`, ROLE_X), { nil: undefined }),
  })
  .map((g) => {
    const out: Grant = { grantee: g.grantee, operations: g.operations };
    return {
      ...out,
      ...(g.constraints ? { constraints: g.constraints } : {}),
      ...(g.retiringPrincipal ? { retiringPrincipal: g.retiringPrincipal } : {}),
    };
  });

export const contextArb = fc.record(
  {
    'aws:PrincipalOrgID': fc.constantFrom('o-1', 'o-2', ''),
    'kms:ViaService': fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'rds.us-east-1.amazonaws.com'),
    'aws:SourceIp': fc.constantFrom('203.0.113.9', '198.51.100.7', '2001:db8::5', '10.0.0.1'),
    'kms:GrantIsForAWSResource': fc.constantFrom(true, false, 'true'),
    'aws:PrincipalTag/team': fc.constantFrom('blue', 'red', 'BLUE'),
    'aws:SourceAccount': fc.constantFrom(A, X),
    'aws:MultiFactorAuthAge': fc.constantFrom(100, 3600, '10.5', 'x'),
    'aws:CalledVia': fc.constantFrom(['athena.amazonaws.com'], ['athena.amazonaws.com', 'dynamodb.amazonaws.com'], ['dynamodb.amazonaws.com']),
  },
  { requiredKeys: [] },
);

export const requestArb = fc.record({
  principal: fc.constantFrom(...callers),
  action: fc.constantFrom(...requestActions),
  context: contextArb,
  encryptionContext: fc.option(
    fc.constantFrom<Record<string, string>>({ Dept: 'IT' }, { dept: 'IT' }, { Dept: 'Sales' }, { Dept: 'IT', Project: 'p1' }, { Project: 'blue' }, {}),
    { nil: undefined },
  ),
  iamAllows: fc.option(fc.boolean(), { nil: undefined }),
  time: fc.option(fc.constantFrom('2023-06-01T00:00:00Z', '2025-06-01T00:00:00Z'), { nil: undefined }),
});

export const scenarioArb = fc.record({
  statements: fc.array(statementArb, { minLength: 1, maxLength: 5 }),
  version: fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17'),
  grants: fc.array(grantArb, { maxLength: 2 }),
  keyState: fc.constantFrom<KeyState>('Enabled', 'Enabled', 'Enabled', 'Enabled', 'Disabled', 'Unavailable', 'PendingDeletion'),
  keySpec: fc.constantFrom<string | undefined>(undefined, 'SYMMETRIC_DEFAULT', 'RSA_2048'),
  requests: fc.array(requestArb, { minLength: 1, maxLength: 6 }),
  keyKnown: keyKnowledge,
});

/** The key facts a request carries: the key ARN, or the key's account and Region (the ARN then unknown). */
export function keyFacts(known: { key?: string }): { key?: string; keyAccount?: string; region?: string } {
  return known.key ? { key: known.key } : { keyAccount: A, region: 'us-east-1' };
}
