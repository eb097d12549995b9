/**
 * Text → PolicyDocument, whatever the file: a key policy (JSON), a CloudFormation or SAM template (YAML or JSON),
 * a Terraform configuration (.tf) or a Terraform plan (`terraform show -json`). The format follows from the
 * language id or the file name, and for JSON from the content (a Resources object is a template; a
 * format_version with planned values is a plan). A host file becomes a HostDocument: no policy of its own, its
 * keys in `host`. A plain key policy takes exactly the path it always took.
 */
import type { PolicyDocument } from './model';
import { parsePolicy } from './parsePolicy';
import { readJson } from './syntax';
import { isHostDocument, type HostDocument, type HostModel } from './host/hostModel';
import { isJsonTemplate, readJsonTemplate, readYamlTemplate } from './cloudformation/readTemplate';
import { isAscii, lineStarts, offsetAt, positionAt, utf8Length } from './text';
import { readTerraform, TERRAFORM_KEY_TEXT } from './terraform/readTerraform';
import { isPlanJson, readPlan } from './terraform/readPlan';
import type { TerraformGrammar } from './terraform/grammar';

/** What the caller knows of a document besides its text. */
export interface DocumentHints {
  /** The editor's language id (`json`, `yaml`, `terraform`, `kms-key-policy`…). */
  readonly languageId?: string;
  /** The text of a file a Terraform `file()` / `templatefile()` names, relative to the document's folder. */
  readonly readFile?: (path: string) => string | undefined;
  /** The other `.tf` files of a Terraform file's folder (its module), read when a policy names what they define. */
  readonly moduleFiles?: () => readonly { readonly name: string; readonly text: string }[];
}

/** The parsers a front door loaded for the engine (the Terraform grammar is WASM, loaded asynchronously). */
export interface HostReaders {
  readonly terraform?: TerraformGrammar;
}

/** The syntax a document is read as. */
export type DocumentSyntax = 'json' | 'yaml' | 'terraform';

const YAML_NAME = /\.(ya?ml)$/i;
const TEMPLATE_NAME = /\.template$/i;
const TERRAFORM_NAME = /\.tf$/i;
/** Text a JSON template or plan has (a large document without it is not read as a tree). */
const HOST_JSON = /"(Resources|planned_values|resource_changes)"\s*:/;

/** The syntax a document is read as: from the language id, the file name, then the first character. */
export function syntaxOf(text: string, uri: string | undefined, hints: DocumentHints = {}): DocumentSyntax {
  const id = hints.languageId;
  if (id === 'terraform' || id === 'hcl') return 'terraform';
  if (id === 'yaml' || id === 'cloudformation' || id === 'cloudformation-yaml') return 'yaml';
  if (id === 'json' || id === 'jsonc' || id === 'kms-key-policy') return 'json';
  const path = uri?.replace(/[?#].*$/, '') ?? '';
  if (YAML_NAME.test(path)) return 'yaml';
  if (TERRAFORM_NAME.test(path)) return 'terraform';
  if (TEMPLATE_NAME.test(path)) return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  return 'json';
}

/**
 * A host document over `text` with the keys `host` found. Whether the whole text is ASCII, and its size in bytes, are
 * worked out when asked: the keys' policies are linted, not the file, and nothing asks them of most files.
 */
export function hostDocument(text: string, uri: string | undefined, host: HostModel): HostDocument {
  let starts: number[] | undefined;
  const table = (): number[] => (starts ??= lineStarts(text));
  let ascii: boolean | undefined;
  return {
    text,
    ...(uri !== undefined ? { uri } : {}),
    syntaxProblems: [],
    get asciiOnly() {
      return (ascii ??= isAscii(text));
    },
    get byteLength() {
      return this.asciiOnly ? text.length : utf8Length(text);
    },
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

/** Text a template has when it may declare a KMS key. */
const TEMPLATE_KEY_TEXT = /AWS::KMS::(Key|ReplicaKey)\b/;

/**
 * Whether a template or Terraform text may declare a KMS key: false means it certainly does not (no key resource
 * type is named anywhere in it), so a front door can skip reading it.
 */
export function mayDeclareKeys(text: string): boolean {
  return TEMPLATE_KEY_TEXT.test(text) || TERRAFORM_KEY_TEXT.test(text);
}

/** Reads any supported document. Never throws. */
export function readDocument(text: string, uri?: string, hints: DocumentHints = {}, readers: HostReaders = {}): PolicyDocument {
  const syntax = syntaxOf(text, uri, hints);
  if (syntax === 'terraform') {
    let host: HostModel;
    try {
      host = readTerraform(text, readers.terraform, {
        ...(hints.readFile ? { readFile: hints.readFile } : {}),
        ...(hints.moduleFiles ? { moduleFiles: hints.moduleFiles } : {}),
      });
    } catch {
      host = { ...noKeys(), format: 'terraform', accountLabel: 'data.aws_caller_identity.current.account_id', where: 'this configuration' };
    }
    return hostDocument(text, uri, host);
  }
  if (syntax === 'yaml') {
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
  if (hints.languageId === 'kms-key-policy' || doc.policy?.statementMember) return doc;
  // A key policy too large to analyse has no tree; a template or plan that large is still read (its key
  // policies are analysed one by one, each within the limit).
  const root = doc.structureOnly ? (HOST_JSON.test(text) ? readJson(text).root : undefined) : doc.root;
  if (isJsonTemplate(root)) return hostDocument(text, uri, readJsonTemplate(text, root!));
  if (isPlanJson(root)) return hostDocument(text, uri, readPlan(text, root!));
  return doc;
}

export { isHostDocument };
