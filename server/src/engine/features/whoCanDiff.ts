/**
 * What changes in who-can terms between two versions of a policy: per question (decrypt, administer, create
 * grants), the principal classes that gain the capability, lose it, or keep it under other conditions or
 * statements. The live-policy save shows it before anything is written to KMS.
 */
import type { PolicyDocument } from '../parse/model';
import type { WhoCanOptions } from '../simulate';
import { QUESTIONS, type Question } from './codeLens';
import type { AnswerService } from './whoCanAnswer';
import { classLabel } from './whoCanReport';

/** What changes for one question between two versions of a policy (principal classes by their labels). */
export interface WhoCanChange {
  readonly question: Question;
  /** Classes that can after and could not before. */
  readonly gained: readonly string[];
  /** Classes that could before and cannot after. */
  readonly lost: readonly string[];
  /** Classes that can in both, under other conditions or statements (or allowed outright in one, conditionally in the other). */
  readonly changed: readonly string[];
}

/** Per question, who gains and who loses: the result of kmsKeyPolicy/compare. */
export interface CompareResult {
  readonly changes: readonly WhoCanChange[];
  /** The changes as text, for the save confirmation. */
  readonly summary: string;
}

/**
 * The classes that can (directly or, for decrypt, by escalation), by label, each with what decides it: the
 * decision, how many alternative condition sets admit it, and the statements. Nobody can under a document
 * without a policy.
 */
function ableClasses(service: Pick<AnswerService, 'questionReport'>, doc: PolicyDocument, question: Question, options: WhoCanOptions): Map<string, string> {
  const out = new Map<string, string>();
  if (!doc.policy) return out;
  const r = service.questionReport(doc, question, options).result;
  for (const c of [...r.direct.classes, ...r.escalation]) {
    if (c.decision === 'denied') continue;
    out.set(classLabel(c), JSON.stringify([c.decision, c.residual.any.length, c.statements.map((s) => s.sid ?? s.index)]));
  }
  return out;
}

/** Per question, who gains, who loses and whose access changes between `before` and `after`. */
export function whoCanDiff(
  service: Pick<AnswerService, 'questionReport'>,
  before: PolicyDocument,
  after: PolicyDocument,
  options: WhoCanOptions = {},
): CompareResult {
  const changes: WhoCanChange[] = QUESTIONS.map((q) => {
    const b = ableClasses(service, before, q.question, options);
    const a = ableClasses(service, after, q.question, options);
    return {
      question: q.question,
      gained: [...a.keys()].filter((k) => !b.has(k)),
      lost: [...b.keys()].filter((k) => !a.has(k)),
      changed: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)),
    };
  });
  return { changes, summary: whoCanDiffText(changes) };
}

/** The changes as the save confirmation shows them: a line per unchanged question, else a line per class. */
export function whoCanDiffText(changes: readonly WhoCanChange[]): string {
  const lines: string[] = [];
  for (const c of changes) {
    const title = QUESTIONS.find((q) => q.question === c.question)?.title ?? c.question;
    if (c.gained.length + c.lost.length + c.changed.length === 0) {
      lines.push(`${title} No change.`);
      continue;
    }
    lines.push(title);
    for (const g of c.gained) lines.push(`  + gains: ${g}`);
    for (const l of c.lost) lines.push(`  − loses: ${l}`);
    for (const x of c.changed) lines.push(`  ~ changes conditions or statements: ${x}`);
  }
  return lines.join('\n');
}
