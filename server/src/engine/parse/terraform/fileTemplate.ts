/**
 * The text of a file a `file()` or `templatefile()` reads, as pieces of a policy's JSON. A `file()` is literal
 * text; in a `templatefile()` each `${…}` is open (the template's variables are not followed) and a `%{…}`
 * directive makes the whole policy open. The pieces all stand for the call in the .tf file: that is where the
 * findings on them are shown.
 */
import type { HostRange } from '../host/sourceMap';
import { cleanLabel, type Piece } from '../host/sourceValue';

/** The end of a `${…}` or `%{…}` that starts at `start` (quoted strings inside skipped), or -1. */
function closing(text: string, start: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A file's text as pieces standing for `range`; undefined when a template directive makes it open. */
export function fileTemplate(content: string, template: boolean, range: HostRange): Piece[] | undefined {
  const text = (s: string): Piece => ({ kind: 'text', text: s, range, exact: false });
  if (!template) return [text(content)];
  const out: Piece[] = [];
  let last = 0;
  let run = '';
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if ((c === '$' || c === '%') && content[i + 1] === c && content[i + 2] === '{') {
      run += content.slice(last, i) + `${c}{`;
      i += 2;
      last = i + 1;
      continue;
    }
    if ((c === '$' || c === '%') && content[i + 1] === '{') {
      if (c === '%') return undefined;
      const end = closing(content, i + 1);
      if (end < 0) break;
      run += content.slice(last, i);
      if (run) out.push(text(run));
      run = '';
      out.push({ kind: 'open', range, label: cleanLabel(content.slice(i, end + 1)) });
      i = end;
      last = end + 1;
    }
  }
  run += content.slice(last);
  if (run) out.push(text(run));
  return out;
}
