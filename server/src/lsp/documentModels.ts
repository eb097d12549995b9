/**
 * Parsed documents and their analyses, keyed by URI and version, so every feature for one version shares one
 * parse and one analysis (jlf's languageModelCache). The analysis runs in the worker (analysisHost.ts); the
 * cache keeps its promise, and its answer once it came, which hover reads without waiting.
 *
 * Bounded: only the most recently used documents keep their model. A parsed model and its lint take
 * several times the size of the text (about 40 bytes per byte of policy), and an editor keeps many
 * documents open that nobody is looking at (their diagnostics are already published). Any other
 * document is parsed again when next asked about, which takes a few milliseconds.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyDocument, PolicyService } from '../engine';
import type { LintAnswer } from './analysisJobs';

/** How many documents keep their model: the ones being edited and looked at, with room to spare. */
export const MAX_MODELS = 10;

interface Entry {
  readonly version: number;
  /** The engine instance (one per distinct settings) whose lint this is. */
  readonly service: PolicyService;
  /** The parse, once a feature asked for it (the analysis parses in the worker, not here). */
  doc?: PolicyDocument;
  /** Work done in the worker for this version, by name: its lint ('lint'), its question lenses' answers. */
  readonly answers: Map<string, Answer<unknown>>;
}

interface Answer<T> {
  readonly promise: Promise<T>;
  value?: T;
}

/** The name under which a version's lint is kept. */
const LINT = 'lint';

/** Caches the models of the most recently used open documents. */
export class DocumentModels {
  /** In order of use, least recent first (a Map iterates in insertion order). */
  private readonly entries = new Map<string, Entry>();

  /** The parsed model of this document version. */
  parsed(document: TextDocument, service: PolicyService): PolicyDocument {
    const e = this.entry(document, service);
    e.doc ??= service.parse(document.getText(), document.uri);
    return e.doc;
  }

  /**
   * The analysis of this document version under these settings: the one under way, or one `start` begins. A
   * failed analysis is forgotten, so the next ask starts again.
   */
  analysis(document: TextDocument, service: PolicyService, start: () => Promise<LintAnswer>): Promise<LintAnswer> {
    return this.answer(document, service, LINT, start);
  }

  /** The answer of this version's analysis if it has come, without starting one or waiting. */
  analysed(document: TextDocument, service: PolicyService): LintAnswer | undefined {
    const e = this.entries.get(document.uri);
    return e && e.version === document.version && e.service === service ? (e.answers.get(LINT)?.value as LintAnswer | undefined) : undefined;
  }

  /**
   * Work about this version named `name` (a question lens's answer): the one under way or done, or what `start`
   * begins. Editors ask again on every scroll and focus; the worker answers once per version. Forgotten on
   * failure, like the analysis.
   */
  answer<T>(document: TextDocument, service: PolicyService, name: string, start: () => Promise<T>): Promise<T> {
    const e = this.entry(document, service);
    let answer = e.answers.get(name) as Answer<T> | undefined;
    if (!answer) {
      const started: Answer<T> = { promise: start() };
      started.promise.then(
        (value) => (started.value = value),
        () => {
          if (e.answers.get(name) === started) e.answers.delete(name);
        },
      );
      e.answers.set(name, started);
      answer = started;
    }
    return answer.promise;
  }

  /** Drops a closed document. */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Drops every analysis and answer (settings changed); parses stay valid. */
  invalidateLint(): void {
    for (const e of this.entries.values()) e.answers.clear();
  }

  private entry(document: TextDocument, service: PolicyService): Entry {
    const existing = this.entries.get(document.uri);
    // Deleted and set again on every use, so the first entry is always the least recently used.
    this.entries.delete(document.uri);
    let entry: Entry;
    if (existing && existing.version === document.version) {
      entry =
        existing.service === service ? existing : { version: existing.version, service, answers: new Map(), ...(existing.doc ? { doc: existing.doc } : {}) };
    } else {
      entry = { version: document.version, service, answers: new Map() };
    }
    this.entries.set(document.uri, entry);
    if (this.entries.size > MAX_MODELS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
