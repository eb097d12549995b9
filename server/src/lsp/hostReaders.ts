/**
 * The parsers of templates and Terraform files, for the language server's thread and its analysis worker (no LSP
 * library here: the worker must not load it): the Terraform grammar, loaded once when the first Terraform file is
 * asked about, and the hints a document is parsed with.
 */
import type { DocumentHints, HostReaders } from '../engine';
import type * as HostFiles from '../hostFiles';

// require(), not import: the Terraform grammar (WASM) and its runtime load only when a .tf file is opened.
const hostFiles = (): typeof HostFiles => require('../hostFiles') as typeof HostFiles;

/**
 * The parsers the engine reads host files with, shared by every engine instance of the server: the Terraform
 * grammar is loaded (once) when the first Terraform file is asked about, and the object is filled in then.
 */
export class ServerReaders {
  readonly readers: { terraform?: HostReaders['terraform'] } = {};

  constructor(private readonly log: (message: string) => void) {}

  /** Waits for what a document needs: the Terraform grammar for a .tf file (or a `terraform` document). */
  async ready(uri: string, languageId?: string): Promise<void> {
    if (this.readers.terraform || !(languageId === 'terraform' || hostFiles().isTerraformFile(uri))) return;
    const loaded = await hostFiles().hostReaders(this.log);
    if (loaded.terraform) this.readers.terraform = loaded.terraform;
  }
}

/** How the engine parses an open document: with its language id, and `file()` read beside it. */
export function parseHints(document: { readonly uri: string; readonly languageId?: string }): DocumentHints {
  return hostFiles().documentHints(document.uri, document.languageId);
}
