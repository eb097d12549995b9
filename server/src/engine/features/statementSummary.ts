/** One-line and Markdown summaries of a statement: what it grants or denies, to whom, when. */
import { matchActions } from '../catalog';
import type { Statement } from '../parse/model';
import { describePrincipal } from '../parse/principalRef';

function actionsText(s: Statement): string {
  const items = s.action?.items ?? [];
  if (s.notAction) return `every action except ${s.notAction.items.map((a) => a.value).join(', ')}`;
  if (items.length === 0) return 'no action';
  if (items.some((a) => a.value === '*' || a.value.toLowerCase() === 'kms:*')) return 'every kms action';
  const expanded = new Set(items.flatMap((a) => matchActions(a.value).map((m) => m.fullName)));
  const shown = items
    .slice(0, 3)
    .map((a) => a.value)
    .join(', ');
  const more = items.length > 3 ? ` and ${items.length - 3} more` : '';
  return expanded.size > items.length ? `${shown}${more} (${expanded.size} actions)` : `${shown}${more}`;
}

function principalsText(s: Statement): string {
  if (s.notPrincipal) return `everyone except ${s.notPrincipal.entries.map((e) => e.value).join(', ')}`;
  const entries = s.principal?.entries ?? [];
  if (entries.length === 0) return 'nobody (no principal)';
  const described = entries.slice(0, 2).map((e) => (e.ref.kind === 'any' ? 'everyone' : describePrincipal(e.ref)));
  return entries.length > 2 ? `${described.join(', ')} and ${entries.length - 2} more` : described.join(' and ');
}

function conditionsText(s: Statement): string {
  const clauses = s.condition?.clauses ?? [];
  const parts = clauses.flatMap((c) => c.keys.map((k) => `${k.key.value} ${c.operator.value} ${k.values.map((v) => String(v.value)).join(' | ')}`));
  if (parts.length === 0) return '';
  return ` when ${parts.slice(0, 2).join(' and ')}${parts.length > 2 ? ` and ${parts.length - 2} more condition${parts.length === 3 ? '' : 's'}` : ''}`;
}

/** "Allows kms:Decrypt, kms:Encrypt to IAM role App in account 111122223333 when …". */
export function statementSummary(s: Statement): string {
  const verb = s.effect?.value === 'Deny' ? 'Denies' : s.effect?.value === 'Allow' ? 'Allows' : 'Has no valid Effect for';
  const resource = s.resource && !s.resource.items.some((r) => r.value === '*') ? ' (on a resource other than this key: never applies)' : '';
  return `${verb} ${actionsText(s)} to ${principalsText(s)}${conditionsText(s)}${resource}`;
}
