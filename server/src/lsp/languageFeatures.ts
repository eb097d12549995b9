/** Standard LSP features: each handler resolves the document, its cached model and the engine, then asks. */
import type { ServerContext } from '../server';
import { Commands } from '../../../shared/protocol';
import type { runSafe as RunSafe } from './runSafe';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyDocument, PolicyService } from '../engine';

/** The document, its engine and its parsed model, when the server serves it. */
export async function resolve(ctx: ServerContext, uri: string): Promise<{ document: TextDocument; service: PolicyService; doc: PolicyDocument } | undefined> {
  const document = ctx.documents.get(uri);
  if (!document) return undefined;
  const service = await ctx.serviceFor(uri);
  if (!ctx.serves(document, service)) return undefined;
  return { document, service, doc: ctx.models.parsed(document, service) };
}

/** Registers completion, hover, code lenses, code actions, symbols, formatting, folding and selection. */
export function registerLanguageFeatures(ctx: ServerContext, runSafe: typeof RunSafe): void {
  const { connection } = ctx;
  const log = connection.console;

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', token, null, async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.complete(r.doc, r.document.offsetAt(params.position)) : null;
    }),
  );

  connection.onHover((params, token) =>
    runSafe(log, 'hover', token, null, async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.hover(r.doc, r.document.offsetAt(params.position), ctx.models.linted(r.document, r.service)) : null;
    }),
  );

  connection.onCodeLens((params, token) =>
    runSafe(log, 'codeLens', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      if (!r || (await ctx.settings.get(params.textDocument.uri)).codeLens === false) return [];
      // The document's URI travels with each lens so resolve knows which document (and version) it is for.
      return r.service.codeLenses(r.doc).map((l) => (l.data ? { ...l, data: { ...(l.data as object), uri: params.textDocument.uri, version: r.document.version } } : l));
    }),
  );

  connection.onCodeLensResolve((lens, token) =>
    runSafe(log, 'codeLensResolve', token, lens, async () => {
      const data = lens.data as { uri?: string; version?: number } | undefined;
      if (!data?.uri) return lens;
      const r = await resolve(ctx, data.uri);
      // A lens for an older version is answered from the current text: never a stale answer.
      if (!r) return lens;
      return r.service.resolveCodeLens(r.doc, lens, Commands.showWhoCan, data.uri);
    }),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, 'codeAction', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      if (!r) return [];
      const start = r.document.offsetAt(params.range.start);
      const end = r.document.offsetAt(params.range.end);
      return r.service.codeActions(r.doc, start, end, params.textDocument.uri, ctx.models.linted(r.document, r.service));
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'documentSymbol', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.symbols(r.doc) : [];
    }),
  );

  connection.onDocumentFormatting((params, token) =>
    runSafe(log, 'formatting', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.format(r.doc, params.options) : [];
    }),
  );

  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(log, 'rangeFormatting', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      if (!r) return [];
      const offset = r.document.offsetAt(params.range.start);
      return r.service.format(r.doc, params.options, { offset, length: r.document.offsetAt(params.range.end) - offset });
    }),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(log, 'foldingRanges', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.foldingRanges(r.doc) : [];
    }),
  );

  connection.onSelectionRanges((params, token) =>
    runSafe(log, 'selectionRanges', token, [], async () => {
      const r = await resolve(ctx, params.textDocument.uri);
      return r ? r.service.selectionRanges(r.doc, params.positions.map((p) => r.document.offsetAt(p))) : [];
    }),
  );
}
