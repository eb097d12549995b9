/**
 * KP407: an operator that does not fit the key's type (StringEquals on a Bool key, NumericLessThan on a
 * String key), or a value that does not fit the operator (a non-number under Numeric, a date that is neither
 * ISO 8601 nor epoch seconds, an IpAddress value that is not a CIDR, a Bool value other than true/false)
 * (Access Analyzer TYPE_MISMATCH, TYPE_MISMATCH_BOOLEAN/_DATE/_NUMBER/_STRING/_IP_RANGE, INVALID_DATE_VALUE).
 */
import type { ConditionKeyType, OperatorFamily } from '../catalog/index';
import type { PolicyRule, Severity } from './types';
import { withArticle } from '../messages';
import { readCidrBlock } from '../catalog';

/** The operator families that may test a key of each type (ARN and String operators read each other's keys). */
const FITS: Record<string, readonly OperatorFamily[]> = {
  String: ['String', 'Arn'],
  ARN: ['Arn', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  IPAddress: ['IpAddress'],
  Binary: ['Binary'],
};

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What is wrong with one value under an operator family, if anything. */
function valueProblem(family: OperatorFamily, value: string | number | boolean): string | undefined {
  const text = String(value).trim();
  switch (family) {
    case 'Numeric':
      return typeof value === 'number' || NUMBER.test(text) ? undefined : 'is not a number';
    case 'Date':
      if (typeof value === 'number' || /^\d+$/.test(text)) return undefined;
      return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text))
        ? undefined
        : 'is neither an ISO 8601 date (2025-01-31T00:00:00Z) nor epoch seconds';
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(text) ? undefined : 'is not "true" or "false"';
    case 'IpAddress':
      return typeof value === 'string' && readCidrBlock(text) ? undefined : 'is not an IP address or CIDR range';
    case 'Binary':
      return typeof value === 'string' && BASE64.test(text) ? undefined : 'is not base64';
    default:
      return undefined;
  }
}

/** The key type without the ArrayOf prefix. */
function scalarType(type: ConditionKeyType): string {
  return type.replace(/^ArrayOf/, '');
}

/** KP407 condition-type-mismatch. */
export const conditionTypeMismatch: PolicyRule = {
  code: 'KP407',
  name: 'condition-type-mismatch',
  severity: 'warning',
  summary: "The operator does not fit the key's type, or a value does not fit the operator.",
  check(ctx) {
    for (const { clause, entry, operator: op, catalogKey: match } of ctx.facts.conditions) {
      if (match && op.family !== 'Null') {
        const type = scalarType(match.info.type);
        const fits = FITS[type];
        if (fits && !fits.includes(op.family)) {
          // Date keys under Numeric operators: the sources disagree (kms:ValidTo in the KMS guide's own example,
          // aws:EpochTime in the IAM guide), so this is only mentioned (SEMANTICS §7.45).
          const disputed = type === 'Date' && op.family === 'Numeric';
          const severity: Severity | undefined = disputed ? 'info' : undefined;
          ctx.report({
            at: clause.operator,
            message: disputed
              ? `"${match.canonical}" is documented as a Date key; the sources disagree on Numeric operators for Date keys, so prefer a Date operator (it accepts epoch seconds too).`
              : `"${match.canonical}" is ${withArticle(type)} key, but ${clause.operator.value} compares ${op.family === 'Arn' ? 'ARN' : op.family} values, so the test does not work as written. Use ${withArticle(fits[0] as string)} operator.`,
            ...(severity ? { severity } : {}),
          });
          continue;
        }
      }
      for (const v of entry.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue;
        const problem = valueProblem(op.family, v.value);
        if (!problem) continue;
        ctx.report({
          at: v,
          message: `${JSON.stringify(v.value)} ${problem}, so ${clause.operator.value} cannot compare it and the test never works as written.`,
        });
      }
    }
  },
};
