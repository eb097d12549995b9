/**
 * Parsed documents and their lint results, keyed by URI and version, so every feature for one version
 * shares one parse and one lint (jlf's languageModelCache).
 *
 * Bounded: only the most recently used documents keep their model. A parsed model and its lint take
 * several times the size of the text (about 40 bytes per byte of policy), and an editor keeps many
 * documents open that nobody is looking at (their diagnostics are already published). Any other
 * document is parsed again when next asked about, which takes a few milliseconds.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, PolicyDocument, PolicyService } from '../engine';
import { parseHints } from './hostDocuments';

/** How many documents keep their model: the ones being edited and looked at, with room to spare. */
export const MAX_MODELS = 10;

interface Entry {
  readonly version: number;
  /** The engine instance (one per distinct settings) whose lint this is. */
  readonly service: PolicyService;
  readonly doc: PolicyDocument;
  lint?: LintResult;
}

/** Caches the models of the most recently used open documents. */
export class DocumentModels {
  /** In order of use, least recent first (a Map iterates in insertion order). */
  private readonly entries = new Map<string, Entry>();

  /** The parsed model of this document version. */
  parsed(document: TextDocument, service: PolicyService): PolicyDocument {
    return this.entry(document, service).doc;
  }

  /** The lint result of this document version under these settings. */
  linted(document: TextDocument, service: PolicyService): LintResult {
    const e = this.entry(document, service);
    e.lint ??= service.lint(e.doc);
    return e.lint;
  }

  /** Drops a closed document. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Drops every lint result (settings changed); parses stay valid. */
  invalidateLint(): void {
    for (const e of this.entries.values()) delete e.lint;
  }

  private entry(document: TextDocument, service: PolicyService): Entry {
    const existing = this.entries.get(document.uri);
    // Deleted and set again on every use, so the first entry is always the least recently used.
    this.entries.delete(document.uri);
    let entry: Entry;
    if (existing && existing.version === document.version) {
      entry = existing.service === service ? existing : { version: existing.version, service, doc: existing.doc };
    } else {
      entry = { version: document.version, service, doc: service.parse(document.getText(), document.uri, parseHints(document)) };
    }
    this.entries.set(document.uri, entry);
    if (this.entries.size > MAX_MODELS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
