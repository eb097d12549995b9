/**
 * The language server: LSP wiring only. Every handler gets the document, gets its cached model, calls
 * the engine, returns. Runs over stdio (`--stdio`) for any editor, or node IPC under VS Code.
 *
 * Start-up answers `initialize` before the engine is evaluated: the engine (its KMS catalog and rule pack)
 * is most of the start time and initialize needs none of it, so it is loaded when the first document or
 * request needs an engine instance. Lint, question lenses and the simulator's requests run in a worker thread
 * (lsp/analysisHost.ts, started with the first of them), so this thread always answers.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeLensRefreshRequest,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeConfigurationNotification,
  CodeActionKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as Engine from './engine';
import type { PolicyDocument, PolicyService } from './engine';
import { readSettings, SettingsCache, toPolicySettings, type ServerSettings } from './lsp/settings';
import { DocumentModels } from './lsp/documentModels';
import { ValidationScheduler } from './lsp/validation';
import { registerCustomRequests } from './lsp/requests';
import { registerLanguageFeatures } from './lsp/languageFeatures';
import type { ServerContext } from './lsp/serverContext';
import { AnalysisHost, budgetFromEnv } from './lsp/analysisHost';
import { lintKey, publishDiagnostics } from './lsp/analysis';
import { guardTransport, transportFromArgs } from './lsp/transport';

/** Language ids the server always serves; plain `json` is served only when the content is a key policy. */
export const POLICY_LANGUAGE_ID = 'kms-key-policy';

// require(), not import: the bundler then initialises the engine on the first call, not at start.
const engine = (): typeof Engine => require('./engine') as typeof Engine;

/** The file-system paths of the workspace folders the client opened with. */
function foldersOf(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((u) => {
    try {
      return u.startsWith('file:') ? [fileURLToPath(u)] : [];
    } catch {
      return [];
    }
  });
}

function main(): void {
  let shutDown = false;
  const transport = transportFromArgs(process.argv.slice(2));
  const guarded = transport ? guardTransport(transport, () => shutDown) : undefined;
  // Without a transport on the command line, the library says which arguments it takes.
  const connection = guarded ? createConnection(ProposedFeatures.all, guarded.reader, guarded.writer) : createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const models = new DocumentModels();
  const settings = new SettingsCache(connection, false, readSettings({}));
  const services = new Map<string, PolicyService>();

  const serviceFor = async (uri: string): Promise<PolicyService> => {
    const s = await settings.get(uri);
    const key = JSON.stringify(s);
    let service = services.get(key);
    if (!service) {
      service = engine().createPolicyService(toPolicySettings(s));
      services.set(key, service);
    }
    return service;
  };
  const serves = (document: TextDocument, service: PolicyService): boolean =>
    document.languageId === POLICY_LANGUAGE_ID || (document.languageId === 'json' && service.isKeyPolicy(models.parsed(document, service)));

  const openDocument = (uri: string, service: PolicyService): PolicyDocument | undefined => {
    const document = documents.get(uri);
    return document ? models.parsed(document, service) : undefined;
  };
  // The worker is a bundle beside this one (dist/analysisWorker.js; .cjs beside a .cjs bundle, .js under out/).
  const workerFile = path.join(__dirname, `analysisWorker${path.extname(__filename)}`);
  const analysis = new AnalysisHost({ workerFile, log: connection.console, budgetMs: budgetFromEnv(process.env) });
  let folders: string[] = [];
  let lensRefresh = false;
  const workspaceFolders = (): readonly string[] => folders;
  const ctx: ServerContext = { connection, documents, models, settings, analysis, serviceFor, openDocument, serves, workspaceFolders };
  let currentSettings: ServerSettings = readSettings({});

  const scheduler = new ValidationScheduler((uri) => {
    publishDiagnostics(ctx, uri).catch((e: unknown) => connection.console.error(`validation of ${uri} failed: ${String(e)}`));
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const supportsConfiguration = caps.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown };
    currentSettings = readSettings(init.settings);
    settings.configure(supportsConfiguration, currentSettings);
    // Where the IAM files settings' relative paths resolve (the lenses read them).
    folders = foldersOf(params);
    lensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['"', ':', '/'], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
      },
      serverInfo: { name: 'kms-key-policy-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kmsKeyPolicy' }).catch(() => undefined);
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change.settings as { kmsKeyPolicy?: unknown } | undefined)?.kmsKeyPolicy;
    if (raw !== undefined) currentSettings = readSettings(raw);
    settings.updateDefaults(currentSettings);
    models.invalidateLint();
    services.clear();
    for (const d of documents.all()) scheduler.changed(d.uri, 0);
    // The lenses may now answer by name (or no longer): ask the client to resolve them again.
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });

  // Fires on open too (the first validation runs at once: the scheduler's leading edge).
  documents.onDidChangeContent((e) => {
    void settings.get(e.document.uri).then((s) => scheduler.changed(e.document.uri, s.validationDelay ?? 150));
  });
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    analysis.cancel(lintKey(e.document.uri));
    models.delete(e.document.uri);
    settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onShutdown(() => {
    shutDown = true;
    analysis.dispose();
  });

  registerLanguageFeatures(ctx);
  registerCustomRequests(ctx);

  documents.listen(connection);
  connection.listen();
}

main();
