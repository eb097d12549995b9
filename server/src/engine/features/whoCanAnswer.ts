/**
 * The answers the language server's views ask for: who can (a named question, or explicit actions) as rows
 * and Markdown, and a policy's check (problem counts, the three questions' one-line answers, the lockout
 * verdict) for the workspace view and the live-policy save.
 */
import type { PolicyService } from '../index';
import type { PolicyDocument } from '../parse/model';
import type { AnalyzeResult, WhoCanQuestion, WhoCanReport } from '../protocolShapes';
import { principalJson, whoCanJson, type WhoCanOptions } from '../simulate';
import { QUESTIONS } from './codeLens';
import { classLabel } from './whoCanReport';

/** What a who-can request asks: a named question, or who can perform actions (kms:Decrypt when neither is given). */
export interface WhoCanAsk {
  readonly question?: WhoCanQuestion;
  readonly actions?: readonly string[];
}

/** Who can, as rows and Markdown. Throws SimulationInputError for unusable options. */
export function whoCanAnswer(service: Pick<PolicyService, 'questionReport' | 'whoCan'>, doc: PolicyDocument, ask: WhoCanAsk, options: WhoCanOptions = {}): WhoCanReport {
  if (ask.question) {
    const report = service.questionReport(doc, ask.question, options);
    const json = whoCanJson(report.result.direct);
    const escalated = report.result.escalation.map((c) => ({ ...principalJson(c), kind: `${c.kind} (by escalation)` }));
    return { actions: json.actions, principals: [...json.principals, ...escalated], notes: json.caveats, markdown: report.markdown };
  }
  const result = service.whoCan(doc, ask.actions ?? ['kms:Decrypt'], options);
  const json = whoCanJson(result);
  const markdown = [
    `# Who can ${json.actions.join(', ')}`,
    '',
    '| Who | Decision | Statements |',
    '|---|---|---|',
    ...result.classes.map((c) => `| ${classLabel(c)} | ${c.decision} | ${c.statements.map((s) => s.sid ?? `#${s.index + 1}`).join(', ')} |`),
    '',
    ...json.caveats.map((c) => `> ${c}`),
  ].join('\n');
  return { actions: json.actions, principals: json.principals, notes: json.caveats, markdown };
}

/** A policy's problems, its three questions' one-line answers (only when it has no errors) and its lockout verdict. */
export function policyCheck(service: Pick<PolicyService, 'lint' | 'questionReport' | 'lockout'>, doc: PolicyDocument, options: WhoCanOptions = {}): AnalyzeResult {
  const lint = service.lint(doc);
  const count = (s: string): number => lint.findings.filter((f) => f.severity === s).length;
  const problems = lint.findings
    .filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...doc.positionAt(f.at.offset) }));
  const usable = doc.policy !== undefined && count('error') === 0;
  const summary = Object.fromEntries(
    QUESTIONS.map((q) => [q.question, usable ? service.questionReport(doc, q.question, options).summary : 'not analysed (fix the errors first)']),
  ) as AnalyzeResult['summary'];
  const lockout = doc.policy !== undefined && service.lockout(doc, options).status === 'locked';
  return { errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint'), problems, lockout, summary };
}
