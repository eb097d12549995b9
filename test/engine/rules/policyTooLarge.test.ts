import assert from 'node:assert/strict';
import { allow, policyText, ruleTester } from './ruleTester';

/** A policy padded with a long Sid to exactly `bytes` UTF-8 bytes. */
function policyOfSize(bytes: number, filler = 'a'): string {
  const base = policyText([{ Sid: '', ...allow('*', 'kms:Decrypt') }]);
  const fillerBytes = Buffer.byteLength(filler, 'utf8');
  const missing = bytes - Buffer.byteLength(base, 'utf8');
  assert.equal(missing % fillerBytes, 0);
  return base.replace('"Sid": ""', `"Sid": "${filler.repeat(missing / fillerBytes)}"`);
}

const AT_LIMIT = policyOfSize(32768);
const OVER = policyOfSize(32769);
// "é" is 2 bytes: 32,770 bytes in fewer than 32,768 characters.
const TWO_BYTE = policyOfSize(32770, 'é');
assert.ok(TWO_BYTE.length < 32768);
const STRADDLE = `${'x'.repeat(32767)}é\nyy`;
const lastLine = (text: string): number => text.split('\n').length;

ruleTester('KP115', {
  valid: [{ name: 'exactly 32,768 bytes', text: AT_LIMIT }],
  invalid: [
    {
      name: '32,769 bytes, from the character that crosses the limit (the closing brace)',
      text: OVER,
      errors: [{ at: '}', line: lastLine(OVER), column: 1, message: /The policy is 32,769 bytes; KMS accepts at most 32,768/ }],
    },
    {
      name: 'UTF-8 bytes are counted, not characters (the limit passes at the line break before the closing brace)',
      text: TWO_BYTE,
      errors: [{ at: '\n', line: lastLine(TWO_BYTE) - 1, message: /The policy is 32,770 bytes/ }],
    },
    {
      name: 'a two-byte character that straddles the limit is where the finding starts, up to the line end',
      text: STRADDLE,
      errors: [
        {
          at: 'é',
          line: 1,
          column: 32768,
          message: /^The policy is 32,772 bytes; KMS accepts at most 32,768 and the quota cannot be raised \(LimitExceededException\)\./,
        },
      ],
    },
    {
      name: 'text that is not a policy',
      text: 'x'.repeat(40000),
      errors: [{ at: 'x'.repeat(40000 - 32768), column: 32769, message: /^The policy is 40,000 bytes/ }],
    },
  ],
});
