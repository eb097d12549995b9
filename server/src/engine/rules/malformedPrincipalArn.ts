/**
 * KP308: an AWS principal that is not an account id or an IAM/STS principal ARN KMS accepts (typos in the
 * ARN, an account id that is not 12 digits, an ARN of another service, an empty string). KMS rejects it.
 */
import { parseAwsPrincipal, type PrincipalProblem } from '../parse/principalRef';
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

const ACCOUNT_ID = 'an account id (12 digits)';
const ARN_FORMS = 'an ARN such as arn:aws:iam::111122223333:root, :role/Name, :user/Name or arn:aws:sts::111122223333:assumed-role/Role/Session';
const ACCEPTED = `${ACCOUNT_ID} or ${ARN_FORMS}`;

function explain(reason: PrincipalProblem, value: string): string {
  switch (reason) {
    case 'empty':
      return 'An empty principal names nobody, and KMS rejects the policy.';
    case 'bad-account':
      return `The account id in "${value}" must be exactly 12 digits; KMS rejects the policy.`;
    case 'not-an-arn':
      return `"${value}" is neither ${ACCOUNT_ID} nor ${ARN_FORMS}; KMS rejects the policy.`;
    default:
      return `"${value}" is not a principal ARN KMS accepts; use ${ACCEPTED}.`;
  }
}

/** A mechanical repair: stray whitespace, or an account id written with separators. */
function repair(value: string): string | undefined {
  const candidates = [value.trim()];
  if (/^[\d\s-]+$/.test(value)) candidates.push(value.replace(/[\s-]/g, ''));
  return candidates.find((c) => c !== value && c !== '' && !['invalid', 'unique-id'].includes(parseAwsPrincipal(c).kind));
}

/** KP308 malformed-principal-arn. */
export const malformedPrincipalArn: PolicyRule = {
  code: 'KP308',
  name: 'malformed-principal-arn',
  severity: 'error',
  summary: 'An AWS principal must be a 12-digit account id or an IAM/STS principal ARN.',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.type !== 'AWS' || entry.ref.kind !== 'invalid' || entry.ref.reason === 'partial-wildcard') continue;
        const fixed = repair(entry.value);
        const fixes: Fix[] = fixed ? [{ title: `Change to "${fixed}"`, edits: [replaceString(entry, fixed)], preferred: true }] : [];
        ctx.report({ at: entry, message: explain(entry.ref.reason, entry.value), ...(fixes.length > 0 ? { fixes } : {}) });
      }
    }
  },
};
