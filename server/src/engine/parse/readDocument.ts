/**
 * Text → PolicyDocument, whatever the file: a key policy (JSON), a CloudFormation or SAM template (YAML or JSON),
 * and later readers for Terraform. The format follows from the language id or the file name, and for JSON from
 * the content (a Resources object is a template). A host file becomes a HostDocument: no policy of its own, its
 * keys in `host`. A plain key policy takes exactly the path it always took.
 */
import type { PolicyDocument } from './model';
import { parsePolicy } from './parsePolicy';
import { isHostDocument, type HostDocument, type HostModel } from './host/hostModel';
import { isJsonTemplate, readJsonTemplate, readYamlTemplate } from './cloudformation/readTemplate';
import { isAscii, lineStarts, offsetAt, positionAt, utf8Length } from './text';

/** What the caller knows of a document besides its text. */
export interface DocumentHints {
  /** The editor's language id (`json`, `yaml`, `terraform`, `kms-key-policy`…). */
  readonly languageId?: string;
}

/** The syntax a document is read as. */
export type DocumentSyntax = 'json' | 'yaml';

const YAML_NAME = /\.(ya?ml)$/i;
const TEMPLATE_NAME = /\.template$/i;

/** The syntax a document is read as: from the language id, the file name, then the first character. */
export function syntaxOf(text: string, uri: string | undefined, hints: DocumentHints = {}): DocumentSyntax {
  const id = hints.languageId;
  if (id === 'yaml' || id === 'cloudformation' || id === 'cloudformation-yaml') return 'yaml';
  if (id === 'json' || id === 'jsonc' || id === 'kms-key-policy') return 'json';
  const path = uri?.replace(/[?#].*$/, '') ?? '';
  if (YAML_NAME.test(path)) return 'yaml';
  if (TEMPLATE_NAME.test(path)) return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  return 'json';
}

/** A host document over `text` with the keys `host` found. */
export function hostDocument(text: string, uri: string | undefined, host: HostModel): HostDocument {
  let starts: number[] | undefined;
  const table = (): number[] => (starts ??= lineStarts(text));
  const ascii = isAscii(text);
  return {
    text,
    ...(uri !== undefined ? { uri } : {}),
    syntaxProblems: [],
    asciiOnly: ascii,
    byteLength: ascii ? text.length : utf8Length(text),
    positionAt: (offset) => positionAt(table(), text.length, offset),
    offsetAt: (position) => offsetAt(table(), text.length, position),
    host,
  };
}

/** An empty host model: a YAML file that declares no key (served by nothing). */
function noKeys(): HostModel {
  return {
    format: 'cloudformation',
    keys: [],
    problems: [],
    standInAccount: '999999999999',
    accountLabel: 'AWS::AccountId',
    where: 'this template',
  };
}

/** Reads any supported document. Never throws. */
export function readDocument(text: string, uri?: string, hints: DocumentHints = {}): PolicyDocument {
  if (syntaxOf(text, uri, hints) === 'yaml') {
    let host: HostModel | undefined;
    try {
      host = readYamlTemplate(text);
    } catch {
      // The YAML reader is tolerant; this guards against a limit of the parser we did not foresee.
      host = undefined;
    }
    return hostDocument(text, uri, host ?? noKeys());
  }
  const doc = parsePolicy(text, uri);
  if (hints.languageId !== 'kms-key-policy' && !doc.policy?.statementMember && isJsonTemplate(doc.root)) {
    return hostDocument(text, uri, readJsonTemplate(text, doc.root!));
  }
  return doc;
}

export { isHostDocument };
