/**
 * KP416: an `aws:SourceVpc` value that is not a VPC id (`vpc-` and 8 or 17 hex digits), or an
 * `aws:SourceVpce` value that is not a VPC endpoint id (`vpce-…`) (Access Analyzer INVALID_VPC_FORMAT /
 * INVALID_VPCE_FORMAT). Such a value never matches.
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { replaceString } from '../fixes/edits';

const FORMATS: Record<string, { prefix: string; what: string; example: string }> = {
  'aws:sourcevpc': { prefix: 'vpc', what: 'a VPC id', example: 'vpc-1a2b3c4d' },
  'aws:sourcevpce': { prefix: 'vpce', what: 'a VPC endpoint id', example: 'vpce-1a2b3c4d' },
};

/** KP416 invalid-vpc-value. */
export const invalidVpcValue: PolicyRule = {
  code: 'KP416',
  name: 'invalid-vpc-value',
  severity: 'error',
  summary: 'aws:SourceVpc takes VPC ids (vpc-…) and aws:SourceVpce takes VPC endpoint ids (vpce-…).',
  check(ctx) {
    for (const { clause, entry } of ctx.facts.conditions) {
      const format = FORMATS[entry.key.value.toLowerCase()];
      if (!format) continue;
      const op = readOperator(clause.operator.value);
      if (!op || op.family !== 'String') continue;
      const valid = new RegExp(`^${format.prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
      for (const v of entry.values) {
        if (typeof v.value !== 'string' || v.value.includes('${')) continue;
        if (op.wildcards && /[*?]/.test(v.value)) continue;
        if (valid.test(v.value)) continue;
        const lower = v.value.trim().toLowerCase();
        const fixed = lower !== v.value && valid.test(lower) ? lower : undefined;
        ctx.report({
          at: v,
          message: `"${v.value}" is not ${format.what} (${format.prefix}- followed by 8 or 17 lowercase hex digits, e.g. ${format.example}), so ${entry.key.value} never equals it.`,
          ...(fixed ? { fixes: [{ title: `Change to "${fixed}"`, edits: [replaceString(v, fixed)], preferred: true }] } : {}),
        });
      }
    }
  },
};
