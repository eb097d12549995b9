/**
 * KP004: a member name repeated in one object.
 */
import type { DocumentRule } from './types';
import { syntaxReports } from '../fixes/syntaxProblems';

/** KP004 duplicate-member. */
export const duplicateMember: DocumentRule = {
  scope: 'document',
  code: 'KP004',
  name: 'duplicate-member',
  severity: 'error',
  summary: 'A member name appears twice in one object; KMS rejects it and JSON readers silently keep one.',
  check(ctx) {
    for (const r of syntaxReports(ctx.doc, ['duplicate-key'])) ctx.report(r);
  },
};
