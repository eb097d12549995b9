/**
 * KP007: only the structure of the document was checked. Either the document is far beyond the 32 KB quota
 * (over MAX_ANALYSED_BYTES, read for its structure only), or the host stopped the analysis (the language
 * server gives it a time and memory budget). Said as a finding so that no one reads "no problems" into the
 * rules that did not run.
 */
import type { DocumentRule } from './types';
import { MAX_POLICY_BYTES } from '../catalog';
import { MAX_ANALYSED_BYTES } from '../parse/syntax';

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

/** KP007 analysis-skipped. */
export const analysisSkipped: DocumentRule = {
  scope: 'document',
  code: 'KP007',
  name: 'analysis-skipped',
  severity: 'info',
  summary: 'Only the JSON structure and size were checked: the document is far larger than a key policy may be, or its analysis was stopped.',
  check(ctx) {
    const { doc } = ctx;
    const why =
      ctx.incomplete ??
      (doc.structureOnly
        ? `Only the JSON syntax and size of this document were checked: at ${bytes(doc.byteLength)} it is far beyond the ${bytes(MAX_POLICY_BYTES)} KMS accepts, and the rules and the who-can analysis read documents of at most ${bytes(MAX_ANALYSED_BYTES)}. Bring the policy under the quota to analyse it.`
        : undefined);
    if (why !== undefined) ctx.report({ at: { offset: 0, length: 0, pointer: '' }, message: why });
  },
};
