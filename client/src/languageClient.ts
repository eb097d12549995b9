/** Starts the one LanguageClient on the bundled server (dist/server.js) over IPC. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The language id the extension contributes. */
export const LANGUAGE_ID = 'kms-key-policy';

/**
 * V8 flags for the server process: a small young generation and size-optimised code keep the server near
 * 70 MB with 100 policies open instead of about 112 MB, at the same latency (measured by `npm run bench`,
 * which starts the server with these same flags; keep scripts/bench/lsp.mjs in step).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];

/**
 * YAML templates (CloudFormation, SAM), `.template` files and Terraform files, whatever language the editor gave
 * them (the extension contributes the `terraform` language for `.tf` files, so they open without the HashiCorp
 * extension too; with it, both contributions make one language).
 */
export const TEMPLATE_DOCUMENTS = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { scheme: 'file', pattern: '**/*.template' },
  { language: 'terraform', scheme: 'file' },
  { scheme: 'file', pattern: '**/*.tf' },
];

/**
 * Environment for the server process: one glibc malloc arena. The server runs two JavaScript threads (its
 * own and its analysis worker), and glibc gives each allocating thread an arena it keeps: with one, the
 * server holds about 80 MB with 100 policies open instead of about 90 (measured by `npm run bench`, which
 * starts the server with this too). Ignored where the C library is not glibc.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };

/** Creates (but does not start) the language client. */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENV } } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env: { ...SERVER_ENV } },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Plain JSON files are sent too; the server serves them only when their content is a key policy, so
    // package.json, tsconfig and VS Code's own settings files stay plain JSON.
    documentSelector: [
      { language: LANGUAGE_ID },
      { language: 'json', scheme: 'file' },
      { language: 'json', scheme: 'untitled' },
      // Templates and Terraform files: served only when they declare KMS keys, and only inside their key policies.
      ...TEMPLATE_DOCUMENTS,
    ],
    synchronize: { configurationSection: 'kmsKeyPolicy' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('kmsKeyPolicy') },
    outputChannelName: 'KMS Key Policy',
  };
  return new LanguageClient('kmsKeyPolicy', 'KMS Key Policy', serverOptions, clientOptions);
}
