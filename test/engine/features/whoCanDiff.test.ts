/**
 * The who-can comparison of two versions of a policy (engine/features/whoCanDiff, behind
 * kmsKeyPolicy/compare and the live-policy save confirmation): who gains, who loses and whose access
 * changes, per question, and the text the confirmation shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService, whoCanDiff, whoCanDiffText, type WhoCanChange } from '../../../server/src/engine';

const service = createPolicyService();
const ACCOUNT = '111122223333';
const ROOT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};
const APP = {
  Sid: 'Use',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/App` },
  Action: ['kms:Encrypt', 'kms:Decrypt'],
  Resource: '*',
};
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const BASE = policy(ROOT, APP);

/** The changes as [question, gained, lost, changed], questions without any change left out. */
function diff(before: string, after: string): [string, string[], string[], string[]][] {
  const r = whoCanDiff(service, service.parse(before), service.parse(after), { account: ACCOUNT });
  assert.deepEqual(
    r.changes.map((c) => c.question),
    ['decrypt', 'administer', 'grant'],
  );
  return r.changes.filter((c) => c.gained.length + c.lost.length + c.changed.length > 0).map((c) => [c.question, [...c.gained], [...c.lost], [...c.changed]]);
}

test('who gains, who loses and whose access changes, per question', () => {
  const cases: { name: string; after: string; expected: [string, string[], string[], string[]][] }[] = [
    { name: 'the same policy', after: BASE, expected: [] },
    { name: 'the same policy, formatted otherwise', after: JSON.stringify(JSON.parse(BASE), null, 4), expected: [] },
    {
      name: 'the role replaced by another',
      after: BASE.replace('role/App', 'role/Other'),
      expected: [['decrypt', ['role Other'], ['role App'], []]],
    },
    { name: 'the role removed', after: policy(ROOT), expected: [['decrypt', [], ['role App'], []]] },
    {
      name: 'a condition added to the role',
      after: policy(ROOT, { ...APP, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
      expected: [['decrypt', [], [], ['role App']]],
    },
    {
      name: 'the deciding statement renamed',
      after: policy(ROOT, { ...APP, Sid: 'Renamed' }),
      expected: [['decrypt', [], [], ['role App']]],
    },
    {
      name: 'a Deny that takes decrypt from the role',
      after: policy(ROOT, APP, {
        Sid: 'No',
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/App` },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
      expected: [['decrypt', [], ['role App'], []]],
    },
    {
      name: 'a key administrator added (who can then decrypt by escalation)',
      after: policy(ROOT, APP, {
        Sid: 'Admin',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` },
        Action: ['kms:PutKeyPolicy', 'kms:DescribeKey'],
        Resource: '*',
      }),
      expected: [
        ['decrypt', ['role Admin'], [], []],
        ['administer', ['role Admin'], [], []],
      ],
    },
    {
      name: 'another account allowed to create grants',
      after: policy(ROOT, APP, {
        Sid: 'Grants',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'kms:CreateGrant',
        Resource: '*',
      }),
      expected: [
        ['decrypt', ['account 444455556666 (its IAM principals)'], [], []],
        ['grant', ['account 444455556666 (its IAM principals)'], [], []],
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(diff(BASE, c.after), c.expected, c.name);
});

test('a version that is not a policy counts as nobody: everyone before it loses, everyone after it gains', () => {
  const lost = diff(BASE, 'not a policy');
  assert.deepEqual(
    lost.map(([q]) => q),
    ['decrypt', 'administer', 'grant'],
  );
  for (const [, gained, lostClasses, changed] of lost) {
    assert.deepEqual(gained, []);
    assert.deepEqual(changed, []);
    assert.ok(lostClasses.includes(`IAM principals of ${ACCOUNT}`), lostClasses.join(', '));
  }
  assert.deepEqual(lost[0]![2], [`IAM principals of ${ACCOUNT}`, 'role App']);
  assert.deepEqual(diff('', BASE)[0], ['decrypt', [`IAM principals of ${ACCOUNT}`, 'role App'], [], []]);
});

test('the text: "No change." for a question without changes, else one line per class', () => {
  const changes: WhoCanChange[] = [
    { question: 'decrypt', gained: ['role Other'], lost: ['role App'], changed: ['IAM principals of 111122223333'] },
    { question: 'administer', gained: [], lost: [], changed: [] },
    { question: 'grant', gained: [], lost: ['everyone'], changed: [] },
  ];
  assert.equal(
    whoCanDiffText(changes),
    [
      'Who can decrypt?',
      '  + gains: role Other',
      '  − loses: role App',
      '  ~ changes conditions or statements: IAM principals of 111122223333',
      'Who can administer? No change.',
      'Who can create grants?',
      '  − loses: everyone',
    ].join('\n'),
  );
  const same = whoCanDiff(service, service.parse(BASE), service.parse(BASE));
  assert.equal(same.summary, 'Who can decrypt? No change.\nWho can administer? No change.\nWho can create grants? No change.');
});
