/**
 * KP005: a byte-order mark.
 */
import type { DocumentRule } from './types';
import { syntaxReports } from '../fixes/syntaxProblems';

/** KP005 byte-order-mark. */
export const byteOrderMark: DocumentRule = {
  scope: 'document',
  code: 'KP005',
  name: 'byte-order-mark',
  severity: 'error',
  summary: 'The text starts with a byte-order mark, a character KMS does not accept.',
  check(ctx) {
    for (const r of syntaxReports(ctx.doc, ['bom'])) ctx.report(r);
  },
};
