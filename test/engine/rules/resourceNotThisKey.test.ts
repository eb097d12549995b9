import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceNotThisKey } from '../../../server/src/engine/rules/resourceNotThisKey';
import { applyFix, json, lint, one, policyText, reported } from './ruleKit';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

test('KP501 fires on a key ARN when the key ARN is unknown, and the fix writes "*"', () => {
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: KEY }]);
  const f = one(lint(resourceNotThisKey, text));
  assert.equal(f.code, 'KP501');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), `"${KEY}"`);
  assert.match(f.message, /a key policy only ever governs its own key/);
  assert.equal((json(applyFix(text, f)) as any).Statement[0].Resource, '*');
});

test('KP501 accepts "*" and this key\'s ARN (exact or by glob) when the key ARN is known', () => {
  const settings = { context: { keyArn: KEY } };
  for (const r of ['*', KEY, 'arn:aws:kms:us-east-1:111122223333:key/*']) {
    const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: r }]);
    assert.deepEqual(lint(resourceNotThisKey, text, settings), [], r);
  }
});

test('KP501 says another key never matches when the key ARN is known', () => {
  const other = 'arn:aws:kms:us-east-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab';
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: [other] }]);
  const f = one(lint(resourceNotThisKey, text, { context: { keyArn: KEY } }));
  assert.match(f.message, /does not match this key .*so the statement never applies/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].Resource, ['*']);
});

test('KP501 explains alias ARNs', () => {
  const alias = 'arn:aws:kms:us-east-1:111122223333:alias/app';
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:Decrypt', Resource: alias }]);
  assert.match(one(lint(resourceNotThisKey, text)).message, /an alias ARN never matches/);
});

test('KP501 reports items beside "*" as unnecessary info and removes them', () => {
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: ['*', KEY] }]);
  const f = one(lint(resourceNotThisKey, text));
  assert.equal(f.severity, 'info');
  assert.equal(f.unnecessary, true);
  assert.equal(reported(text, f), `"${KEY}"`);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].Resource, ['*']);
});

test('KP501 replaces a whole list of wrong ARNs with "*"', () => {
  const a = 'arn:aws:kms:us-east-1:111122223333:key/a';
  const b = 'arn:aws:kms:us-east-1:111122223333:key/b';
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: [a, b] }]);
  const fs = lint(resourceNotThisKey, text);
  assert.equal(fs.length, 2);
  assert.equal((json(applyFix(text, fs[0]!)) as any).Statement[0].Resource, '*');
});

test('KP501 fires on NotResource at the element name and rewrites it as Resource "*"', () => {
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', NotResource: KEY }]);
  const f = one(lint(resourceNotThisKey, text));
  assert.equal(reported(text, f), '"NotResource"');
  assert.match(f.message, /NotResource in a key policy/);
  const fixed = json(applyFix(text, f)) as any;
  assert.equal(fixed.Statement[0].Resource, '*');
  assert.equal(fixed.Statement[0].NotResource, undefined);
});

test('KP501 is quiet on empty lists (another rule reports them)', () => {
  const text = policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: [] }]);
  assert.deepEqual(lint(resourceNotThisKey, text), []);
});
