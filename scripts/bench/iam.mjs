// The named who-can (engine/iam): reading an account's `aws iam get-account-authorization-details` output and
// answering who can kms:Decrypt a key with a 32 KB policy, by name. The account is generated deterministically:
// 5,000 roles (most trusted by services, some by the account or named principals; a fifth with boundaries),
// 500 users in 20 groups, 2,000 customer managed policies with several versions each (most about S3, EC2,
// DynamoDB and logs; some about KMS with conditions; some letting principals assume roles; a few broad ones),
// pretty-printed as the AWS CLI prints it (about 40 MB). Figures: load, who-can cold (documents compiled on
// first use, as the first question after loading pays) and warm, the process's resident memory, and who-can
// at a quarter of the account to show the scaling with the number of principals.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rng } from './lib/policies.mjs';

export const title = 'Named who-can (IAM join)';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TEAMS = ['payments', 'ledger', 'search', 'reports', 'identity', 'billing', 'media', 'orders', 'ml', 'audit'];
const SERVICES = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'glue.amazonaws.com'];
const pick = (r, list) => list[Math.floor(r() * list.length)];
const doc = (Statement) => ({ Version: '2012-10-17', Statement });

/** A statement about other services: the bulk of any account's policies. */
function otherStatement(r, i) {
  const svc = pick(r, ['s3', 'ec2', 'dynamodb', 'logs', 'sqs', 'sns', 'cloudwatch']);
  return {
    Sid: `${svc}Access${i}`,
    Effect: 'Allow',
    Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`, `${svc}:Put${pick(r, ['Object', 'Item', 'MetricData', 'LogEvents'])}`],
    Resource: [`arn:aws:${svc}:us-east-1:${A}:${pick(r, TEAMS)}-${Math.floor(r() * 1000)}/*`, `arn:aws:${svc}:us-east-1:${A}:${pick(r, TEAMS)}-shared`],
    ...(r() < 0.3 ? { Condition: { StringEquals: { 'aws:RequestedRegion': pick(r, ['us-east-1', 'eu-west-1']) } } } : {}),
  };
}

/** A managed policy's document: mostly other services; a fifth use KMS, a tenth assume roles, a few are broad. */
function managedDocument(r, i) {
  const statements = Array.from({ length: 3 + Math.floor(r() * 5) }, (_, j) => otherStatement(r, j));
  const kind = r();
  if (kind < 0.2) {
    statements.push({
      Sid: 'KmsUse',
      Effect: 'Allow',
      Action: pick(r, [['kms:Decrypt', 'kms:GenerateDataKey'], ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*'], ['kms:DescribeKey']]),
      Resource: pick(r, ['*', KEY, `arn:aws:kms:*:${A}:key/*`, `arn:aws:kms:us-east-1:${A}:key/other-${i}`]),
      ...(r() < 0.5 ? { Condition: { StringEquals: { 'kms:ViaService': `${pick(r, ['s3', 'dynamodb', 'sqs'])}.us-east-1.amazonaws.com` } } } : {}),
    });
  } else if (kind < 0.3) {
    statements.push({ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/${pick(r, TEAMS)}-*` });
  } else if (kind < 0.32) {
    statements.push({ Sid: 'Broad', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' });
  } else if (kind < 0.34) {
    statements.push({
      Sid: 'NoKmsDelete',
      Effect: 'Deny',
      Action: ['kms:ScheduleKeyDeletion', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'audit' } },
    });
  }
  return doc(statements);
}

/** A managed policy as the CLI prints it: several versions, the default marked. */
function managedPolicy(r, i, document, name) {
  const versions = 1 + Math.floor(r() * 4);
  return {
    PolicyName: name,
    PolicyId: `ANPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${A}:policy/${name}`,
    Path: '/',
    DefaultVersionId: `v${versions}`,
    AttachmentCount: 3,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2023-04-01T10:00:00+00:00',
    UpdateDate: '2024-04-01T10:00:00+00:00',
    PolicyVersionList: Array.from({ length: versions }, (_, v) => ({
      Document: v === versions - 1 ? document : managedDocument(r, i),
      VersionId: `v${v + 1}`,
      IsDefaultVersion: v === versions - 1,
      CreateDate: '2024-04-01T10:00:00+00:00',
    })),
  };
}

/** The account: `roles` roles, `users` users, `managed` customer managed policies (plus 5 boundaries). */
export function generateAccount(roles, users, managed, seed = 17) {
  const r = rng(seed);
  const policies = Array.from({ length: managed }, (_, i) => managedPolicy(r, i, managedDocument(r, i), `${pick(r, TEAMS)}-policy-${i}`));
  const boundaries = Array.from({ length: 5 }, (_, i) =>
    managedPolicy(
      r,
      managed + i,
      doc([{ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'logs:*', ...(i < 3 ? ['kms:*'] : [])], Resource: '*' }]),
      `boundary-${i}`,
    ),
  );
  const attach = () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, policies)).map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }));
  const inline = (n) => Array.from({ length: n }, (_, j) => ({ PolicyName: `inline-${j}`, PolicyDocument: managedDocument(r, j) }));
  const roleNames = Array.from({ length: roles }, (_, i) => `${pick(r, TEAMS)}-${pick(r, ['app', 'admin', 'worker', 'etl'])}-${i + 1}`);
  const RoleDetailList = roleNames.map((name, i) => {
    const t = r();
    const principal =
      t < 0.7 ? { Service: pick(r, SERVICES) } : t < 0.9 ? { AWS: `arn:aws:iam::${A}:root` } : { AWS: `arn:aws:iam::${A}:role/${pick(r, roleNames)}` };
    return {
      Path: r() < 0.2 ? '/service-role/' : '/',
      RoleName: name,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${A}:role/${name}`,
      CreateDate: '2023-04-01T10:00:00+00:00',
      AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]),
      InstanceProfileList: [],
      RolePolicyList: inline(Math.floor(r() * 2)),
      AttachedManagedPolicies: attach(),
      ...(r() < 0.2 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: pick(r, boundaries).Arn } } : {}),
      Tags: [{ Key: 'team', Value: pick(r, TEAMS) }],
      RoleLastUsed: { LastUsedDate: '2024-05-01T10:00:00+00:00', Region: 'us-east-1' },
    };
  });
  const groups = Array.from({ length: 20 }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${A}:group/group-${i}`,
    CreateDate: '2023-04-01T10:00:00+00:00',
    GroupPolicyList: inline(1),
    AttachedManagedPolicies: attach(),
  }));
  const UserDetailList = Array.from({ length: users }, (_, i) => ({
    Path: '/',
    UserName: `user-${i}`,
    UserId: `AIDA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${A}:user/user-${i}`,
    CreateDate: '2023-04-01T10:00:00+00:00',
    UserPolicyList: inline(Math.floor(r() * 2)),
    GroupList: Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(r, groups).GroupName),
    AttachedManagedPolicies: r() < 0.5 ? attach() : [],
    Tags: [{ Key: 'team', Value: pick(r, TEAMS) }],
  }));
  return JSON.stringify({ UserDetailList, GroupDetailList: groups, RoleDetailList, Policies: [...policies, ...boundaries] }, null, 4);
}

export async function run(ctx) {
  const engine = await ctx.engine();
  const policy = engine.createPolicyService().compile(engine.createPolicyService().parse(ctx.policies.generatePolicy(32768, 1)));
  const options = (iam) => ({ key: KEY, iam });
  const measure = (label, text, target) => {
    const mb = Buffer.byteLength(text) / 1e6;
    const load = ctx.timeSync(() => engine.readAuthorizationDetails([{ name: 'iam.json', text }]), { warmup: 1, minRuns: 5, minMs: 0 });
    const cold = [];
    let answer;
    for (let i = 0; i < 3; i++) {
      const iam = engine.readAuthorizationDetails([{ name: 'iam.json', text }]);
      const t0 = performance.now();
      answer = engine.whoCanNamed(policy, ['kms:Decrypt'], options(iam));
      cold.push(performance.now() - t0);
    }
    const iam = engine.readAuthorizationDetails([{ name: 'iam.json', text }]);
    engine.whoCanNamed(policy, ['kms:Decrypt'], options(iam));
    const warm = ctx.timeSync(() => engine.whoCanNamed(policy, ['kms:Decrypt'], options(iam)), { warmup: 1, minRuns: 5, minMs: 0 });
    const c = answer.counts['kms:Decrypt'];
    console.log(
      `  ${label}: ${mb.toFixed(1)} MB of authorization details, ${answer.principals.length} rows; kms:Decrypt ${c.allowed} allowed, ${c.conditional} conditional, ${c.denied} denied; ${answer.principals.reduce((n, p) => n + p.chains.length, 0)} chains`,
    );
    ctx.record(`iam.${label}.load`, load.median, 'ms', target ? { op: '<=', value: 1000 } : undefined);
    ctx.record(`iam.${label}.who-can.decrypt.cold`, ctx.median(cold), 'ms', target ? { op: '<=', value: 500 } : undefined);
    ctx.record(`iam.${label}.who-can.decrypt.warm`, warm.median, 'ms');
  };
  const quarter = generateAccount(1250, 125, 500);
  measure('1250-roles', quarter, false);
  const full = generateAccount(5000, 500, 2000);
  measure('5000-roles', full, true);
  // Resident memory of a process that reads the file, loads it and answers once (what the CLI does).
  const dir = ctx.tempDir('iam');
  fs.writeFileSync(path.join(dir, 'iam.json'), full);
  fs.writeFileSync(path.join(dir, 'key.json'), ctx.policies.generatePolicy(32768, 1));
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const e = require(${JSON.stringify(await ctx.build('server/src/engine/index.ts', 'engine'))}); const fs = require('fs');
       const s = e.createPolicyService(); const p = s.compile(s.parse(fs.readFileSync(${JSON.stringify(path.join(dir, 'key.json'))}, 'utf8')));
       const iam = e.readAuthorizationDetails([{ name: 'iam.json', text: fs.readFileSync(${JSON.stringify(path.join(dir, 'iam.json'))}, 'utf8') }]);
       e.whoCanNamed(p, ['kms:Decrypt'], { key: ${JSON.stringify(KEY)}, iam });
       console.log(process.memoryUsage().rss);`,
    ],
    { encoding: 'utf8' },
  );
  ctx.record('iam.5000-roles.rss', Number(child.stdout.trim()) / 1e6, 'MB', { op: '<=', value: 300 });
}
