/**
 * Code lenses: at the top of the policy the three questions (resolved lazily, since each runs the simulator),
 * and above each statement a one-line summary of what it grants or denies.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../parse/model';
import { rangeOf } from '../diagnostics';
import { statementSummary } from './statementSummary';

/** The three questions, with the named analysis each runs. */
export const QUESTIONS = [
  { question: 'decrypt', analysis: 'decrypt', title: 'Who can decrypt?' },
  { question: 'administer', analysis: 'administer', title: 'Who can administer?' },
  { question: 'grant', analysis: 'create-grant', title: 'Who can create grants?' },
] as const;

/** A question id. */
export type Question = (typeof QUESTIONS)[number]['question'];

/** The data an unresolved lens carries. */
export interface LensData {
  readonly question: Question;
}

/**
 * Unresolved question lenses plus resolved statement lenses. Statement lenses are labels (an empty command
 * id, which editors show without making it clickable).
 */
export function codeLenses(doc: PolicyDocument): CodeLens[] {
  const policy = doc.policy;
  if (!policy || policy.statements.length === 0) return [];
  const top = rangeOf(doc, { offset: policy.span.offset, length: 0 });
  const lenses: CodeLens[] = QUESTIONS.map((q) => ({ range: top, data: { question: q.question } satisfies LensData }));
  for (const s of policy.statements) {
    if (!s.isObject) continue;
    const range = rangeOf(doc, { offset: s.span.offset, length: 0 });
    lenses.push({ range, command: { title: statementSummary(s), command: '' } });
  }
  return lenses;
}
