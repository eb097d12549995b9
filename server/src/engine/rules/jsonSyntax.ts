/**
 * KP001: the text is not valid JSON.
 */
import type { DocumentRule } from './types';
import { syntaxReports } from '../fixes/syntaxProblems';

/** KP001 json-syntax. */
export const jsonSyntax: DocumentRule = {
  scope: 'document',
  code: 'KP001',
  name: 'json-syntax',
  severity: 'error',
  summary: 'The text is not valid JSON (KMS rejects the policy); analysis continues on what parses.',
  check(ctx) {
    for (const r of syntaxReports(ctx.doc, ['syntax', 'empty', 'too-deep'])) ctx.report(r);
  },
};
