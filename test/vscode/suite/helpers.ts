// Helpers for extension-host tests (imported by *.test.ts in this folder; not a test file itself).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension's id: `<publisher>.<name>` from package.json. */
export const extensionId = 'kms-key-policy.kms-key-policy';

/** The language id the extension gives to *.kms.json files. */
export const languageId = 'kms-key-policy';

/** The extension under test; fails the test when VS Code does not know it. */
export function extensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  return extension;
}

/** The first (and only) workspace folder the runners open: a throwaway copy of examples/. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test runner must open a workspace folder');
  return folder;
}

/** The URI of `relativePath` inside the workspace folder. */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

/** Writes `text` to `relativePath` in the workspace copy and returns its URI. */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Opens a document in an editor and returns the editor. */
export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/**
 * Resolves with the first truthy value of `probe`, checking every 50 ms, for state that VS Code exposes
 * without a change event (such as Extension.isActive). Rejects with `what` after `timeoutMs`.
 * Prefer an event (see waitForDiagnostics) whenever one exists.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` approves them, on the current state or on a
 * later languages.onDidChangeDiagnostics event. Rejects after `timeoutMs` with the last diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) {
        return false;
      }
      listener.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        check();
      }
    });
    const timer = setTimeout(() => {
      listener.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${String(d.code)} ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}; last: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    check();
  });
}
