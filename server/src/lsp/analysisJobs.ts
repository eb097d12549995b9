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
import {
  createPolicyService,
  namedLensSummary,
  QUESTIONS,
  type Finding,
  type PolicyDocument,
  type PolicyService,
  type PolicySettings,
  type RuleFailure,
} from '../engine';
import { analyze, compare, refusal, simulate, whoCan, whoCanNamed, type PolicySources } from './customRequests';
import { parseHints, ServerReaders } from './hostReaders';
import { filesFor, IamFileUnreadable, type IamFilesFor } from './iamFiles';

/** An open document's text at one version. */
export interface DocumentText {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The editor's language id: it tells a template's or Terraform file's format (lsp/hostDocuments.ts). */
  readonly languageId?: string;
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
      /** IAM files (kmsKeyPolicy.iam.*), found and stamped by the server: the lens then counts named principals. */
      readonly iam?: IamFilesFor;
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
  /** The parsers of templates and Terraform files (the Terraform grammar loads with the first .tf file). */
  private readonly readers = new ServerReaders(() => undefined);
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
    // A Terraform file needs its grammar loaded first: an open document's, or the file a request's text is of.
    const about: Pick<DocumentText, 'uri' | 'languageId'> =
      job.kind === 'request' ? (job.open ?? { uri: String((job.params as { uri?: unknown } | null)?.uri ?? '') }) : job.document;
    await this.readers.ready(about.uri, about.languageId);
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
      case 'lens': {
        const doc = this.parsed(service, job.settings, job.document);
        // By name for a key policy; a template's keys keep their lenses by principal class (named answers for a
        // template's key are asked from the who-can view, which names the key).
        if (job.iam && doc.policy) return namedLens(service, doc, { ...job, iam: job.iam });
        return service.resolveCodeLens(doc, job.lens, job.command, job.document.uri);
      }
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
      service = createPolicyService(settings, undefined, this.readers.readers);
      this.services.set(key, service);
    }
    return service;
  }

  private parsed(service: PolicyService, settings: PolicySettings, document: DocumentText): PolicyDocument {
    const key = `${document.version}\u0000${JSON.stringify(settings)}\u0000${document.uri}`;
    let doc = this.documents.get(key);
    this.documents.delete(key);
    doc ??= service.parse(document.text, document.uri, parseHints(document));
    this.documents.set(key, doc);
    if (this.documents.size > KEPT_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    return doc;
  }
}

/**
 * A question lens answered by name: "Who can decrypt? 4 roles, 1 user (2 conditional)". IAM files the engine
 * refuses are said in the lens (the who-can view names the file and the element).
 */
function namedLens(
  service: PolicyService,
  doc: PolicyDocument,
  job: {
    readonly lens: CodeLens;
    readonly command: string;
    readonly document: DocumentText;
    readonly iam: IamFilesFor;
  },
): CodeLens {
  const spec = QUESTIONS.find((q) => q.question === (job.lens.data as { question?: unknown } | undefined)?.question);
  if (!spec || !doc.policy) return job.lens;
  const command = (title: string): CodeLens => ({
    range: job.lens.range,
    command: { title: `${spec.title} ${title}`, command: job.command, arguments: [job.document.uri, spec.question] },
  });
  try {
    const { iam, organizations } = filesFor(job.iam);
    const { answer } = service.whoCanNamed(doc, { question: spec.question, iam, ...(organizations.length > 0 ? { organizations } : {}) });
    return command(namedLensSummary(answer));
  } catch (e) {
    if (e instanceof IamFileUnreadable) return command(`IAM files not used: ${e.message}`);
    const message = refusal(e);
    if (message === undefined) throw e;
    return command(`IAM files not used: ${message}`);
  }
}

function remoteError(e: unknown): RemoteError {
  const message = refusal(e);
  if (message !== undefined) return { kind: 'refusal', message };
  return { kind: 'failure', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
