/**
 * The language server: LSP wiring only. Every handler gets the document, gets its cached model, calls
 * the engine, returns. Runs over stdio (`--stdio`) for any editor, or node IPC under VS Code.
 *
 * Start-up answers `initialize` before the engine is evaluated: the engine (its KMS catalog and rule pack)
 * is most of the start time and initialize needs none of it, so it is loaded when the first document or
 * request needs an engine instance.
 */
import {
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
import type { PolicyService } from './engine';
import { readSettings, SettingsCache, toPolicySettings, type ServerSettings } from './lsp/settings';
import { DocumentModels } from './lsp/documentModels';
import { ValidationScheduler } from './lsp/validation';
import { registerCustomRequests } from './lsp/requests';
import { registerLanguageFeatures } from './lsp/languageFeatures';
import type { ServerContext } from './lsp/serverContext';
import { guardTransport, transportFromArgs } from './lsp/transport';

/** Language ids the server always serves; plain `json` is served only when the content is a key policy. */
export const POLICY_LANGUAGE_ID = 'kms-key-policy';

// require(), not import: the bundler then initialises the engine on the first call, not at start.
const engine = (): typeof Engine => require('./engine') as typeof Engine;

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

  const ctx: ServerContext = { connection, documents, models, settings, serviceFor, serves };
  let currentSettings: ServerSettings = readSettings({});

  const publish = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const service = await serviceFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // superseded while settings were fetched
    if (!serves(document, service)) {
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const doc = models.parsed(document, service);
    const lint = models.linted(document, service);
    for (const f of lint.failures) connection.console.error(`rule ${f.code} failed on ${uri}: ${f.error}`);
    const diagnostics = lint.findings.map((f) => service.diagnosticOf(doc, f));
    const latest = documents.get(uri);
    if (!latest || latest.version !== version) return; // a newer version is on its way; never publish stale
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };
  const scheduler = new ValidationScheduler((uri) => {
    publish(uri).catch((e: unknown) => connection.console.error(`validation of ${uri} failed: ${String(e)}`));
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const supportsConfiguration = caps.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown };
    currentSettings = readSettings(init.settings);
    settings.configure(supportsConfiguration, currentSettings);
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
  });

  // Fires on open too (the first validation runs at once: the scheduler's leading edge).
  documents.onDidChangeContent((e) => {
    void settings.get(e.document.uri).then((s) => scheduler.changed(e.document.uri, s.validationDelay ?? 150));
  });
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    models.delete(e.document.uri);
    settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onShutdown(() => {
    shutDown = true;
  });

  registerLanguageFeatures(ctx);
  registerCustomRequests(ctx);

  documents.listen(connection);
  connection.listen();
}

main();
