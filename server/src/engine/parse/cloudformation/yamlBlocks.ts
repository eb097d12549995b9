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

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const CR = 13;

/**
 * Whether a line's text from `at` (its first character after the indentation) to `end` is blank: nothing, or a
 * comment as /^[ \t]*(#.*)?$/ reads one (no \r, \u2028 or \u2029 in it).
 */
function blankFrom(text: string, at: number, end: number): boolean {
  if (at === end) return true;
  if (text.charCodeAt(at) !== HASH) return false;
  for (let i = at + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CR || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/**
 * The resource blocks of a block-style template, or undefined when the text is not in that layout. Most lines of a
 * template are indented lines inside a resource: those are told by their first characters alone, without cutting
 * them out of the text or running a pattern over them.
 */
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
    const first = text.charCodeAt(pos);
    if (first === SPACE || first === TAB) {
      // An indented line: it matters only inside Resources, and only when not blank (a \r before the line break aside).
      const end = text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
      let at = pos + 1;
      while (inResources && at < end && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) at++;
      if (inResources && !blankFrom(text, at, end)) {
        indent ??= text.slice(pos, at);
        const underIndent = text.startsWith(indent, pos);
        if (underIndent && at - pos === indent.length) {
          const m = ENTRY_LINE.exec(text.slice(pos, eol).replace(/\r$/, ''));
          if (!m) return undefined;
          close();
          const idStart = at;
          current = { id: m[2] as string, idStart, idEnd: idStart + (m[2] as string).length, start: pos, end: eol };
        } else if (at - pos < indent.length || !underIndent || !current) return undefined;
        else current.end = eol;
      }
    } else {
      const line = text.slice(pos, eol).replace(/\r$/, '');
      if (line.startsWith('---') || line.startsWith('...')) {
        if (seenResources) return undefined;
      } else if (!blankFrom(line, 0, line.length)) {
        // A top-level key: it opens or closes the Resources section.
        close();
        if (inResources) inResources = false;
        if (RESOURCES_LINE.test(line)) {
          if (seenResources) return undefined;
          inResources = seenResources = true;
        } else if (/^Resources\b/.test(line)) return undefined;
      }
    }
    pos = eol + 1;
  }
  close();
  return seenResources ? blocks : undefined;
}

/** A resource block's first line in the simplest layout: `  LogicalId:`, indented with spaces, nothing after. */
const PLAIN_HEAD = /^( +)([A-Za-z][A-Za-z0-9]*): *$/;
/** A line `Key: Value` of plain words (a value never ends with `:`, which would open a mapping). */
const PLAIN_ENTRY = /^( +)([A-Za-z][A-Za-z0-9]*): +([A-Za-z0-9](?:[A-Za-z0-9:._/-]*[A-Za-z0-9._/-])?) *$/;
/** Words YAML reads as something other than a string key (null, booleans), and the keys of intrinsic functions. */
const NOT_PLAIN_KEY = /^(null|true|false|Ref|Condition)$/i;
/** A resource type: `AWS::IAM::Role`, `Custom::Thing`. */
const TYPE_NAME = /^[A-Za-z0-9]+(::[A-Za-z0-9]+)+$/;

/**
 * A resource's Type read from its block without the YAML parser, when the block is in the simplest layout: its
 * `LogicalId:` line, then only lines `Key: Value` of plain words at one indentation, each key once (a role a
 * template names only for `!GetAtt AppRole.Arn`: `Type: AWS::IAM::Role`, perhaps `DependsOn: Bucket`). The parser
 * reads such a block without an error, its Type as written. Undefined in any other layout: the caller parses it.
 */
export function plainResourceType(text: string, block: ResourceBlock): string | undefined {
  const lines = text.slice(block.start, block.end).split('\n');
  const head = PLAIN_HEAD.exec(lines[0] ?? '');
  if (!head || head[2] !== block.id || NOT_PLAIN_KEY.test(block.id)) return undefined;
  const outer = (head[1] as string).length;
  const keys = new Set<string>();
  let indent: string | undefined;
  let type: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^ *$/.test(line)) continue;
    const m = PLAIN_ENTRY.exec(line);
    if (!m) return undefined;
    const [, lead, key, value] = m as unknown as [string, string, string, string];
    indent ??= lead;
    if (lead !== indent || lead.length <= outer || keys.has(key) || NOT_PLAIN_KEY.test(key)) return undefined;
    keys.add(key);
    if (key === 'Type') type = value;
  }
  return type !== undefined && TYPE_NAME.test(type) ? type : undefined;
}
