/**
 * The work the language server hands to its analysis worker (analysisHost.ts), and the side that does it: the
 * lint of a document version, a question lens's answer, and the kmsKeyPolicy/* requests that run the
 * simulator. Everything a job needs travels with it (the text, the settings), so the worker holds no state
 * the server must keep in step; it keeps the engines and the last few parsed documents only to share them
 * between the jobs of one version (its lint and its three lenses).
 *
 * Answers are plain data (structured clones). An error becomes a RemoteError the server turns back into its
 * JSON-RPC answer: an input the engine refused as InvalidParams, anything else as a failure it logs. Nothing
 * here loads the LSP library, which would double the worker's memory.
 */
import type { CodeLens, Diagnostic } from 'vscode-languageserver-types';
import { createPolicyService, type Finding, type PolicyDocument, type PolicyService, type PolicySettings, type RuleFailure } from '../engine';
import { analyze, compare, refusal, simulate, whoCan, whoCanNamed, type PolicySources } from './customRequests';

/** An open document's text at one version. */
export interface DocumentText {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** The custom requests that run in the worker. */
export type WorkerRequest = 'whoCan' | 'whoCanNamed' | 'simulate' | 'analyze' | 'compare';

/** One piece of work. */
export type AnalysisJob =
  | { readonly kind: 'lint'; readonly settings: PolicySettings; readonly document: DocumentText }
  | {
      readonly kind: 'lens';
      readonly settings: PolicySettings;
      readonly document: DocumentText;
      readonly lens: CodeLens;
      readonly command: string;
    }
  | {
      readonly kind: 'request';
      readonly settings: PolicySettings;
      readonly method: WorkerRequest;
      readonly params: unknown;
      readonly open?: DocumentText;
    };

/** A lint's answer: the findings (for hover and quick fixes), their diagnostics, and the rules that failed. */
export interface LintAnswer {
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
  readonly failures: RuleFailure[];
}

/** What a job answers, by kind. */
export type JobAnswer<J extends AnalysisJob> = J extends { kind: 'lint' } ? LintAnswer : J extends { kind: 'lens' } ? CodeLens : unknown;

/** An error thrown by a job, as it crosses to the server: the engine refusing its input, or a failure. */
export interface RemoteError {
  readonly kind: 'refusal' | 'failure';
  readonly message: string;
}

/** A job's outcome. */
export type JobOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RemoteError };

/** How many parsed documents the worker keeps (a few open documents' current versions). */
const KEPT_DOCUMENTS = 1;

/** Runs jobs: one instance per worker thread (or in the server's own thread when no worker can start). */
export class AnalysisRunner {
  private readonly services = new Map<string, PolicyService>();
  /** Parsed documents by URI, version and settings, most recent last. */
  private readonly documents = new Map<string, PolicyDocument>();

  /** Runs a job; never throws. */
  async run(job: AnalysisJob): Promise<JobOutcome> {
    try {
      return { ok: true, value: await this.answer(job) };
    } catch (e) {
      return { ok: false, error: remoteError(e) };
    }
  }

  private async answer(job: AnalysisJob): Promise<unknown> {
    const service = this.serviceFor(job.settings);
    switch (job.kind) {
      case 'lint': {
        const doc = this.parsed(service, job.settings, job.document);
        const lint = service.lint(doc);
        return {
          findings: lint.findings,
          diagnostics: lint.findings.map((f) => service.diagnosticOf(doc, f)),
          failures: lint.failures,
        } satisfies LintAnswer;
      }
      case 'lens':
        return service.resolveCodeLens(this.parsed(service, job.settings, job.document), job.lens, job.command, job.document.uri);
      case 'request': {
        const sources: PolicySources = {
          serviceFor: () => Promise.resolve(service),
          openDocument: (uri) => (job.open && job.open.uri === uri ? this.parsed(service, job.settings, job.open) : undefined),
        };
        const p = job.params as never;
        if (job.method === 'whoCan') return whoCan(sources, p);
        if (job.method === 'whoCanNamed') return whoCanNamed(sources, p);
        if (job.method === 'simulate') return simulate(sources, p);
        if (job.method === 'analyze') return analyze(sources, p);
        return compare(sources, p);
      }
    }
  }

  private serviceFor(settings: PolicySettings): PolicyService {
    const key = JSON.stringify(settings);
    let service = this.services.get(key);
    if (!service) {
      service = createPolicyService(settings);
      this.services.set(key, service);
    }
    return service;
  }

  private parsed(service: PolicyService, settings: PolicySettings, document: DocumentText): PolicyDocument {
    const key = `${document.version}\u0000${JSON.stringify(settings)}\u0000${document.uri}`;
    let doc = this.documents.get(key);
    this.documents.delete(key);
    doc ??= service.parse(document.text, document.uri);
    this.documents.set(key, doc);
    if (this.documents.size > KEPT_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    return doc;
  }
}

function remoteError(e: unknown): RemoteError {
  const message = refusal(e);
  if (message !== undefined) return { kind: 'refusal', message };
  return { kind: 'failure', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
