import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyTooLarge } from '../../../server/src/engine/rules/policyTooLarge';
import { allow, lint, one, policyText, reported } from './ruleKit';

/** A policy padded with a long Sid to exactly `bytes` UTF-8 bytes. */
function policyOfSize(bytes: number, filler = 'a'): string {
  const base = policyText([{ Sid: '', ...allow('*', 'kms:Decrypt') }]);
  const fillerBytes = Buffer.byteLength(filler, 'utf8');
  const missing = bytes - Buffer.byteLength(base, 'utf8');
  assert.equal(missing % fillerBytes, 0);
  return base.replace('"Sid": ""', `"Sid": "${filler.repeat(missing / fillerBytes)}"`);
}

test('KP115 accepts exactly 32,768 bytes and rejects 32,769', () => {
  assert.deepEqual(lint(policyTooLarge, policyOfSize(32768)), []);
  const text = policyOfSize(32769);
  const f = one(lint(policyTooLarge, text));
  assert.equal(f.code, 'KP115');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /The policy is 32,769 bytes; KMS accepts at most 32,768/);
  // The finding starts at the character that crosses the limit (here the closing brace).
  assert.equal(Buffer.byteLength(text.slice(0, f.at.offset), 'utf8'), 32768);
  assert.equal(reported(text, f), '}');
});

test('KP115 counts UTF-8 bytes, not characters', () => {
  // "é" is 2 bytes: 32,770 bytes in fewer than 32,768 characters.
  const text = policyOfSize(32770, 'é');
  assert.ok(text.length < 32768);
  assert.match(one(lint(policyTooLarge, text)).message, /32,770 bytes/);
  // A two-byte character that straddles the limit is where the finding starts, up to the line end.
  const straddle = `${'x'.repeat(32767)}é\nyy`;
  const f = one(lint(policyTooLarge, straddle));
  assert.equal(f.at.offset, 32767);
  assert.equal(reported(straddle, f), 'é');
});

test('KP115 runs on text that is not a policy', () => {
  const text = 'x'.repeat(40000);
  const f = one(lint(policyTooLarge, text));
  assert.equal(f.at.offset, 32768);
  assert.equal(f.at.length, 40000 - 32768);
});
