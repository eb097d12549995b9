/**
 * The question lens's answer when IAM data is supplied: named principals counted by kind ("4 roles, 1 user
 * (2 conditional)"), for the first action the answer analysed. Short enough for a lens; the who-can view lists them.
 */
import type { NamedWhoCanAnswer } from '../iam/answer';

const PLURAL: Readonly<Record<string, string>> = {
  role: 'roles',
  user: 'users',
  root: 'account roots',
  service: 'services',
  account: 'accounts',
  everyone: 'everyone',
};

const SINGULAR: Readonly<Record<string, string>> = { root: 'account root' };

/** Kinds in the order the lens lists them. */
const ORDER = ['role', 'user', 'root', 'account', 'service', 'everyone'];

/**
 * "4 roles, 1 user (2 conditional)", then "; 1 more by assuming roles" for principals that reach the action only
 * through a role chain; "nobody, by name" when no named principal can perform the action at all.
 */
export function namedLensSummary(answer: NamedWhoCanAnswer): string {
  const action = answer.actions[0];
  const byKind = new Map<string, number>();
  let conditional = 0;
  let chained = 0;
  for (const p of answer.principals) {
    const cell = p.cells.find((c) => c.action === action);
    if (cell?.decision === 'denied' && cell.via === 'chain') chained++;
    if (!cell || cell.decision === 'denied') continue;
    byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
    if (cell.decision === 'conditional') conditional++;
  }
  const more = chained > 0 ? `${chained} ${byKind.size === 0 ? '' : 'more '}by assuming roles` : '';
  if (byKind.size === 0) return more === '' ? 'nobody, by name' : more;
  const parts = [...byKind]
    .sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]))
    .map(([kind, n]) => (kind === 'everyone' ? 'everyone' : `${n} ${n === 1 ? (SINGULAR[kind] ?? kind) : (PLURAL[kind] ?? `${kind}s`)}`));
  return `${parts.join(', ')}${conditional > 0 ? ` (${conditional} conditional)` : ''}${more === '' ? '' : `; ${more}`}`;
}
