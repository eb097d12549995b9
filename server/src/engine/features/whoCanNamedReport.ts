/**
 * The named who-can answer as a person reads it: counts per action, then one compact table per account and
 * kind (principal, then one narrow column per action: ✓ allowed, ~ conditional, ✗ denied, ✗→ denied but
 * reachable through a role chain), then the conditions of the conditional cells, the role-chain paths, what
 * was not supplied and the caveats. Lines stay under 160 characters (long names are shortened, long sentences
 * wrapped), so the CLI's text output and the LSP's Markdown preview fit a window.
 */
import { residualText } from '../iam/cellJson';
import type { NamedCell, NamedPrincipal, NamedWhoCanAnswer } from '../iam';

/** The widest line the report writes. */
export const REPORT_WIDTH = 160;
const NAME_WIDTH = 48;
const MARK: Readonly<Record<NamedCell['decision'], string>> = { allowed: '✓', conditional: '~', denied: '✗' };
const KIND_ORDER: readonly NamedPrincipal['kind'][] = ['root', 'user', 'role', 'account', 'service', 'everyone'];
const KIND_TITLE: Readonly<Record<NamedPrincipal['kind'], string>> = {
  root: 'root user',
  user: 'users',
  role: 'roles',
  account: 'accounts whose IAM data was not supplied',
  service: 'services',
  everyone: 'everyone',
};

/** A table of one account and kind. */
interface Section {
  readonly title: string;
  readonly rows: readonly NamedPrincipal[];
}

function sections(answer: NamedWhoCanAnswer): Section[] {
  const groups = new Map<string, NamedPrincipal[]>();
  for (const p of answer.principals) {
    const k = `${p.account ?? ''}|${KIND_ORDER.indexOf(p.kind)}`;
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, rows]) => {
      const p = rows[0]!;
      const where = p.account ? `Account ${p.account}` : 'Beyond any account';
      const supplied = p.account !== undefined && answer.accounts.includes(p.account);
      const kind =
        p.kind === 'user' || p.kind === 'role' ? (supplied ? KIND_TITLE[p.kind] : `${KIND_TITLE[p.kind]} named in the key policy`) : KIND_TITLE[p.kind];
      return { title: `${where} · ${kind} (${rows.length})`, rows: [...rows].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)) };
    });
}

/** Column headings: the action names without `kms:`, or A1…An with a legend when they would not fit. */
function headings(actions: readonly string[]): { heads: string[]; legend: string | undefined } {
  const short = actions.map((a) => a.replace(/^kms:/, ''));
  if (short.reduce((n, h) => n + h.length + 3, NAME_WIDTH) <= REPORT_WIDTH) return { heads: short, legend: undefined };
  const heads = actions.map((_, i) => `A${i + 1}`);
  return { heads, legend: wrap(`Columns: ${actions.map((a, i) => `A${i + 1} ${a}`).join(', ')}.`, REPORT_WIDTH) };
}

/** Column indexes in blocks that fit beside the principal column (wide answers get several tables). */
function blocks(heads: readonly string[], nameWidth: number): number[][] {
  const out: number[][] = [];
  // "| name " and the closing " |" (Markdown); "  name  " (text) is narrower.
  let width = nameWidth + 6;
  for (let i = 0; i < heads.length; i++) {
    const w = Math.max(heads[i]!.length, 2) + 3;
    if (out.length === 0 || width + w > REPORT_WIDTH) {
      out.push([]);
      width = nameWidth + 6;
    }
    out[out.length - 1]!.push(i);
    width += w;
  }
  return out;
}

function blockTitle(title: string, heads: readonly string[], block: readonly number[], count: number): string {
  return count === 1 ? title : `${title} · ${heads[block[0]!]}–${heads[block[block.length - 1]!]}`;
}

