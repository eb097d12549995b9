/**
 * The answers the language server's views ask for: who can (a named question, or explicit actions) as rows
 * and Markdown, and a policy's check (problem counts, the three questions' one-line answers, the lockout
 * verdict) for the workspace view and the live-policy save.
 */
import type { PolicyDocument } from '../parse/model';
import type { Finding } from '../rules/types';
import {
  principalJson,
  tooComplex,
  TOO_COMPLEX,
  whoCanJson,
  type LockoutResult,
  type NamedAnalysisResult,
  type WhoCanOptions,
  type WhoCanPrincipalJson,
  type WhoCanResult,
} from '../simulate';
import { QUESTIONS, type Question } from './codeLens';
import { classLabel } from './whoCanReport';

/**
 * What the answers ask of the policy service (the front doors pass createPolicyService's): declared here, by
 * shape, so the features need nothing from the layers above them.
 */
export interface AnswerService {
  /** A question's analysis, its one-line summary and its Markdown report. */
  questionReport(
    doc: PolicyDocument,
    question: Question,
    options?: WhoCanOptions,
  ): { readonly result: NamedAnalysisResult; readonly summary: string; readonly markdown: string };
  /** Who can perform the actions. */
  whoCan(doc: PolicyDocument, actions: readonly string[], options?: WhoCanOptions): WhoCanResult;
  /** Every enabled rule's findings. */
  lint(doc: PolicyDocument): { readonly findings: readonly Finding[] };
  /** Whether anyone can still change the policy. */
  lockout(doc: PolicyDocument, options?: WhoCanOptions): LockoutResult;
}

/** What a who-can request asks: a named question, or who can perform actions (kms:Decrypt when neither is given). */
export interface WhoCanAsk {
  readonly question?: Question;
  readonly actions?: readonly string[];
}

/** Who can, as rows and Markdown: the result of kmsKeyPolicy/whoCan. */
export interface WhoCanReport {
  readonly actions: readonly string[];
  /** One row per principal class; classes that reach the capability by escalation say so in their `kind`. */
  readonly principals: readonly WhoCanPrincipalJson[];
  /** Caveats: what the answer does not include (SCPs, RCPs, IAM policies unless supplied...). */
  readonly notes: readonly string[];
  /** The report as a person reads it (Markdown). */
  readonly markdown: string;
}

/** A problem in a policy check (0-based position). */
export interface AnalyzeDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly line: number;
  readonly character: number;
}

/** A policy's check, what the workspace view and the live-policy save show: the result of kmsKeyPolicy/analyze. */
export interface AnalyzeResult {
  /** Counts by severity (hints count as infos). */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Errors and warnings, for the save flow to show. */
  readonly problems: readonly AnalyzeDiagnostic[];
  /** True when nobody could change the policy afterwards (hard lockout). */
  readonly lockout: boolean;
  /** One-line answers per question: "3 principal classes: …". */
  readonly summary: Readonly<Record<Question, string>>;
  /** For a template or Terraform file: the check of each KMS key it declares (the counts above are their sums). */
  readonly keys?: readonly KeyCheck[];
}

/** One key's check in a template or Terraform file. */
export interface KeyCheck extends Omit<AnalyzeResult, 'keys'> {
  /** The logical id or resource address. */
  readonly id: string;
  /** The resource type (`AWS::KMS::Key`, `aws_kms_key`…). */
  readonly type: string;
  /** 0-based line of the key's name. */
  readonly line: number;
}

/** Who can, as rows and Markdown. Throws SimulationInputError for unusable options. */
export function whoCanAnswer(
  service: Pick<AnswerService, 'questionReport' | 'whoCan'>,
  doc: PolicyDocument,
  ask: WhoCanAsk,
  options: WhoCanOptions = {},
): WhoCanReport {
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
    ...result.classes.map(
      (c) =>
        `| ${classLabel(c)} | ${c.decision}${tooComplex(c) ? ` (${TOO_COMPLEX})` : ''} | ${c.statements.map((s) => s.sid ?? `#${s.index + 1}`).join(', ')} |`,
    ),
    '',
    ...json.caveats.map((c) => `> ${c}`),
  ].join('\n');
  return { actions: json.actions, principals: json.principals, notes: json.caveats, markdown };
}

/** A policy's problems, its three questions' one-line answers (only when it has no errors) and its lockout verdict. */
export function policyCheck(
  service: Pick<AnswerService, 'lint' | 'questionReport' | 'lockout'>,
  doc: PolicyDocument,
  options: WhoCanOptions = {},
): AnalyzeResult {
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
