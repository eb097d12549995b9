/**
 * KP006: the root is not a JSON object.
 */
import type { DocumentRule } from './types';

/** KP006 root-not-object. */
export const rootNotObject: DocumentRule = {
  scope: 'document',
  code: 'KP006',
  name: 'root-not-object',
  severity: 'error',
  summary: 'A key policy is a JSON object with Version and Statement.',
  check(ctx) {
    const root = ctx.doc.root;
    if (!root || root.type === 'object') return;
    ctx.report({
      at: { offset: root.offset, length: root.length, pointer: '' },
      message: `A key policy must be a JSON object with "Version" and "Statement", not ${root.type === 'array' ? 'an array' : root.type === 'null' ? 'null' : `a ${root.type}`}.`,
    });
  },
};
