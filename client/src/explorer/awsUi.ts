/**
 * The dialogs the AWS Keys view and the live-policy save use, gathered in one replaceable object.
 * Production uses VS Code's own; extension-host tests swap methods (through the extension's exported
 * API) to answer modal confirmations, which a test cannot click.
 */
import * as vscode from 'vscode';

/** The dialogs, with VS Code's names and (simplified) signatures. */
export interface AwsUi {
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
  showQuickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  /** Copies text to the clipboard. */
  copy(text: string): Thenable<void>;
}

/** The real dialogs. A new object each call, so tests may change theirs freely. */
export function createDefaultUi(): AwsUi {
  return {
    showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
    showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
    showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
    showInputBox: (options) => vscode.window.showInputBox(options),
    showQuickPick: (items, options) => vscode.window.showQuickPick([...items], { ...options, canPickMany: false }),
    showQuickPickMany: (items, options) => vscode.window.showQuickPick([...items], { ...options, canPickMany: true }),
    copy: (text) => vscode.env.clipboard.writeText(text),
  };
}
