/** Who can vs who did: rights used per principal class, unused access, refused attempts, calls the policy cannot explain alone. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActivityAggregator, activityReport, keyActivityOf, whoDid, type ClassActivity, type WhoDid } from '../../../server/src/engine/activity';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { compile } from '../../../server/src/engine/simulate';
import { A, KEY, X, consolePolicy, rec, who } from './trailRecords';

const APP = `arn:aws:iam::${A}:role/AppServer`;
const BATCH = `arn:aws:iam::${A}:role/BatchJobs`;

function analyse(policy: string, records: readonly unknown[], grants?: Parameters<typeof whoDid>[2]['grants']): WhoDid {
  const agg = new ActivityAggregator({ key: KEY });
  for (const r of records) agg.add(r);
  const activity = keyActivityOf(agg.finish())!;
  return whoDid(compile(policy), activity.groups, { arn: KEY, ...(grants ? { grants } : {}) });
}

function cls(w: WhoDid, principal: string, action?: string): ClassActivity {
  const c = w.classes.find((x) => x.cls.principal === principal && (action === undefined || x.cls.actions.includes(action)));
  assert.ok(c, `no class ${principal}; classes: ${w.classes.map((x) => `${x.cls.principal}:${x.cls.actions.join(',')}`).join(' | ')}`);
  return c;
}

const used = (c: ClassActivity): string[] => c.used.map((u) => `${u.action}×${u.calls}`);

describe('the console policy against a month of calls', () => {
  const records = [
    rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') }),
    rec({ name: 'Decrypt', who: who.session('AppServer', 'i-2'), via: 's3.amazonaws.com' }),
    rec({ name: 'GenerateDataKey', who: who.session('AppServer', 'i-1'), params: { keyId: KEY, keySpec: 'AES_256' } }),
    rec({
      name: 'CreateGrant',
      who: who.session('AppServer', 'i-1'),
      via: 'ec2.amazonaws.com',
      params: { keyId: KEY, granteePrincipal: 'ebs', operations: ['Decrypt'] },
    }),
    rec({ name: 'PutKeyPolicy', who: who.user('alice'), params: { keyId: KEY, policyName: 'default' } }),
    rec({ name: 'Decrypt', who: who.session('ReportingRole', 'qs'), error: 'AccessDenied', message: 'not authorized' }),
    rec({ name: 'Decrypt', who: who.account(X, 'etl'), error: 'AccessDenied', message: 'not authorized' }),
  ];
  const w = analyse(consolePolicy(), records);

  test('each class used what its members called through its own statements', () => {
    assert.deepEqual(used(cls(w, APP, 'kms:Decrypt')), ['kms:Decrypt×2', 'kms:GenerateDataKey×1']);
    assert.deepEqual(used(cls(w, APP, 'kms:CreateGrant')), ['kms:CreateGrant×1']);
    assert.deepEqual(used(cls(w, `arn:aws:iam::${A}:user/alice`)), ['kms:PutKeyPolicy×1']);
    // AppServer's calls went through the statement naming it, not through the delegation to IAM.
    assert.deepEqual(used(cls(w, A)), []);
  });

  test('rights granted and never used are unused access', () => {
    assert.deepEqual([...cls(w, APP, 'kms:Decrypt').unused].sort(), [
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKeyPair',
      'kms:GenerateDataKeyPairWithoutPlaintext',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]);
    assert.deepEqual(cls(w, APP, 'kms:CreateGrant').unused, ['kms:ListGrants', 'kms:RevokeGrant']);
    const batch = w.classes.filter((c) => c.cls.principal === BATCH);
    assert.equal(batch.length, 2);
    assert.ok(batch.every((c) => c.used.length === 0 && c.unused.length === c.cls.actions.length));
  });

  test('refused attempts say what the key policy says now', () => {
    const denied = [...w.denied].sort((a, b) => a.group.principal.id.localeCompare(b.group.principal.id));
    assert.deepEqual(
      denied.map((d) => [d.group.principal.id, d.group.operation, d.group.denied, d.now?.decision, d.now?.reason]),
      [
        [`account:${X}`, 'Decrypt', 1, 'deny', 'implicit-deny'],
        [`arn:aws:iam::${A}:role/ReportingRole`, 'Decrypt', 1, 'allow', 'iam-delegation'],
      ],
    );
    assert.equal(denied[0]!.now!.summary, `Denied: no statement of the key policy names account ${X} or any of its principals for kms:Decrypt.`);
    assert.match(
      denied[1]!.now!.summary,
      /^Statement 1 \("Enable IAM User Permissions"\) lets IAM policies in the caller's account allow kms:Decrypt, so the caller's own IAM policies/,
    );
  });

  test('the report carries the same join as JSON', () => {
    const agg = new ActivityAggregator({ key: KEY });
    for (const r of records) agg.add(r);
    const summary = agg.finish();
    const report = activityReport(summary, keyActivityOf(summary)!, parsePolicy(consolePolicy()));
    const unusedBatch = report.unusedAccess!.filter((u) => u.principal === BATCH);
    assert.deepEqual(unusedBatch.map((u) => u.statements.join()).sort(), ['Allow attachment of persistent resources', 'Allow use of the key']);
    assert.deepEqual(report.deniedAttempts.map((d) => `${d.label} ${d.operation} ${d.count}`).sort(), [
      `a principal of account ${X} (not recorded) Decrypt 1`,
      'role ReportingRole (111122223333) Decrypt 1',
    ]);
    assert.equal(report.partial, false);
  });
});

describe('calls the key policy does not explain by itself', () => {
  test('a grant: the grantee class used it through the grant', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    const w = analyse(
      policy,
      [rec({ name: 'Decrypt', who: who.session('Lambda', 'fn') })],
      [{ grantee: `arn:aws:iam::${A}:role/Lambda`, operations: ['Decrypt'], name: 'g-1' }],
    );
    assert.deepEqual(used(cls(w, `arn:aws:iam::${A}:role/Lambda`)), ['kms:Decrypt×1']);
    assert.deepEqual(w.usage[0]!.grants, ['g-1']);
  });

  test('a service acting as itself under a condition the trail does not record is counted as a use, marked unverified', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'CloudTrail',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/main` } },
        },
      ],
    });
    const w = analyse(policy, [
      rec({
        name: 'GenerateDataKey',
        who: who.service('cloudtrail.amazonaws.com'),
        params: { keyId: KEY, encryptionContext: { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${A}:trail/main` } },
      }),
    ]);
    const c = cls(w, 'cloudtrail.amazonaws.com');
    assert.deepEqual(
      c.used.map((u) => [u.action, u.unverified]),
      [['kms:GenerateDataKey', true]],
    );
    assert.equal(w.usage[0]!.status, 'unverified');
    assert.deepEqual(w.usage[0]!.statements, [1]);
  });

  test("a caller of another account recorded by account only belongs to that account's classes", () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'Partner',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${X}:role/PartnerAnalytics` },
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: '*',
        },
      ],
    });
    const w = analyse(policy, [rec({ name: 'Decrypt', who: who.account(X, 'etl') })]);
    const c = cls(w, `arn:aws:iam::${X}:role/PartnerAnalytics`);
    assert.deepEqual(
      c.used.map((u) => [u.action, u.principals, u.unverified]),
      [['kms:Decrypt', [`account:${X}`], true]],
    );
    assert.deepEqual(c.unused, ['kms:DescribeKey']);
  });
});
