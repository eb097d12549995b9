/**
 * The output of `kms-policy diff`: the changes per file and key as text or as Markdown (a pull-request comment),
 * and which --fail-on conditions hold.
 */
import { QUESTIONS, type ClassChange, type KeyChange } from '../engine';

/** The conditions `--fail-on` can name. */
export const FAIL_ON = ['new-access', 'public', 'lockout', 'errors'] as const;

/** One --fail-on condition. */
export type FailOn = (typeof FAIL_ON)[number];

/** The key changes of one file. */
export interface FileChanges {
  readonly file: string;
  readonly keys: readonly KeyChange[];
}

/** A condition that holds, with where. */
export interface Failure {
  readonly condition: FailOn;
  readonly file: string;
  readonly key: string;
}

/** True when a key gains access: a new class, action or way in, for any question. */
export function hasNewAccess(k: KeyChange): boolean {
  return k.questions.some((q) => q.gained.length > 0 || q.changed.some((c) => c.newAccess));
}

/** The --fail-on conditions that hold, per key. */
export function failures(files: readonly FileChanges[], failOn: ReadonlySet<FailOn>): Failure[] {
  const out: Failure[] = [];
  for (const f of files) {
    for (const k of f.keys) {
      if (k.status === 'removed') continue;
      const holds: Record<FailOn, boolean> = {
        'new-access': hasNewAccess(k),
        public: k.publicAccess,
        lockout: k.lockout,
        errors: k.errors > 0,
      };
      for (const c of FAIL_ON) if (failOn.has(c) && holds[c]) out.push({ condition: c, file: f.file, key: k.id });
    }
  }
  return out;
}

const TITLE: Record<string, string> = Object.fromEntries(QUESTIONS.map((q) => [q.question, q.title]));

function actions(list: readonly string[]): string {
  return list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
}

function when(conditions: readonly string[]): string {
  return conditions.length === 1 && conditions[0] === 'always' ? '' : ` when ${conditions.join(' or ')}`;
}

/** One class change as a sentence. */
function line(sign: '+' | '-' | '~', c: ClassChange): string {
  const via = c.byEscalation ? ' (by escalation)' : '';
  if (sign === '+') return `${c.who} gains ${actions(c.actions)}${via}${when(c.conditions)}`;
  if (sign === '-') return `${c.who} loses ${actions(c.actions)}${via}`;
  const parts: string[] = [];
  if (c.gainedActions.length > 0) parts.push(`gains ${actions(c.gainedActions)}`);
  if (c.lostActions.length > 0) parts.push(`loses ${actions(c.lostActions)}`);
  const now = c.conditions.join(' or ');
  const was = (c.before ?? []).join(' or ');
  if (now !== was) parts.push(`now ${now} (was ${was})`);
  if (parts.length === 0) parts.push('changes the statements that decide it');
  return `${c.who} ${parts.join('; ')}`;
}

function keyHead(k: KeyChange): string {
  const status = {
    added: 'new key',
    removed: 'removed',
    changed: 'changed',
    unchanged: 'no change in who can',
    open: 'policy left open: not compared',
  }[k.status];
  const flags = [k.publicAccess ? 'PUBLIC' : '', k.lockout ? 'LOCKOUT' : '', k.errors > 0 ? `${k.errors} error${k.errors === 1 ? '' : 's'}` : ''].filter(
    Boolean,
  );
  return `${k.id}${k.type !== 'key policy' ? ` (${k.type})` : ''}: ${status}${flags.length ? ` — ${flags.join(', ')}` : ''}`;
}

function verdict(failed: readonly Failure[], failOn: ReadonlySet<FailOn>): string {
  if (failOn.size === 0) return 'No --fail-on condition was asked for.';
  if (failed.length === 0) return `Passed: none of ${[...failOn].join(', ')}.`;
  const by = FAIL_ON.filter((c) => failed.some((f) => f.condition === c)).map(
    (c) =>
      `${c} (${failed
        .filter((f) => f.condition === c)
        .map((f) => f.key)
        .join(', ')})`,
  );
  return `Failed: ${by.join('; ')}.`;
}

