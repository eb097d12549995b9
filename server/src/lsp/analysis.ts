/**
 * A document version's analysis, as the server's handlers see it: the worker's lint (analysisHost.ts), shared
 * by the diagnostics, hover and quick fixes of that version. When the worker stopped it (its time or memory
 * budget ran out), the server's own thread runs the structural checks instead (linear in the text), and KP007
 * says why the rest is missing. Diagnostics are published only for the version they were computed for, and
 * only while it is still the current one.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, PolicyService } from '../engine';
import { AnalysisStopped } from './analysisHost';
import type { DocumentText, LintAnswer } from './analysisJobs';
import { parseHints } from './hostReaders';
import type { ServerContext } from './serverContext';

/** A document version as a job carries it. */
export function textOf(document: TextDocument): DocumentText {
  return { uri: document.uri, version: document.version, text: document.getText(), languageId: document.languageId };
}

/** The key under which a document's lint jobs supersede each other. */
export function lintKey(uri: string): string {
  return `lint ${uri}`;
}

/** An analysis's findings in the shape the engine's features take (hover explanations, quick fixes). */
export function lintResultOf(answer: LintAnswer | undefined): LintResult {
  return { findings: answer?.findings ?? [], failures: answer?.failures ?? [], facts: undefined };
}

/** The analysis of an open document's current version: started once, shared by everything that asks. */
export function analysisOf(ctx: ServerContext, document: TextDocument, service: PolicyService): Promise<LintAnswer> {
  return ctx.models.analysis(document, service, () => analyse(ctx, textOf(document), service));
}

async function analyse(ctx: ServerContext, document: DocumentText, service: PolicyService): Promise<LintAnswer> {
  try {
    return await ctx.analysis.run({ kind: 'lint', settings: service.settings, document }, lintKey(document.uri));
  } catch (e) {
    if (!(e instanceof AnalysisStopped) || e.reason === 'superseded' || e.reason === 'cancelled') throw e;
    // The text of the version analysed (the open document may have moved on since).
    const doc = service.parse(document.text, document.uri, parseHints(document));
    const lint = service.checkStructure(doc, `${e.message} Only the JSON syntax and size of this version were checked.`);
    return { findings: lint.findings, diagnostics: lint.findings.map((f) => service.diagnosticOf(doc, f)), failures: lint.failures };
  }
}

/** Publishes the diagnostics of a document's current version, once its analysis is done (unless superseded). */
export async function publishDiagnostics(ctx: ServerContext, uri: string): Promise<void> {
  const { connection, documents } = ctx;
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const service = await ctx.serviceFor(uri);
  const current = (): boolean => documents.get(uri)?.version === version;
  if (!current()) return; // superseded while settings were fetched
  if (!ctx.serves(document, service)) {
    await connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  let answer: LintAnswer;
  try {
    answer = await analysisOf(ctx, document, service);
  } catch (e) {
    if (e instanceof AnalysisStopped) return; // superseded or closed: a newer version has its own analysis
    throw e;
  }
  for (const f of answer.failures) connection.console.error(`rule ${f.code} failed on ${uri}: ${f.error}`);
  if (!current()) return; // a newer version is on its way; never publish stale
  await connection.sendDiagnostics({ uri, version, diagnostics: answer.diagnostics });
}
