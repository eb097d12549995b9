/**
 * Finding a YAML template's resources without parsing all of it. The `yaml` package reads about 1–3 MB/s,
 * so a 300 KB template of a thousand resources would take a few hundred milliseconds on every keystroke,
 * while only its handful of KMS keys matter. Templates are nearly always written in block style: a
 * `Resources:` line at column 0, each resource a `LogicalId:` line at one indentation, its body indented
 * further. In exactly that layout this splits the Resources section into one text per resource, and only
 * the resources that matter are handed to the YAML parser (at their own offsets). Anything else (flow-style
 * resources, anchors and aliases, several documents, an unexpected line at the resource indentation) is
 * refused, and the caller parses the whole text instead: this never interprets YAML, it only cuts it where a
 * block-style mapping must be cut.
 */

/** One resource's text: the `LogicalId:` line and the lines indented under it. */
export interface ResourceBlock {
  readonly id: string;
  /** The logical id's offsets. */
  readonly idStart: number;
  readonly idEnd: number;
  /** The block's offsets (its first line's indentation included, trailing blank lines excluded). */
  readonly start: number;
  readonly end: number;
}

const RESOURCES_LINE = /^Resources[ \t]*:[ \t]*(#.*)?$/;
const ENTRY_LINE = /^([ \t]+)([A-Za-z0-9]+)[ \t]*:[ \t]*(#.*)?$/;
/**
 * An anchor or an alias anywhere (`&name`, `*name` after a space or a flow indicator): blocks could refer to each
 * other, so the text is parsed whole. `kms:*` and `key/*` are not aliases.
 */
const ANCHOR = /(^|[\s[{,])[&*][^\s,\]}]/m;

/** The resource blocks of a block-style template, or undefined when the text is not in that layout. */
export function splitResources(text: string): ResourceBlock[] | undefined {
  if (ANCHOR.test(text)) return undefined;
  const blocks: ResourceBlock[] = [];
  let inResources = false;
  let indent: string | undefined;
  let current: { id: string; idStart: number; idEnd: number; start: number; end: number } | undefined;
  let pos = 0;
  let seenResources = false;
  const close = (): void => {
    if (current) blocks.push(current);
    current = undefined;
  };
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const blank = /^[ \t]*(#.*)?$/.test(line);
    if (line.startsWith('---') || line.startsWith('...')) {
      if (seenResources) return undefined;
    } else if (!blank && !/^[ \t]/.test(line)) {
      // A top-level key: it opens or closes the Resources section.
      close();
      if (inResources) inResources = false;
      if (RESOURCES_LINE.test(line)) {
        if (seenResources) return undefined;
        inResources = seenResources = true;
      } else if (/^Resources\b/.test(line)) return undefined;
    } else if (inResources && !blank) {
      const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
      indent ??= lead;
      if (lead === indent) {
        const m = ENTRY_LINE.exec(line);
        if (!m) return undefined;
        close();
        const idStart = pos + lead.length;
        current = { id: m[2] as string, idStart, idEnd: idStart + (m[2] as string).length, start: pos, end: eol };
      } else if (lead.length < indent.length || !lead.startsWith(indent) || !current) return undefined;
      else current.end = eol;
    }
    pos = eol + 1;
  }
  close();
  return seenResources ? blocks : undefined;
}