function cellMark(c: NamedCell): string {
  return c.via === 'chain' ? `${MARK[c.decision]}→` : MARK[c.decision];
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** Wraps a sentence at spaces; continuation lines start with `indent`. */
export function wrap(text: string, width: number, indent = '  '): string {
  const out: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  if (line.trim() !== '') out.push(line);
  return out.map((l) => clip(l, width)).join('\n');
}

function principalLabel(p: NamedPrincipal): string {
  return clip(p.path && p.path !== '/' ? `${p.path}${p.name}` : p.name, NAME_WIDTH);
}

function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The notes that follow the tables: conditions, chains, not supplied, caveats. */
function notes(answer: NamedWhoCanAnswer, bullet: string): string[] {
  const out: string[] = [];
  const conditions: string[] = [];
  for (const p of answer.principals) {
    for (const c of p.cells) {
      if (c.decision !== 'conditional') continue;
      const when = c.residual ? (c.residual.tooComplex ? 'conditions too complex to list' : residualText(c.residual)) : c.reason;
      conditions.push(wrap(`${bullet}${principalLabel(p)} · ${c.action}: ${when}`, REPORT_WIDTH, '    '));
    }
  }
  if (conditions.length > 0) out.push('Conditions', ...conditions);
  const chains: string[] = [];
  for (const p of answer.principals) {
    for (const ch of p.chains) {
      const path = [...ch.path.map(shortArn), ch.actions.map((a) => a.replace(/^kms:/, '')).join('/')].join(' → ');
      chains.push(wrap(`${bullet}${path}${ch.conditional ? ' (conditional)' : ''}`, REPORT_WIDTH, '    '));
    }
  }
  if (chains.length > 0) out.push('Role chains', ...chains);
  if (answer.notSupplied.length > 0) out.push('Not supplied', ...answer.notSupplied.map((n) => wrap(`${bullet}${n}`, REPORT_WIDTH, '    ')));
  if (answer.caveats.length > 0) out.push('Caveats', ...answer.caveats.map((n) => wrap(`${bullet}${n}`, REPORT_WIDTH, '    ')));
  return out;
}

const HEADS = new Set(['Conditions', 'Role chains', 'Not supplied', 'Caveats']);

/** The answer as Markdown (the whoCanNamed request's `markdown`). */
export function whoCanNamedMarkdown(answer: NamedWhoCanAnswer): string {
  const { heads, legend } = headings(answer.actions);
  const lines = [`# Who can, by name`, '', wrap(`Key ${answer.key}; IAM data of ${answer.accounts.join(', ') || 'no account'}.`, REPORT_WIDTH), ''];
  lines.push('| Action | Allowed | Conditional | Denied |', '|---|---:|---:|---:|');
  for (const a of answer.actions) {
    const c = answer.counts[a]!;
    lines.push(`| ${a} | ${c.allowed} | ${c.conditional} | ${c.denied} |`);
  }
  lines.push('', wrap('✓ allowed · ~ conditional (see Conditions) · ✗ denied · ✗→ denied, but reachable through a role chain', REPORT_WIDTH));
  if (legend) lines.push('', legend);
  for (const s of sections(answer)) {
    const bs = blocks(heads, Math.max(9, ...s.rows.map((p) => principalLabel(p).length)));
    for (const b of bs) {
      lines.push(
        '',
        `## ${blockTitle(s.title, heads, b, bs.length)}`,
        '',
        `| Principal | ${b.map((i) => heads[i]).join(' | ')} |`,
        `|---|${b.map(() => ':-:').join('|')}|`,
      );
      for (const p of s.rows) lines.push(`| ${principalLabel(p).replace(/\|/g, '\\|')} | ${b.map((i) => cellMark(p.cells[i]!)).join(' | ')} |`);
    }
  }
  for (const l of notes(answer, '- ')) lines.push(...(HEADS.has(l) ? ['', `## ${l}`, ''] : [l]));
  return `${lines.join('\n')}\n`;
}

/** The answer as plain text (the CLI's `who-can --iam` output). */
export function whoCanNamedText(answer: NamedWhoCanAnswer): string {
  const { heads, legend } = headings(answer.actions);
  const lines = [wrap(`Who can, by name: key ${answer.key}; IAM data of ${answer.accounts.join(', ') || 'no account'}.`, REPORT_WIDTH), ''];
  const width = Math.max(...answer.actions.map((a) => a.length), 6);
  lines.push(`${'Action'.padEnd(width)}  allowed  conditional  denied`);
  for (const a of answer.actions) {
    const c = answer.counts[a]!;
    lines.push(`${a.padEnd(width)}  ${String(c.allowed).padStart(7)}  ${String(c.conditional).padStart(11)}  ${String(c.denied).padStart(6)}`);
  }
  lines.push('', '✓ allowed  ~ conditional  ✗ denied  ✗→ denied, but reachable through a role chain');
  if (legend) lines.push(legend);
  for (const s of sections(answer)) {
    const nameWidth = Math.max(9, ...s.rows.map((p) => principalLabel(p).length));
    const widths = heads.map((h) => Math.max(h.length, 2));
    const bs = blocks(heads, nameWidth);
    for (const b of bs) {
      lines.push(
        '',
        blockTitle(s.title, heads, b, bs.length),
        `  ${'Principal'.padEnd(nameWidth)}  ${b.map((i) => heads[i]!.padEnd(widths[i]!)).join('  ')}`.trimEnd(),
      );
      for (const p of s.rows)
        lines.push(`  ${principalLabel(p).padEnd(nameWidth)}  ${b.map((i) => cellMark(p.cells[i]!).padEnd(widths[i]!)).join('  ')}`.trimEnd());
    }
  }
  for (const l of notes(answer, '  ')) lines.push(...(HEADS.has(l) ? ['', l] : [l]));
  return `${lines.join('\n')}\n`;
}
