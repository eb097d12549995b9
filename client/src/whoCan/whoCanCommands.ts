/**
 * The who-can report of a policy file (the lenses' command and the palette's "Who Can …?"): by name when the
 * folder's settings point at IAM authorization files (kmsKeyPolicy/whoCanNamed), else by principal class
 * (kmsKeyPolicy/whoCan); either way shown as the matrix. A named answer that cannot be had (a file unreadable or
 * refused) falls back to the classes, saying why in the view and in a warning, never silently.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WhoCanNamedRequest, WhoCanRequest, type WhoCanParams, type WhoCanQuestion, type WhoCanReport } from '../../../shared/protocol';
import type { WhoCanReports } from '../whoCanView';
import { readIamFiles } from './iamFiles';
import { matrixFromNamed, matrixFromReport, type MatrixModel } from './matrixModel';

/** The report titles by question. */
export const TITLES: Readonly<Record<WhoCanQuestion, string>> = {
  decrypt: 'Who can decrypt',
  administer: 'Who can administer',
  grant: 'Who can create grants',
};

/** The one-line answer of a key-policy-only report: its "Answer:" line, else a count of the classes. */
export function reportSummary(report: Pick<WhoCanReport, 'markdown' | 'principals' | 'actions'>): string {
  const answer = /^\*\*Answer:\*\* (.*)$/m.exec(report.markdown)?.[1];
  if (answer !== undefined) return `Answer: ${answer}`;
  const able = report.principals.filter((p) => p.decision !== 'denied').length;
  return `${able} principal class${able === 1 ? '' : 'es'} can ${report.actions.join(', ')}.`;
}

/** A key-policy-only report as the matrix, with a note first when the named answer was wanted but failed. */
export function classMatrix(title: string, report: WhoCanReport, failure?: string): MatrixModel {
  const model = matrixFromReport(title, report, reportSummary(report));
  return failure === undefined ? model : { ...model, notes: [failure, ...model.notes] };
}

/** An error's message, without the JSON-RPC wrapping. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Shows the who-can report of a policy document (of one key, `key`, in a template or Terraform file); returns the URI of its Markdown. */
export async function showPolicyWhoCan(
  client: Pick<LanguageClient, 'sendRequest'>,
  reports: WhoCanReports,
  target: vscode.Uri,
  question: WhoCanQuestion,
  key?: string,
): Promise<vscode.Uri> {
  const account = vscode.workspace.getConfiguration('kmsKeyPolicy', target).get<string>('account') || undefined;
  const params: WhoCanParams = { uri: target.toString(), question, ...(account ? { account } : {}), ...(key ? { key } : {}) };
  const title = `${TITLES[question]} — ${target.path.split('/').pop() ?? 'policy'}${key ? ` ${key}` : ''}`;
  let failure: string | undefined;
  try {
    const files = await readIamFiles(target);
    if (files) {
      const result = await client.sendRequest(WhoCanNamedRequest, {
        ...params,
        iam: files.iam,
        ...(files.organizations.length > 0 ? { organizations: files.organizations } : {}),
      });
      return reports.showMatrix(matrixFromNamed(title, result.answer, result.markdown, result.summary), target);
    }
  } catch (error) {
    failure = `Principals are not named: ${messageOf(error)}`;
    void vscode.window.showWarningMessage(failure);
  }
  const report = await client.sendRequest(WhoCanRequest, params);
  return reports.showMatrix(classMatrix(title, report, failure), target);
}
