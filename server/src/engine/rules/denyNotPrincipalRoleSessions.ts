/**
 * KP312: Deny with NotPrincipal that exempts a role without any of its session ARNs (SEMANTICS §1
 * "NotPrincipal: every identity of the caller counts"; the IAM NotPrincipal page). A role's sessions call KMS
 * as `arn:aws:sts::<account>:assumed-role/<role>/<session>`, and NotPrincipal leaves a caller out only when
 * every identity it carries (session ARN, role ARN, account) is listed. A role ARN there does not stand for its
 * sessions, and there is no wildcard for "every session of a role", so the Deny still applies to everyone
 * using the role: often the administrators it meant to spare, which is the way to a lockout. AWS recommends
 * `Principal: "*"` with `ArnNotEquals` on `aws:PrincipalArn` (a session's aws:PrincipalArn is its role ARN).
 *
 * A role listed with at least one of its sessions is left alone (the author knows sessions count); a role
 * without its account is also KP309's, and the message says both.
 *
 * Fix (not preferred, because it changes who the Deny spares, to what was meant): rewrite the statement as
 * `"Principal": "*"` with `ArnNotEquals` on `aws:PrincipalArn` listing the same ARNs, offered when every entry
 * is an account, user, role or federated user under "AWS" and the statement does not test aws:PrincipalArn
 * with ArnNotEquals already.
 */
import { accountOf, accountRootArn } from '../parse/principalRef';
import type { PrincipalBlock, Statement } from '../parse/model';
import { addConditionKey } from '../fixes/conditionEdits';
import { listedAccounts, rolesWithoutSessions } from '../facts';
import type { Fix, PolicyRule } from './types';

/** The rewrite to `Principal: "*"` with ArnNotEquals on aws:PrincipalArn, when it can be written exactly. */
function principalArnFix(text: string, s: Statement, block: PrincipalBlock): Fix | undefined {
  const member = s.members.find((m) => m.name.value === 'NotPrincipal');
  if (!member || block.typeKeys.some((k) => k.name.value !== 'AWS')) return undefined;
  const arns: string[] = [];
  for (const e of block.entries) {
    const ref = e.ref;
    if (ref.kind === 'account') arns.push(accountRootArn(ref.account, ref.partition));
    else if (ref.kind === 'role' || ref.kind === 'user' || ref.kind === 'federated-user') arns.push(ref.arn);
    else return undefined;
  }
  const condition = addConditionKey(text, s, 'ArnNotEquals', 'aws:PrincipalArn', arns.length === 1 ? arns[0] : arns);
  if (!condition) return undefined;
  return {
    title: 'Rewrite as "Principal": "*" with ArnNotEquals on aws:PrincipalArn',
    edits: [
      { offset: member.name.offset, length: member.name.length, newText: '"Principal"' },
      { offset: member.node.offset, length: member.node.length, newText: '"*"' },
      condition,
    ],
  };
}

/** KP312 deny-not-principal-role-sessions. */
export const denyNotPrincipalRoleSessions: PolicyRule = {
  code: 'KP312',
  name: 'deny-not-principal-role-sessions',
  severity: 'warning',
  summary: 'Deny with NotPrincipal exempts a role but none of its sessions: the Deny still applies to everyone using the role.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const block = s.notPrincipal;
      if (!block || s.effect?.value !== 'Deny') continue;
      const accounts = listedAccounts(block);
      let first = true;
      for (const entry of rolesWithoutSessions(block)) {
        const ref = entry.ref;
        if (ref.kind !== 'role') continue;
        const account = accountOf(ref) as string;
        const alsoAccount = accounts.has(account) ? '' : ` (nor its account ${account}, which must be listed too)`;
        // One rewrite per statement: it is offered on the first role it spares.
        const fix = first ? principalArnFix(ctx.doc.text, s, block) : undefined;
        first = false;
        ctx.report({
          at: entry,
          message: `This Deny exempts role "${ref.name}" through NotPrincipal, but not its sessions${alsoAccount}: a role's sessions call KMS as arn:${ref.partition}:sts::${account}:assumed-role/${ref.name}/<session>, and NotPrincipal spares a caller only when that session ARN is listed too, so the Deny still applies to everyone using the role. Use "Principal": "*" with ArnNotEquals on aws:PrincipalArn (a session's aws:PrincipalArn is its role ARN) instead.`,
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
  },
};
