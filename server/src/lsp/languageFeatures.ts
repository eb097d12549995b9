/**
 * Standard LSP features: each handler resolves the document, its cached model and the engine, then asks. They
 * answer from the parsed model in the server's thread and never wait on an analysis: hover explains the findings
 * of the current version if its analysis is done; quick fixes and question lenses wait for theirs, in the worker.
 * A document too large to analyse (read for its structure only) gets none of them.
 */
import type { CancellationToken, ResponseError } from 'vscode-languageserver/node';
import type { CodeLens, Command } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './serverContext';
import { iamFilesFor, type IamFilesFor } from './iamFiles';
import type { ServerSettings } from './settings';
import { Commands } from '../../../shared/protocol';
import { contentModified, requestCancelled, runSafe } from './runSafe';
import { formattingTooCostly, MAX_FORMAT_INDENTATION } from './formatting';
import type * as Engine from '../engine';
import type { PolicyDocument, PolicyService } from '../engine';
import { analysisOf, lintResultOf, textOf } from './analysis';
import { AnalysisStopped } from './analysisHost';

/** An open document the server serves, with its settings, its engine and its parsed model. */
interface Resolved {
  readonly document: TextDocument;
  readonly settings: ServerSettings;
  readonly service: PolicyService;
  readonly doc: PolicyDocument;
}

/** The document, its settings, its engine and its parsed model, when the server serves it. */
export async function resolve(ctx: ServerContext, uri: string): Promise<Resolved | undefined> {
  const document = ctx.documents.get(uri);
  if (!document) return undefined;
  const settings = await ctx.settings.get(uri);
  const service = await ctx.serviceFor(uri);
  if (!ctx.serves(document, service)) return undefined;
  return { document, settings, service, doc: ctx.models.parsed(document, service) };
}

/** Registers completion, hover, code lenses, code actions, symbols, formatting, folding and selection. */
export function registerLanguageFeatures(ctx: ServerContext): void {
  const { connection } = ctx;
  const log = connection.console;

  /**
   * A request about a document: answered for the version the client had when it asked (the version
   * current when the request is dispatched, as LSP orders didChange before later requests). If the text
   * changed while the handler waited (for settings, or for the analysis), positions in the request belong to
   * the old text, so the answer is ContentModified rather than a result computed on text the client did not
   * ask about.
   */
  const onDocument = <T>(
    label: string,
    uri: string,
    token: CancellationToken,
    fallback: T,
    work: (r: Resolved) => T | ResponseError<void> | Promise<T | ResponseError<void>>,
  ): Promise<T | ResponseError<void>> => {
    const version = ctx.documents.get(uri)?.version;
    return runSafe<T | ResponseError<void>>(log, label, token, fallback, async () => {
      const r = await resolve(ctx, uri);
      if (!r || r.doc.structureOnly) return fallback;
      if (r.document.version !== version) return contentModified();
      let answer: T | ResponseError<void>;
      try {
        answer = await work(r);
      } catch (e) {
        // The analysis it waited for was dropped: for a newer version, or because the client cancelled.
        if (e instanceof AnalysisStopped && e.reason === 'cancelled') return requestCancelled();
        if (e instanceof AnalysisStopped && e.reason === 'superseded') return contentModified();
        throw e;
      }
      return ctx.documents.get(uri)?.version === version ? answer : contentModified();
    });
  };

  connection.onCompletion((params, token) =>
    onDocument('completion', params.textDocument.uri, token, null, (r) => r.service.complete(r.doc, r.document.offsetAt(params.position))),
  );

  connection.onHover((params, token) =>
    onDocument('hover', params.textDocument.uri, token, null, (r) =>
      r.service.hover(r.doc, r.document.offsetAt(params.position), lintResultOf(ctx.models.analysed(r.document, r.service))),
    ),
  );

  connection.onCodeLens((params, token) =>
    onDocument('codeLens', params.textDocument.uri, token, [], (r) => {
      if (r.settings.codeLens === false) return [];
      // The document's URI and version travel with each lens so resolve knows which text it is for.
      return r.service
        .codeLenses(r.doc)
        .map((l) => (l.data ? { ...l, data: { ...(l.data as object), uri: params.textDocument.uri, version: r.document.version } } : l));
    }),
  );

  connection.onCodeLensResolve((lens, token) => {
    const data = lens.data as { uri?: string; version?: number } | undefined;
    if (!data?.uri) return lens;
    return onDocument('codeLensResolve', data.uri, token, lens, (r) =>
      // A lens made for an older version would be answered with the old range and the new analysis.
      r.document.version !== data.version ? contentModified() : resolveLens(ctx, r, lens),
    );
  });

  connection.onCodeAction((params, token) =>
    onDocument('codeAction', params.textDocument.uri, token, [], async (r) => {
      const start = r.document.offsetAt(params.range.start);
      const end = r.document.offsetAt(params.range.end);
      return r.service.codeActions(r.doc, start, end, params.textDocument.uri, lintResultOf(await analysisOf(ctx, r.document, r.service)));
    }),
  );

  connection.onDocumentSymbol((params, token) => onDocument('documentSymbol', params.textDocument.uri, token, [], (r) => r.service.symbols(r.doc)));

  /** Whether to decline formatting this text (see formatting.ts); logged, so the user can tell why nothing happened. */
  const declineFormatting = (uri: string, text: string, options: { tabSize: number; insertSpaces: boolean }): boolean => {
    if (!formattingTooCostly(text, options)) return false;
    log.info(`Not formatting ${uri}: it is nested so deeply that formatting would add more than ${MAX_FORMAT_INDENTATION / (1024 * 1024)} MB of indentation.`);
    return true;
  };

  connection.onDocumentFormatting((params, token) =>
    onDocument('formatting', params.textDocument.uri, token, [], (r) =>
      declineFormatting(params.textDocument.uri, r.doc.text, params.options) ? [] : r.service.format(r.doc, params.options),
    ),
  );

  connection.onDocumentRangeFormatting((params, token) =>
    onDocument('rangeFormatting', params.textDocument.uri, token, [], (r) => {
      const offset = r.document.offsetAt(params.range.start);
      const length = r.document.offsetAt(params.range.end) - offset;
      return declineFormatting(params.textDocument.uri, r.doc.text.slice(offset, offset + length), params.options)
        ? []
        : r.service.format(r.doc, params.options, { offset, length });
    }),
  );

  connection.onFoldingRanges((params, token) => onDocument('foldingRanges', params.textDocument.uri, token, [], (r) => r.service.foldingRanges(r.doc)));

  connection.onSelectionRanges((params, token) =>
    onDocument('selectionRanges', params.textDocument.uri, token, [], (r) =>
      r.service.selectionRanges(
        r.doc,
        params.positions.map((p) => r.document.offsetAt(p)),
      ),
    ),
  );
}

