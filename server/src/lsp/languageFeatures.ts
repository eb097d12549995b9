/** Standard LSP features: each handler resolves the document, its cached model and the engine, then asks. */
import type { CancellationToken, ResponseError } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './serverContext';
import type { ServerSettings } from './settings';
import { Commands } from '../../../shared/protocol';
import { contentModified, runSafe } from './runSafe';
import { formattingTooCostly, MAX_FORMAT_INDENTATION } from './formatting';
import type { PolicyDocument, PolicyService } from '../engine';

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
   * changed while the handler waited (for settings), positions in the request belong to the old text, so
   * the answer is ContentModified rather than a result computed on text the client did not ask about.
   * `work` runs without awaiting anything, so the text cannot change under it.
   */
  const onDocument = <T>(
    label: string,
    uri: string,
    token: CancellationToken,
    fallback: T,
    work: (r: Resolved) => T | ResponseError<void>,
  ): Promise<T | ResponseError<void>> => {
    const version = ctx.documents.get(uri)?.version;
    return runSafe<T | ResponseError<void>>(log, label, token, fallback, async () => {
      const r = await resolve(ctx, uri);
      if (!r) return fallback;
      if (r.document.version !== version) return contentModified();
      return work(r);
    });
  };

  connection.onCompletion((params, token) =>
    onDocument('completion', params.textDocument.uri, token, null, (r) => r.service.complete(r.doc, r.document.offsetAt(params.position))),
  );

  connection.onHover((params, token) =>
    onDocument('hover', params.textDocument.uri, token, null, (r) =>
      r.service.hover(r.doc, r.document.offsetAt(params.position), ctx.models.linted(r.document, r.service)),
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
      r.document.version !== data.version ? contentModified() : r.service.resolveCodeLens(r.doc, lens, Commands.showWhoCan, data.uri!),
    );
  });

  connection.onCodeAction((params, token) =>
    onDocument('codeAction', params.textDocument.uri, token, [], (r) => {
      const start = r.document.offsetAt(params.range.start);
      const end = r.document.offsetAt(params.range.end);
      return r.service.codeActions(r.doc, start, end, params.textDocument.uri, ctx.models.linted(r.document, r.service));
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
