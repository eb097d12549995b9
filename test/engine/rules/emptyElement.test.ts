import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyElement } from '../../../server/src/engine/rules/emptyElement';
import { lint, policyText, reported } from './ruleKit';

test('KP117 reports empty Action, Resource and Principal lists (info for Allow, warning for Deny)', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: {}, Action: [], Resource: '*' },
    { Effect: 'Deny', Principal: { AWS: [] }, Action: 'kms:Decrypt', Resource: [] },
  ]);
  const found = lint(emptyElement, text);
  assert.deepEqual(found.map((f) => [f.code, f.severity, reported(text, f).replace(/\s+/g, ''), f.at.pointer]), [
    ['KP117', 'info', '{}', '/Statement/0/Principal'],
    ['KP117', 'info', '[]', '/Statement/0/Action'],
    ['KP117', 'warning', '{"AWS":[]}', '/Statement/1/Principal'],
    ['KP117', 'warning', '[]', '/Statement/1/Resource'],
  ]);
  assert.match(found[1]!.message, /"Action" is an empty list, so this statement can never match and grants nothing/);
  assert.match(found[2]!.message, /"Principal" lists no principal, so this Deny never applies and protects nothing/);
});

test('KP117 stays quiet when something is listed, and on NotAction [] (which excludes nothing)', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: { AWS: [], Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Decrypt'], Resource: ['*'] },
    { Effect: 'Deny', Principal: '*', NotAction: [], Resource: '*' },
  ]);
  assert.deepEqual(lint(emptyElement, text), []);
});
