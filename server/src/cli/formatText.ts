/**
 * The human format: one line per finding, `file:line:col  severity  CODE  message` with 1-based line and
 * column, then a one-line summary when anything was found.
 */
import type { Severity } from '../engine';
import type { Paint, Style } from './color';
import { countFindings, type FileReport } from './report';

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'dim' };

/** Formats reports as text lines (each ending in a newline). Empty when nothing was found. */
export function formatText(reports: readonly FileReport[], paint: Paint): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const where = `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const resource = d.resource !== undefined ? `${paint('bold', d.resource)}: ` : '';
      lines.push(`${paint('bold', where)}  ${paint(SEVERITY_STYLE[d.severity], d.severity)}  ${paint('dim', d.code)}  ${resource}${oneLine(d.message)}`);
    }
  }
  if (lines.length === 0) return '';
  const c = countFindings(reports);
  const files = reports.filter((r) => r.diagnostics.length > 0).length;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
  if (c.info > 0) parts.push(plural(c.info, 'info', 'infos'));
  if (c.hint > 0) parts.push(plural(c.hint, 'hint'));
  const total = c.error + c.warning + c.info + c.hint;
  const summary = `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')}`;
  lines.push('', paint(c.error > 0 ? 'red' : 'yellow', summary));
  return lines.join('\n') + '\n';
}

/** Keeps one finding on one line whatever its message holds. */
function oneLine(message: string): string {
  return message.replace(/\r\n|\r|\n/g, ' ');
}

/** `1 error`, `2 errors`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
