/**
 * Writing a policy value back in the host's own syntax, for quick fixes and completions: a JSON string value
 * becomes a YAML scalar (plain when that reads back as the same string, else double-quoted) or an HCL string
 * (escaping Terraform's `${` and `%{`). Only plain value edits are translated: an edit that replaces one whole
 * string of the policy (a value or a member name) written literally in the host file. Anything else (adding a
 * member, removing an item) would need the host's layout and is left out, except in a policy written as JSON
 * text, where an edit over characters copied one for one from the host applies as it is.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { findNodeAtOffset } from 'jsonc-parser';
import type { EmbeddedDocument, HostSyntax } from '../parse/host/hostModel';
import type { Fix, TextEditSpec } from '../rules/types';
import type { OpenIndex } from './openValues';

const YAML_PLAIN = /^[A-Za-z0-9_./$(][A-Za-z0-9_:./*?@+=,$(){}\- ]*$/;
const YAML_SPECIAL = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string value as the host writes it. `snippet`: keep `${n:…}` placeholders as they are. */
export function hostString(value: string, syntax: HostSyntax, snippet = false): string {
  switch (syntax) {
    case 'json':
      return JSON.stringify(value);
    case 'yaml':
      return YAML_PLAIN.test(value) && !YAML_SPECIAL.test(value) && !/^[-+]?[.\d]/.test(value) && !/(: | #|:$|\s$)/.test(value) ? value : JSON.stringify(value);
    case 'hcl': {
      const quoted = JSON.stringify(value);
      return snippet ? quoted : quoted.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    }
  }
}

/** The string node whose token is exactly this span of the policy's JSON, if any. */
export function stringTokenAt(embedded: EmbeddedDocument, offset: number, length: number): JsonNode | undefined {
  const root = embedded.doc.root;
  if (!root) return undefined;
  const node = findNodeAtOffset(root, offset + 1, false);
  return node && node.type === 'string' && node.offset === offset && node.length === length ? node : undefined;
}

/** The string a JSON text is, or undefined. */
function jsonString(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One edit of a fix, in host offsets, or undefined when it is not a plain value edit. `raw`: the policy is JSON
 * text in the host (a heredoc, a JSON string): an edit applies only over characters copied one for one.
 */
export function hostEdit(edit: TextEditSpec, embedded: EmbeddedDocument, syntax: HostSyntax, open: OpenIndex, raw = false): TextEditSpec | undefined {
  if (open.openAt(edit.offset, Math.max(edit.length, 1))) return undefined;
  const map = embedded.map;
  const range = map.hostRange(edit.offset, edit.length);
  if (raw)
    return edit.length > 0 && map.isExact(edit.offset, edit.length)
      ? { offset: range.start, length: range.end - range.start, newText: edit.newText }
      : undefined;
  const value = jsonString(edit.newText);
  if (value === undefined || !stringTokenAt(embedded, edit.offset, edit.length)) return undefined;
  // The token's characters must be the host's literal (its quotes map to the host scalar's bounds).
  if (!map.isExact(edit.offset + 1, Math.max(0, edit.length - 2)) && edit.length > 2) return undefined;
  return { offset: range.start, length: range.end - range.start, newText: hostString(value, syntax) };
}

/** A fix with every edit in host offsets, or undefined when one edit is not a plain value edit. */
export function hostFix(fix: Fix, embedded: EmbeddedDocument, syntax: HostSyntax, open: OpenIndex, raw = false): Fix | undefined {
  const edits: TextEditSpec[] = [];
  for (const e of fix.edits) {
    const h = hostEdit(e, embedded, syntax, open, raw);
    if (!h) return undefined;
    edits.push(h);
  }
  return { ...fix, edits };
}
