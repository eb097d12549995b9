import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataTypeMismatch } from '../../../server/src/engine/rules/dataTypeMismatch';
import { allow, lint, one, policyText, reported } from './ruleKit';

test('KP101 reports a number Effect on its value', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": 1, "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}';
  const f = one(lint(dataTypeMismatch, text));
  assert.equal(f.code, 'KP101');
  assert.equal(f.name, 'data-type-mismatch');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '1');
  assert.equal(f.at.pointer, '/Statement/0/Effect');
  assert.match(f.message, /"Effect" must be the string "Allow" or "Deny", not a number/);
});

test('KP101 reports each non-string item of Action, Resource and a principal list', () => {
  const text = policyText([{ Sid: ['x'], Effect: 'Allow', Principal: { AWS: ['111122223333', 7] }, Action: ['kms:Decrypt', { a: 1 }], Resource: [null] }]);
  const found = lint(dataTypeMismatch, text).map((f) => [reported(text, f).replace(/\s+/g, ''), f.at.pointer]);
  assert.deepEqual(found, [
    ['["x"]', '/Statement/0/Sid'],
    ['7', '/Statement/0/Principal/AWS/1'],
    ['{"a":1}', '/Statement/0/Action/1'],
    ['null', '/Statement/0/Resource/0'],
  ]);
});

test('KP101 checks the shape of Statement, Version, Id and Condition', () => {
  const text = JSON.stringify({
    Version: 2012,
    Id: true,
    Statement: [
      'not a statement',
      { Effect: 'Allow', Principal: ['*'], Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: 'x', Bool: { 'aws:SecureTransport': { nested: true } }, StringLike: { 'kms:ViaService': [['a']] } } },
    ],
  });
  const messages = lint(dataTypeMismatch, text).map((f) => `${f.at.pointer} ${reported(text, f)}`);
  assert.deepEqual(messages, [
    '/Version 2012',
    '/Id true',
    '/Statement/0 "not a statement"',
    '/Statement/1/Principal ["*"]',
    '/Statement/1/Condition/StringEquals "x"',
    '/Statement/1/Condition/Bool/aws:SecureTransport {"nested":true}',
    '/Statement/1/Condition/StringLike/kms:ViaService/0 ["a"]',
  ]);
  const statement = one(lint(dataTypeMismatch, '{"Version":"2012-10-17","Statement": "x"}'));
  assert.match(statement.message, /"Statement" must be an object or an array of statement objects, not a string/);
});

test('KP101 stays quiet on well-typed policies, including numbers and booleans in conditions', () => {
  const text = policyText([
    allow({ AWS: ['arn:aws:iam::111122223333:root'], Service: 'logs.us-east-1.amazonaws.com' }, ['kms:Decrypt'], {
      Bool: { 'kms:GrantIsForAWSResource': true },
      NumericLessThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [7, '30'] },
    }),
    { Sid: 'Deny', Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', NotResource: ['*'] },
  ]);
  assert.deepEqual(lint(dataTypeMismatch, text), []);
});
