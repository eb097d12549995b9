/**
 * KP104: the policy has no Version. KMS's behaviour without one is undocumented; IAM then reads the policy
 * as the 2008-10-17 language, where policy variables are literal text. Fix: add the current Version.
 */
import type { PolicyRule } from './types';
import { CURRENT_VERSION } from '../catalog';
import { hasMisspeltMember } from '../facts';
import { insertMember } from '../fixes/edits';

/** KP104: no Version element. */
export const missingVersion: PolicyRule = {
  code: 'KP104',
  name: 'missing-version',
  severity: 'warning',
  summary: 'The policy has no "Version"; add "Version": "2012-10-17" so policy variables work and the language is explicit.',
  check(ctx) {
    const { policy } = ctx;
    if (policy.members.some((m) => m.name.value === 'Version') || hasMisspeltMember(policy.members, 'Version')) return;
    const insert = insertMember(ctx.doc.text, policy.node, 'Version', CURRENT_VERSION, 'first');
    ctx.report({
      at: { offset: policy.span.offset, length: 1, pointer: '' },
      message: `The policy has no "Version", so it is read as the outdated 2008-10-17 language (policy variables stay literal). Add "Version": "${CURRENT_VERSION}".`,
      ...(insert ? { fixes: [{ title: `Add "Version": "${CURRENT_VERSION}"`, edits: [insert], preferred: true }] } : {}),
    });
  },
};
