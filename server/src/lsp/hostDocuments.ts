/**
 * Key policies in templates and Terraform files, on the language server's side: which open documents may hold
 * them, and keeping the features that belong to the host language (formatting, folding, selection ranges) off
 * YAML and Terraform files, so the server lives beside cfn-lint, the YAML and the Terraform extensions without
 * offering itself as a second formatter. A client that can register capabilities dynamically gets those four
 * for JSON and key-policy documents only; any other client gets them statically (and the server answers
 * nothing for a template).
 */
import {
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  FoldingRangeRequest,
  SelectionRangeRequest,
  type ClientCapabilities,
  type Connection,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Language ids whose documents the server reads for KMS keys (a document is served only when it has some). */
const HOST_LANGUAGES = new Set(['json', 'jsonc', 'yaml', 'cloudformation', 'terraform', 'hcl', 'terraform-vars']);

/** File names read for KMS keys whatever language the editor gave them (`.template`, `.tf` without a Terraform extension). */
const HOST_FILES = /\.(template|tf|ya?ml|json)$/i;

/** Whether an open document may hold key policies in a template (the engine then decides from its content). */
export function mayHoldKeys(document: TextDocument): boolean {
  return HOST_LANGUAGES.has(document.languageId) || HOST_FILES.test(document.uri.replace(/[?#].*$/, ''));
}

/** The documents the host-language features stay registered for. */
const POLICY_DOCUMENTS = [{ language: 'kms-key-policy' }, { language: 'json' }];

/** Whether the client registers formatting, folding and selection ranges dynamically (then only for policy documents). */
export function registersPolicyOnly(caps: ClientCapabilities): boolean {
  const t = caps.textDocument;
  return (
    t?.formatting?.dynamicRegistration === true &&
    t.rangeFormatting?.dynamicRegistration === true &&
    t.foldingRange?.dynamicRegistration === true &&
    t.selectionRange?.dynamicRegistration === true
  );
}

/** Registers formatting, folding and selection ranges for key-policy and JSON documents only. */
export async function registerPolicyOnlyFeatures(connection: Connection): Promise<void> {
  const documentSelector = POLICY_DOCUMENTS;
  await Promise.all([
    connection.client.register(DocumentFormattingRequest.type, { documentSelector }),
    connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector }),
    connection.client.register(FoldingRangeRequest.type, { documentSelector }),
    connection.client.register(SelectionRangeRequest.type, { documentSelector }),
  ]);
}
