/**
 * KP002: comments are not JSON and KMS rejects them.
 */
import type { DocumentRule } from './types';
import { syntaxReports } from '../fixes/syntaxProblems';

/** KP002 no-comments. */
export const noComments: DocumentRule = {
  scope: 'document',
  code: 'KP002',
  name: 'no-comments',
  severity: 'error',
  summary: 'Comments are not allowed in a key policy.',
  check(ctx) {
    for (const r of syntaxReports(ctx.doc, ['comment'])) ctx.report(r);
  },
};
