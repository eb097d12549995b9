/**
 * KP307: a principal written as an IAM unique id (`AIDA…`, `AROA…`). KMS shows these after the named user or
 * role was deleted; the id matches nobody, and the next PutKeyPolicy that contains it fails with "invalid
 * principals" (Access Analyzer INVALID_USER_REFERENCE / INVALID_ROLE_REFERENCE).
 */
import type { PolicyRule } from './types';
import { removeArrayItem, stringNodeAt } from '../fixes/edits';

const WHAT: Record<string, string> = { user: "an IAM user's", role: "an IAM role's", group: "an IAM group's", other: 'an IAM' };

/** KP307 unique-id-principal. */
export const uniqueIdPrincipal: PolicyRule = {
  code: 'KP307',
  name: 'unique-id-principal',
  severity: 'error',
  summary: 'A unique id (AIDA…/AROA…) in place of an ARN: the principal was deleted and the next PutKeyPolicy fails.',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.ref.kind !== 'unique-id') continue;
        const node = stringNodeAt(block.node, entry.offset);
        const edit = node ? removeArrayItem(node) : undefined;
        ctx.report({
          at: entry,
          message: `"${entry.value}" is ${WHAT[entry.ref.idType]} unique id, which KMS shows once the principal is deleted: it matches nobody, and putting this policy fails with "invalid principals". Remove it, or name the recreated principal by ARN.`,
          ...(edit ? { fixes: [{ title: `Remove "${entry.value}"`, edits: [edit] }] } : {}),
        });
      }
    }
  },
};
