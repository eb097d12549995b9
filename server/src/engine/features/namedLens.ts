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

/** Kinds in the order the lens lists them. */
const ORDER = ['role', 'user', 'root', 'account', 'service', 'everyone'];

/** "4 roles, 1 user (2 conditional)", or "nobody, by name" when no named principal can perform the action. */
export function namedLensSummary(answer: NamedWhoCanAnswer): string {
  const action = answer.actions[0];
  const byKind = new Map<string, number>();
  let conditional = 0;
  for (const p of answer.principals) {
    const cell = p.cells.find((c) => c.action === action);
    if (!cell || cell.decision === 'denied') continue;
    byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
    if (cell.decision === 'conditional') conditional++;
  }
  if (byKind.size === 0) return 'nobody, by name';
  const parts = [...byKind]
    .sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]))
    .map(([kind, n]) => (kind === 'everyone' ? 'everyone' : `${n} ${n === 1 ? kind : (PLURAL[kind] ?? `${kind}s`)}`));
  return `${parts.join(', ')}${conditional > 0 ? ` (${conditional} conditional)` : ''}`;
}
