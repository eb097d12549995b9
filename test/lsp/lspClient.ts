/**
 * A real JSON-RPC client for the bundled server: spawns `dist/server.js --stdio` and speaks LSP to it with
 * vscode-languageserver-protocol. Tests wait on notifications, never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  type ConfigurationItem,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** Path of the bundled server under test. */
export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** A running server and a client connected to it. */
export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly initializeResult: InitializeResult;
  /** Settles when the server process exits, with its exit code or signal. */
  readonly exited: Promise<number | string | null>;
  /** Every log message the server sent (window/logMessage), for assertions on errors. */
  readonly logs: string[];
  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string, languageId?: string): Promise<PublishDiagnosticsParams>;
  /** Replaces the whole text and resolves with the diagnostics of that version. */
  change(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  /** Waits for diagnostics of `uri` at `version` (or any version when undefined). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification received, in order of arrival. */
  readonly published: PublishDiagnosticsParams[];
  /** Sends one didChange with these (incremental or full) changes as the next version, and returns that version. */
  sendChanges(uri: string, changes: TextDocumentContentChangeEvent[]): number;
  /** Closes a document; resolves with the (unversioned) empty diagnostics the server clears it with. */
  close(uri: string): Promise<PublishDiagnosticsParams>;
  /** The version last sent for a URI. */
  version(uri: string): number;
  stop(): Promise<void>;
}

/**
 * The settings answered to workspace/configuration: fixed, or a function of the item asked about (a test
 * can hold a request's answer back, to cancel or change things while the server waits for it).
 */
export type TestSettings = Record<string, unknown> | ((item: ConfigurationItem) => unknown);

/** How to start the server: extra environment variables, another copy of the bundle. */
export interface StartOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly server?: string;
  /** Workspace capabilities the client announces besides configuration (e.g. codeLens refresh support). */
  readonly workspace?: Readonly<Record<string, unknown>>;
}

/** Starts the server with the given settings (answered to workspace/configuration requests). */
export async function startServer(settings: TestSettings = {}, options: StartOptions = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [options.server ?? SERVER, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  const versions = new Map<string, number>();
  const waiters: { uri: string; matches: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  const published: PublishDiagnosticsParams[] = [];
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onRequest(ConfigurationRequest.type, (params) =>
    Promise.all(params.items.map((item) => (typeof settings === 'function' ? settings(item) : settings))),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    published.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === p.uri && w.matches(p)) {
        waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  });
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, ...options.workspace }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const diagnostics = (uri: string, version?: number): Promise<PublishDiagnosticsParams> => {
    const have = latest.get(uri);
    if (have && version !== undefined && have.version === version) return Promise.resolve(have);
    return new Promise((resolve) => waiters.push({ uri, matches: (p) => version === undefined || p.version === version, resolve }));
  };
  const sendChanges = (uri: string, contentChanges: TextDocumentContentChangeEvent[]): number => {
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  };
  return {
    connection,
    process: child,
    initializeResult,
    exited,
    logs,
    open(uri, text, languageId = 'kms-key-policy') {
      versions.set(uri, 1);
      const p = diagnostics(uri, 1);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return p;
    },
    change(uri, text) {
      const p = diagnostics(uri, (versions.get(uri) ?? 1) + 1);
      sendChanges(uri, [{ text }]);
      return p;
    },
    diagnostics,
    published,
    sendChanges,
    close(uri) {
      const cleared = new Promise<PublishDiagnosticsParams>((resolve) => waiters.push({ uri, matches: (p) => p.version === undefined, resolve }));
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      return cleared;
    },
    version: (uri) => versions.get(uri) ?? 0,
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Applies LSP text edits to text (edits must not overlap). */
export function applyTextEdits(
  text: string,
  edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
