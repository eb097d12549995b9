/**
 * KP309: Deny with NotPrincipal naming a user, role or session without also naming its account. IAM matches
 * the account as well as the identity, so the Deny still applies to the account and through it to the
 * principal meant to be exempt (SEMANTICS §7.52; the IAM NotPrincipal documentation). A role listed without
 * any of its session ARNs is left to KP312: its sessions are denied whether or not the account is listed, and
 * KP312's message names the missing account too.
 */
import { accountOf, accountRootArn } from '../parse/principalRef';
import type { PrincipalBlock } from '../parse/model';
import type { PolicyRule, TextEditSpec } from './types';
import { listedAccounts, rolesWithoutSessions } from '../facts';

/** Adds `value` to the AWS list of the block: appended to an array, or turning a single string into an array. */
function addAwsItem(block: PrincipalBlock, value: string): TextEditSpec | undefined {
  const aws = block.typeKeys.find((tk) => tk.name.value === 'AWS');
  if (!aws) return undefined;
  const node = aws.node;
  if (node.type === 'string') return { offset: node.offset, length: node.length, newText: `[${JSON.stringify(node.value)}, ${JSON.stringify(value)}]` };
  const last = node.type === 'array' ? node.children?.[node.children.length - 1] : undefined;
  return last ? { offset: last.offset + last.length, length: 0, newText: `, ${JSON.stringify(value)}` } : undefined;
}

/** KP309 deny-not-principal-without-account. */
export const denyNotPrincipalWithoutAccount: PolicyRule = {
  code: 'KP309',
  name: 'deny-not-principal-without-account',
  severity: 'warning',
  summary: 'Deny with NotPrincipal must also list the account of each exempted user or role, or the Deny still reaches them.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const block = s.notPrincipal;
      if (!block || s.effect?.value !== 'Deny') continue;
      const accounts = listedAccounts(block);
      const leftToKP312 = new Set(rolesWithoutSessions(block));
      for (const entry of block.entries) {
        const ref = entry.ref;
        if (ref.kind !== 'user' && ref.kind !== 'role' && ref.kind !== 'assumed-role' && ref.kind !== 'federated-user') continue;
        if (leftToKP312.has(entry)) continue;
        const account = accountOf(ref) as string;
        if (accounts.has(account)) continue;
        const root = accountRootArn(account, ref.partition);
        const edit = addAwsItem(block, root);
        ctx.report({
          at: entry,
          message: `This Deny exempts ${ref.kind} "${ref.name}" but not its account ${account}; NotPrincipal is matched against the account too, so the Deny can still apply to it. Add "${root}" to NotPrincipal, or use Principal "*" with ArnNotEquals on aws:PrincipalArn.`,
          ...(edit ? { fixes: [{ title: `Add "${root}" to NotPrincipal`, edits: [edit], preferred: true }] } : {}),
        });
      }
    }
  },
};
