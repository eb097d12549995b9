// Adversarial key policies (issue 15): shapes KMS accepts (at most 32 KB) that make a symbolic who-can
// analysis or a pairwise lint rule do the most work. Each family grows with one size knob `n`; `fitHostile`
// finds the largest `n` whose compact JSON fits a byte budget. Deterministic (seeded), and shared by the
// benchmark (scripts/bench/hostile.mjs, worst-case figures at 32 KB) and the soundness property tests
// (test/engine/simulate/hostile.test.ts, small `n`, requests drawn from HOSTILE_VALUES).
import { rng } from './policies.mjs';

export const HOSTILE_ACCOUNT = '111122223333';
export const HOSTILE_PARTNER = '444455556666';

/** The values the generated conditions test, so that requests drawn from the same lists hit them. */
export const HOSTILE_VALUES = {
  org: ['o-a1', 'o-b2', 'o-c3', 'o-d4', 'o-e5'],
  via: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'rds.us-east-1.amazonaws.com', 'lambda.us-east-1.amazonaws.com'],
  team: ['blue', 'red', 'green', 'gold'],
  tenant: ['t1', 't2', 't3', 't4', 't5', 't6'],
  vpce: ['vpce-01', 'vpce-02', 'vpce-03'],
  ip: ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24'],
  roles: ['app', 'admin', 'etl', 'audit', 'ops', 'web'],
  /** Tag keys: aws:PrincipalTag/t0 … t23; most tests name one, so Allow and Deny tests rarely meet on a key. */
  tags: 24,
  tagValues: ['x', 'y', 'z'],
};

const V = HOSTILE_VALUES;
const pick = (r, list) => list[Math.floor(r() * list.length)];
const role = (name) => `arn:aws:iam::${HOSTILE_ACCOUNT}:role/${name}`;
const tag = (r) => `aws:PrincipalTag/t${Math.floor(r() * V.tags)}`;

/** One condition test: [operator, key, value(s)]. Allows mostly require, Denies mostly exclude. */
const ALLOW_TESTS = [
  (r) => ['StringEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringEquals', 'aws:PrincipalOrgID', pick(r, V.org)],
  (r) => ['StringEquals', 'kms:ViaService', pick(r, V.via)],
  (r) => ['StringLike', 'kms:ViaService', `${pick(r, V.via).split('.')[0]}.*`],
  (r) => ['StringEquals', 'aws:PrincipalTag/team', pick(r, V.team)],
  (r) => ['StringEquals', 'kms:EncryptionContext:tenant', pick(r, V.tenant)],
  (r) => ['StringEqualsIfExists', 'aws:SourceVpce', pick(r, V.vpce)],
  (r) => ['IpAddress', 'aws:SourceIp', pick(r, V.ip)],
  (r) => ['Bool', 'aws:SecureTransport', 'true'],
  (r) => ['NumericLessThan', 'aws:MultiFactorAuthAge', String(300 + Math.floor(r() * 4) * 300)],
  (r) => ['StringEquals', 'kms:CallerAccount', r() < 0.8 ? HOSTILE_ACCOUNT : HOSTILE_PARTNER],
];
const DENY_TESTS = [
  (r) => ['StringNotEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringNotEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringNotEquals', tag(r), pick(r, V.tagValues)],
  (r) => ['StringNotEqualsIfExists', tag(r), pick(r, V.tagValues)],
  (r) => ['StringNotEquals', 'aws:PrincipalOrgID', pick(r, V.org)],
  (r) => ['StringNotEquals', 'kms:ViaService', pick(r, V.via)],
  (r) => ['StringNotLike', 'kms:ViaService', `${pick(r, V.via).split('.')[0]}.*`],
  (r) => ['StringNotEqualsIfExists', 'aws:PrincipalTag/team', pick(r, V.team)],
  (r) => ['StringNotEquals', 'kms:EncryptionContext:tenant', pick(r, V.tenant)],
  (r) => ['Null', 'kms:EncryptionContext:tenant', r() < 0.5 ? 'true' : 'false'],
  (r) => ['StringNotEquals', 'aws:SourceVpce', pick(r, V.vpce)],
  (r) => ['NotIpAddress', 'aws:SourceIp', pick(r, V.ip)],
  (r) => ['Bool', 'aws:SecureTransport', 'false'],
  (r) => ['NumericGreaterThan', 'aws:MultiFactorAuthAge', String(300 + Math.floor(r() * 4) * 300)],
  (r) => ['ArnNotLike', 'aws:PrincipalArn', role(`${pick(r, V.roles)}*`)],
];
const ACTION_SETS = [
  ['kms:*'],
  ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
  ['kms:Decrypt'],
  ['kms:Create*', 'kms:Put*', 'kms:Delete*', 'kms:Schedule*', 'kms:Disable*'],
  ['kms:Describe*', 'kms:Get*', 'kms:List*'],
  ['kms:CreateGrant', 'kms:RetireGrant', 'kms:RevokeGrant'],
];

/** A Condition block of `count` tests; two tests on one operator and key merge their values. */
function conditionBlock(r, tests, count) {
  const block = {};
  for (let i = 0; i < count; i++) {
    const [op, key, value] = pick(r, tests)(r);
    const byKey = (block[op] ??= {});
    const prev = byKey[key];
    byKey[key] = prev === undefined ? value : [...new Set([...[prev].flat(), value])];
  }
  return block;
}

