/**
 * Parsed documents and their lint results, keyed by URI and version, so every feature for one version
 * shares one parse and one lint (jlf's languageModelCache, simplified: documents are few and small).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, PolicyDocument, PolicyService } from '../engine';

interface Entry {
  readonly version: number;
  /** The engine instance (one per distinct settings) whose lint this is. */
  readonly service: PolicyService;
  readonly doc: PolicyDocument;
  lint?: LintResult;
}

/** Caches one model per open document. */
export class DocumentModels {
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
    if (existing && existing.version === document.version) {
      if (existing.service !== service) {
        const fresh: Entry = { version: existing.version, service, doc: existing.doc };
        this.entries.set(document.uri, fresh);
        return fresh;
      }
      return existing;
    }
    const fresh: Entry = { version: document.version, service, doc: service.parse(document.getText(), document.uri) };
    this.entries.set(document.uri, fresh);
    return fresh;
  }
}