/**
 * A question lens answered in the worker, once per document version (editors resolve again on every scroll and
 * focus, and must then get the answer at once). If the worker stopped the analysis, the lens says so and still
 * opens the full report, which has a longer budget.
 */
async function resolveLens(ctx: ServerContext, r: Resolved, lens: CodeLens): Promise<CodeLens> {
  const question = String((lens.data as { question?: unknown }).question);
  // A template's lenses are per key: each key's answer is its own.
  const key = (lens.data as { key?: unknown }).key;
  const which = typeof key === 'string' ? `${question} ${key}` : question;
  const uri = r.document.uri;
  // With IAM files configured the lens answers by name; a file that cannot be read is said in the lens.
  let iam: IamFilesFor | undefined;
  let unread: string | undefined;
  try {
    iam = await iamFilesFor(uri, r.settings, ctx.workspaceFolders());
    if (iam) ctx.watchIamFiles(iam);
  } catch (e) {
    unread = e instanceof Error ? e.message : String(e);
  }
  // The worker reads the files (the server only stamps them) and keeps them while the stamp holds.
  const job = {
    kind: 'lens',
    settings: r.service.settings,
    document: textOf(r.document),
    lens,
    command: Commands.showWhoCan,
    ...(iam ? { iam } : {}),
  } as const;
  // Not cancelled with the request: another resolve of the same lens may be waiting for the same answer.
  const command = await ctx.models.answer(r.document, r.service, `lens ${which} ${iam?.key ?? ''}`, async (): Promise<Command | undefined> => {
    try {
      return (await ctx.analysis.run(job, `lens ${which} ${uri}`)).command;
    } catch (e) {
      // require(), not import: the engine is loaded with the first document, not when the server starts.
      const spec = (require('../engine') as typeof Engine).QUESTIONS.find((q) => q.question === question);
      if (!(e instanceof AnalysisStopped) || e.reason === 'superseded' || e.reason === 'cancelled' || !spec) throw e;
      // Stopped for time or memory: the lens says so (for this version: asking again would stop again).
      return { title: `${spec.title} Not answered here: ${e.message}`, command: Commands.showWhoCan, arguments: [uri, spec.question] };
    }
  });
  if (command && unread !== undefined) return { range: lens.range, command: { ...command, title: `${command.title} (IAM file ${unread})` } };
  return command ? { range: lens.range, command } : lens;
}
