/**
 * The pull-request gate's engine part: the changes in who-can terms between two versions of a file, key by key
 * (matched by logical id or address; a plain policy is one key), with the actions and conditions of each change,
 * and what counts as new access.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService, diffVersions, type KeyChange } from '../../../server/src/engine';

const service = createPolicyService();
const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: [ROOT, ...statements] });
const APP = {
  Sid: 'App',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
  Action: ['kms:Decrypt'],
  Resource: '*',
};

/** [question, sign, who, actions, conditions, newAccess] for every change. */
function changes(keys: readonly KeyChange[]): (string | boolean)[][] {
  return keys.flatMap((k) =>
    k.questions.flatMap((q) => [
      ...q.gained.map((c) => [q.question, '+', c.who, c.actions.join(','), c.conditions.join(' | '), c.newAccess]),
      ...q.lost.map((c) => [q.question, '-', c.who, c.actions.join(','), c.conditions.join(' | '), c.newAccess]),
      ...q.changed.map((c) => [q.question, '~', c.who, c.gainedActions.join(','), c.conditions.join(' | '), c.newAccess]),
    ]),
  );
}

const diff = (a: string, b: string, uri = 'file:///p.kms.json'): KeyChange[] => diffVersions(service, service.parse(a, uri), service.parse(b, uri));

test('two versions of a policy: who gains which actions under which conditions', () => {
  assert.deepEqual(changes(diff(policy(), policy(APP))), [['decrypt', '+', 'role App', 'kms:Decrypt', 'always', true]]);
  const conditioned = { ...APP, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } };
  assert.deepEqual(changes(diff(policy(APP), policy(conditioned))), [
    ['decrypt', '~', 'role App', '', 'kms:ViaService StringEquals s3.us-east-1.amazonaws.com', false],
  ]);
  assert.deepEqual(changes(diff(policy(conditioned), policy(APP))), [['decrypt', '~', 'role App', '', 'always', true]]);
  assert.deepEqual(changes(diff(policy(APP), policy())), [['decrypt', '-', 'role App', 'kms:Decrypt', 'always', false]]);
  assert.deepEqual(
    diff(policy(APP), policy({ ...APP, Action: 'kms:Decrypt' })).map((k) => [k.id, k.status]),
    [['policy', 'unchanged']],
  );
});

test('templates: keys matched by logical id; a new key is all new access, a removed one loses everything', () => {
  const key = (id: string, principal: string): string =>
    `  ${id}:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: ${principal}}\n            Action: kms:*\n            Resource: "*"\n`;
  const before = `Resources:\n${key('A', '!Sub "arn:aws:iam::${AWS::AccountId}:root"')}${key('Gone', '!Sub "arn:aws:iam::${AWS::AccountId}:root"')}`;
  const after = `Resources:\n${key('A', '!Sub "arn:aws:iam::${AWS::AccountId}:root"')}${key('New', '!Sub "arn:aws:iam::${AWS::AccountId}:root"')}`;
  const keys = diff(before, after, 'file:///stack.yaml');
  assert.deepEqual(
    keys.map((k) => [k.id, k.status]),
    [
      ['A', 'unchanged'],
      ['New', 'added'],
      ['Gone', 'removed'],
    ],
  );
  assert.ok(keys[1]!.questions.every((q) => q.gained.length === 1 && q.gained[0]!.newAccess));
  assert.equal(keys[1]!.questions[0]!.gained[0]!.who, 'IAM principals of «AWS::AccountId»');
});

test('the head version is checked for public access, lockout and errors', () => {
  const pub = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
  const [k] = diff(policy(), JSON.stringify({ Version: '2012-10-17', Statement: [pub] }));
  assert.deepEqual([k!.publicAccess, k!.lockout, k!.errors > 0], [true, true, true]);
});
