/**
 * KP115: the policy is over 32,768 bytes. KMS refuses it with LimitExceededException and the quota cannot be
 * raised. Whether whitespace counts is undocumented, so the raw UTF-8 size of the text is measured.
 */
import type { DocumentRule } from './types';
import { MAX_POLICY_BYTES } from '../catalog';

/** The offset of the first character whose UTF-8 bytes end past `limit` (a surrogate pair counts as one). */
function offsetPastLimit(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes > limit) return i;
    if (pair) i++;
  }
  return text.length;
}

/** KP115: the policy exceeds the 32 KB quota. */
export const policyTooLarge: DocumentRule = {
  scope: 'document',
  code: 'KP115',
  name: 'policy-too-large',
  severity: 'error',
  summary: 'The policy is larger than 32,768 bytes, the key-policy quota; KMS rejects it.',
  check(ctx) {
    const { doc } = ctx;
    if (doc.byteLength <= MAX_POLICY_BYTES) return;
    const offset = offsetPastLimit(doc.text, MAX_POLICY_BYTES);
    const lineEnd = doc.text.slice(offset).search(/[\r\n]/);
    const length = Math.max(1, lineEnd < 0 ? doc.text.length - offset : lineEnd);
    ctx.report({
      at: { offset, length, pointer: '' },
      message: `The policy is ${doc.byteLength.toLocaleString('en-US')} bytes; KMS accepts at most ${MAX_POLICY_BYTES.toLocaleString('en-US')} and the quota cannot be raised (LimitExceededException). The limit is passed here: merge statements, drop redundant ones or remove indentation.`,
    });
  },
};
