/**
 * KP103: Version is not a policy-language version. `2012-10-17` is current; `2008-10-17` is still accepted
 * but reads policy variables literally, so it is reported at info level with the same fix.
 */
import type { PolicyRule } from './types';
import { CURRENT_VERSION, OLD_VERSION } from '../catalog';
import { replaceString } from '../fixes/edits';

/** KP103: an invalid (or outdated) Version. */
export const invalidVersion: PolicyRule = {
  code: 'KP103',
  name: 'invalid-version',
  severity: 'error',
  summary: 'Version must be "2012-10-17" (or the outdated "2008-10-17"); anything else is rejected.',
  check(ctx) {
    const version = ctx.policy.version;
    if (!version || version.value === CURRENT_VERSION) return;
    const fixes = [{ title: `Change to "${CURRENT_VERSION}"`, edits: [replaceString(version, CURRENT_VERSION)], preferred: true }];
    if (version.value === OLD_VERSION) {
      ctx.report({
        at: version,
        severity: 'info',
        message: `Version "${OLD_VERSION}" is the outdated policy language: policy variables such as \${aws:username} are read literally. Use "${CURRENT_VERSION}".`,
        fixes,
      });
      return;
    }
    ctx.report({
      at: version,
      message: `"${version.value}" is not a policy language version; KMS rejects the policy. Use "${CURRENT_VERSION}" (Version is a fixed language date, not today's date).`,
      fixes,
    });
  },
};
