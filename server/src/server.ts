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
import { mayHoldKeys, registerPolicyOnlyFeatures, registersPolicyOnly } from './lsp/hostDocuments';
import { ServerReaders } from './lsp/hostReaders';
import { AnalysisHost, budgetFromEnv } from './lsp/analysisHost';
import { lintKey, publishDiagnostics } from './lsp/analysis';
import { guardTransport, transportFromArgs } from './lsp/transport';
import { IamFileWatch, type IamFilesFor } from './lsp/iamFiles';

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
  // The parsers of templates and Terraform files, shared by every engine instance (lsp/hostDocuments.ts).
  const hostReaders = new ServerReaders((message) => connection.console.error(message));

  const serviceFor = async (uri: string): Promise<PolicyService> => {
    await hostReaders.ready(uri, documents.get(uri)?.languageId);
    const s = await settings.get(uri);
    const key = JSON.stringify(s);
    let service = services.get(key);
    if (!service) {
      service = engine().createPolicyService(toPolicySettings(s), undefined, hostReaders.readers);
      services.set(key, service);
    }
    return service;
  };
  // Templates and Terraform files (YAML, JSON, HCL) are served when they declare KMS keys (lsp/hostDocuments.ts).
  // A YAML or Terraform file is not parsed here for that (the worker parses it for its lint): a file that names a
  // key resource type is served, and one whose reading finds no key gets no diagnostics, lenses or completion.
  const serves = (document: TextDocument, service: PolicyService): boolean => {
    if (document.languageId === POLICY_LANGUAGE_ID) return true;
    if (!mayHoldKeys(document)) return false;
    const text = document.getText();
    if (engine().syntaxOf(text, document.uri, { languageId: document.languageId }) !== 'json') return engine().mayDeclareKeys(text);
    return service.isKeyPolicy(models.parsed(document, service));
  };

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
  // The lenses may answer differently (by name, or with another file): ask the client to resolve them again.
  const refreshLenses = (): void => {
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  const iamWatch = new IamFileWatch(refreshLenses);
  const watchIamFiles = (files: IamFilesFor): void => {
    if (lensRefresh) iamWatch.add(files);
  };
  const ctx: ServerContext = { connection, documents, models, settings, analysis, serviceFor, openDocument, serves, workspaceFolders, watchIamFiles };
  let currentSettings: ServerSettings = readSettings({});
  let policyOnly = false;

  const scheduler = new ValidationScheduler((uri) => {
    publishDiagnostics(ctx, uri).catch((e: unknown) => connection.console.error(`validation of ${uri} failed: ${String(e)}`));
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const supportsConfiguration = caps.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown };
    currentSettings = readSettings(init.settings);
    settings.configure(supportsConfiguration, currentSettings);
    policyOnly = registersPolicyOnly(caps);
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
        // Registered in onInitialized for key-policy and JSON documents only, when the client can (hostDocuments.ts).
        documentFormattingProvider: !policyOnly,
        documentRangeFormattingProvider: !policyOnly,
        foldingRangeProvider: !policyOnly,
        selectionRangeProvider: !policyOnly,
      },
      serverInfo: { name: 'kms-key-policy-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kmsKeyPolicy' }).catch(() => undefined);
    if (policyOnly) void registerPolicyOnlyFeatures(connection).catch(() => undefined);
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change.settings as { kmsKeyPolicy?: unknown } | undefined)?.kmsKeyPolicy;
    if (raw !== undefined) currentSettings = readSettings(raw);
    settings.updateDefaults(currentSettings);
    models.invalidateLint();
    services.clear();
    for (const d of documents.all()) scheduler.changed(d.uri, 0);
    // The lenses may now answer by name (or no longer), from other files.
    iamWatch.dispose();
    refreshLenses();
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
    iamWatch.dispose();
    analysis.dispose();
  });

  registerLanguageFeatures(ctx);
  registerCustomRequests(ctx);

  documents.listen(connection);
  connection.listen();
}

main();
