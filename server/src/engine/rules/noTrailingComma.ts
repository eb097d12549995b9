/**
 * KP003: trailing commas are not JSON and KMS rejects them.
 */
import type { DocumentRule } from './types';
import { syntaxReports } from '../fixes/syntaxProblems';

/** KP003 no-trailing-comma. */
export const noTrailingComma: DocumentRule = {
  scope: 'document',
  code: 'KP003',
  name: 'no-trailing-comma',
  severity: 'error',
  summary: 'Trailing commas are not allowed in a key policy.',
  check(ctx) {
    for (const r of syntaxReports(ctx.doc, ['trailing-comma'])) ctx.report(r);
  },
};