function allowPrincipal(r) {
  const x = r();
  if (x < 0.35) return '*';
  if (x < 0.55) return { AWS: `arn:aws:iam::${HOSTILE_ACCOUNT}:root` };
  if (x < 0.65) return { AWS: HOSTILE_PARTNER };
  return { AWS: [role(pick(r, V.roles)), role(pick(r, V.roles))] };
}

function allow(r, conditions, principal = allowPrincipal(r)) {
  return {
    Effect: 'Allow',
    Principal: principal,
    Action: pick(r, ACTION_SETS),
    Resource: '*',
    Condition: conditionBlock(r, ALLOW_TESTS, conditions),
  };
}

function deny(r, conditions) {
  const principal = r() < 0.85 ? '*' : { AWS: role(pick(r, V.roles)) };
  return {
    Effect: 'Deny',
    Principal: principal,
    Action: pick(r, ACTION_SETS.slice(0, 4)),
    Resource: '*',
    Condition: conditionBlock(r, DENY_TESTS, conditions),
  };
}

const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HOSTILE_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

/**
 * The families. Each builds a statement list from a size knob `n` and a seeded random source; the comment
 * says which cost it drives (all are answered by the same analysis, so each also tests the others a little).
 */
export const HOSTILE_FAMILIES = {
  /** Denies × conditions: 2n conditional Allows and 3n Denies of 3–5 conditions (n = 10: about 11.6 KB). */
  'many-denies': (n, r) => {
    const out = [];
    for (let i = 0; i < 5 * n; i++) out.push(i % 5 < 2 ? allow(r, 2 + Math.floor(r() * 2)) : deny(r, 3 + Math.floor(r() * 3)));
    return out;
  },
  /** One Deny with n conditions, each on a key of its own, beside 20 conditional Allows. */
  'wide-deny': (n, r) => {
    const out = [ROOT];
    for (let i = 0; i < 20; i++) out.push(allow(r, 1 + Math.floor(r() * 2)));
    const block = { StringNotEquals: {}, StringNotLike: {}, Null: {} };
    for (let i = 0; i < n; i++) {
      const op = i % 4 === 3 ? 'Null' : i % 4 === 2 ? 'StringNotLike' : 'StringNotEquals';
      block[op][`aws:PrincipalTag/w${i}`] = op === 'Null' ? 'true' : op === 'StringNotLike' ? `v${i}*` : `v${i}`;
    }
    out.push({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: block });
    return out;
  },
  /** Conditional Allows: n Allows of 3–4 conditions, mostly to "*", and a few Denies. */
  'many-allows': (n, r) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(allow(r, 3 + Math.floor(r() * 2)));
    for (let i = 0; i < Math.max(2, n >> 3); i++) out.push(deny(r, 2));
    return out;
  },
  /** Principals: n named roles over n/20 conditional Allows, with up to 30 Denies (the 590 × 30 at 32 KB). */
  'many-principals': (n, r) => {
    const out = [ROOT];
    const perStatement = 20;
    for (let i = 0; i < n; i += perStatement) {
      const names = Array.from({ length: Math.min(perStatement, n - i) }, (_, k) => role(`${pick(r, V.roles)}-${i + k}`));
      out.push(allow(r, 1 + Math.floor(r() * 2), { AWS: names }));
    }
    for (let i = 0; i < Math.min(30, Math.ceil(n / 8)); i++) out.push(deny(r, 2 + Math.floor(r() * 2)));
    return out;
  },
  /** Actions: n Action items in one Allow (literal names, case variants, overlapping wildcards). */
  'many-actions': (n, r) => {
    const names = [
      'Decrypt',
      'Encrypt',
      'GenerateDataKey',
      'GenerateDataKeyPair',
      'ReEncryptFrom',
      'DescribeKey',
      'GetKeyPolicy',
      'ListGrants',
      'CreateGrant',
      'PutKeyPolicy',
    ];
    const items = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.05) items.push(`kms:${pick(r, ['Get', 'List', 'Describe', 'Generate', 'Re'])}*`);
      else if (x < 0.5) items.push(`kms:${pick(r, names)}`);
      else if (x < 0.7) items.push(`kms:${pick(r, names).toLowerCase()}`);
      else items.push(`kms:Custom${i}Action`);
    }
    return [ROOT, { Effect: 'Allow', Principal: { AWS: role('app') }, Action: items, Resource: '*' }, deny(r, 2)];
  },
  /** Statements: n small statements, Allows and Denies alternating, one condition each. */
  'many-statements': (n, r) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(i % 2 === 0 ? allow(r, 1) : deny(r, 1));
    return out;
  },
};

/** A family's policy for size knob `n`, as compact JSON (the most content per byte KMS counts). */
export function hostilePolicy(family, n, seed = 1) {
  const build = HOSTILE_FAMILIES[family];
  if (!build) throw new Error(`unknown hostile family ${family}`);
  return JSON.stringify({ Version: '2012-10-17', Statement: build(n, rng(seed)) });
}

/** The largest `n` whose policy fits in `maxBytes` UTF-8 bytes, and the policy: { n, text }. */
export function fitHostile(family, maxBytes, seed = 1) {
  const size = (n) => Buffer.byteLength(hostilePolicy(family, n, seed), 'utf8');
  let lo = 1;
  let hi = 2;
  while (size(hi) <= maxBytes) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (size(mid) <= maxBytes) lo = mid;
    else hi = mid;
  }
  return { n: lo, text: hostilePolicy(family, lo, seed) };
}