/** The text format. */
export function diffText(files: readonly FileChanges[], failed: readonly Failure[], failOn: ReadonlySet<FailOn>): string {
  const lines: string[] = [];
  for (const f of files) {
    for (const k of f.keys) {
      lines.push(`${f.file}  ${keyHead(k)}`);
      for (const q of k.questions) {
        if (q.gained.length + q.lost.length + q.changed.length === 0) continue;
        lines.push(`  ${TITLE[q.question]}`);
        for (const c of q.gained) lines.push(`    + ${line('+', c)}`);
        for (const c of q.lost) lines.push(`    - ${line('-', c)}`);
        for (const c of q.changed) lines.push(`    ~ ${line('~', c)}${c.newAccess ? '  [new access]' : ''}`);
      }
      if (k.openValues.length > 0) lines.push(`  Left open in the file (not counted as anyone): ${k.openValues.map((o) => `«${o}»`).join(', ')}`);
    }
  }
  if (lines.length === 0) lines.push('No key policy in these files.');
  lines.push('', verdict(failed, failOn));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function who(c: ClassChange): string {
  return `${cell(c.who)}${c.byEscalation ? ' (by escalation)' : ''}`;
}

/** The Markdown format: a summary a CI job can post on a pull request. */
export function diffMarkdown(files: readonly FileChanges[], failed: readonly Failure[], failOn: ReadonlySet<FailOn>): string {
  const out = ['## KMS key policies: who can, before and after', ''];
  const rows: string[] = [];
  for (const f of files) {
    for (const k of f.keys) {
      for (const q of k.questions) {
        for (const c of q.gained)
          rows.push(
            `| \`${cell(f.file)}\` | \`${cell(k.id)}\` | ${TITLE[q.question]} | ➕ gains | ${who(c)} | ${cell(actions(c.actions))} | ${cell(c.conditions.join(' **or** '))} |`,
          );
        for (const c of q.lost)
          rows.push(
            `| \`${cell(f.file)}\` | \`${cell(k.id)}\` | ${TITLE[q.question]} | ➖ loses | ${who(c)} | ${cell(actions(c.actions))} | ${cell(c.conditions.join(' **or** '))} |`,
          );
        for (const c of q.changed)
          rows.push(
            `| \`${cell(f.file)}\` | \`${cell(k.id)}\` | ${TITLE[q.question]} | ${c.newAccess ? '⚠️ widens' : '✏️ changes'} | ${who(c)} | ${cell(actions(c.actions))} | ${cell(c.conditions.join(' **or** '))} (was ${cell((c.before ?? []).join(' or '))}) |`,
          );
      }
    }
  }
  if (rows.length > 0) out.push('| File | Key | Question | Change | Who | Actions | Conditions |', '|---|---|---|---|---|---|---|', ...rows, '');
  else out.push('No change in who can decrypt, administer or create grants.', '');
  const flagged = files.flatMap((f) =>
    f.keys
      .filter((k) => k.publicAccess || k.lockout || k.errors > 0)
      .map(
        (k) =>
          `- \`${f.file}\` \`${k.id}\`: ${[k.publicAccess ? 'public access' : '', k.lockout ? 'lockout' : '', k.errors > 0 ? `${k.errors} error(s)` : ''].filter(Boolean).join(', ')}`,
      ),
  );
  if (flagged.length > 0) out.push('**In the new version:**', '', ...flagged, '');
  const open = files.flatMap((f) =>
    f.keys.filter((k) => k.openValues.length > 0).map((k) => `- \`${k.id}\`: ${k.openValues.map((o) => `\`${o}\``).join(', ')}`),
  );
  if (open.length > 0) out.push('<details><summary>Values left open in the files (not counted as anyone)</summary>', '', ...open, '', '</details>', '');
  out.push(`**${failed.length > 0 ? '❌' : '✅'} ${verdict(failed, failOn)}**`, '');
  return out.join('\n');
}
