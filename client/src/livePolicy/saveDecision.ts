/**
 * The decision behind saving a live key policy back to KMS, as pure functions (no `vscode`, no AWS):
 * the policy must not lock the key, must validate with no errors, must still be the policy the edit
 * started from, and the user must confirm what changes in who-can terms. Only then is it written.
 * `driveSave` runs the checks in that order through injected steps, so a check that fails stops the
 * later ones (no confirmation is asked for a policy that would be refused anyway).
 */
import type { AnalyzeDiagnostic, AnalyzeResult, CompareResult, WhoCanQuestion } from '../../../shared/protocol';

/** What the decision needs next. */
export type SaveStep = 'analysis' | 'deployed' | 'comparison' | 'confirmation';

/** Why a save was refused. */
export type RefusalKind = 'errors' | 'lockout' | 'analysisFailed' | 'declined';

/** Everything known so far about one save. */
export interface SaveInputs {
  /** The edited policy text the user is saving. */
  readonly text: string;
  /** The deployed policy text the edit started from (as GetKeyPolicy returned it). */
  readonly openedWith: string;
  /** The language server's analysis of `text`. */
  readonly analysis?: AnalyzeResult;
  /** The deployed policy, read again just before deciding. */
  readonly deployedNow?: string;
  /** What changes in who-can terms from the deployed policy to `text`. */
  readonly comparison?: CompareResult;
  /** The user's answer to the confirmation. */
  readonly confirmed?: boolean;
}

/** The outcome: ask for more, refuse, report a conflict, do nothing, or write. */
export type SaveDecision =
  | { readonly kind: 'need'; readonly step: SaveStep }
  | { readonly kind: 'refuse'; readonly why: RefusalKind; readonly reason: string }
  | { readonly kind: 'conflict'; readonly deployed: string; readonly reason: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'write' };

const QUESTIONS: readonly WhoCanQuestion[] = ['decrypt', 'administer', 'grant'];

/** Titles of the who-can questions, as the confirmation shows them. */
export const QUESTION_TITLES: Readonly<Record<WhoCanQuestion, string>> = {
  decrypt: 'Who can decrypt',
  administer: 'Who can administer',
  grant: 'Who can create grants',
};

/** How many problems a refusal or confirmation lists before "and N more". */
const LISTED_PROBLEMS = 5;

/** Decides the next step of a save from what is known so far. */
export function decideSave(inputs: SaveInputs): SaveDecision {
  const { analysis } = inputs;
  if (analysis === undefined) return { kind: 'need', step: 'analysis' };
  if (!isWellFormedAnalysis(analysis) || notAnalysed(analysis)) {
    return {
      kind: 'refuse',
      why: 'analysisFailed',
      reason: 'The language server could not analyse this policy, so it was not written to KMS. Details are in the "KMS Key Policy" output channel.',
    };
  }
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  // A lockout is named first: it is the reason that matters most, whatever else is wrong.
  if (analysis.lockout) {
    return {
      kind: 'refuse',
      why: 'lockout',
      reason:
        `This policy would lock the key: once it is in place nobody could change the key policy again (lockout). Nothing was written; keep a statement that lets the account or a key administrator call kms:PutKeyPolicy. ${listProblems(errors, analysis.errors)}`.trim(),
    };
  }
  if (analysis.errors > 0) {
    return {
      kind: 'refuse',
      why: 'errors',
      reason:
        `The policy has ${plural(analysis.errors, 'error')}; fix ${analysis.errors === 1 ? 'it' : 'them'} before saving to KMS. Nothing was written. ${listProblems(errors, analysis.errors)}`.trim(),
    };
  }
  if (inputs.deployedNow === undefined) return { kind: 'need', step: 'deployed' };
  if (inputs.deployedNow !== inputs.openedWith) {
    return {
      kind: 'conflict',
      deployed: inputs.deployedNow,
      reason:
        'The key policy was changed in KMS since you opened it; nothing was written. Compare the deployed policy with your edit, then save again on top of the deployed one.',
    };
  }
  if (samePolicy(inputs.text, inputs.deployedNow)) return { kind: 'unchanged' };
  if (inputs.comparison === undefined) return { kind: 'need', step: 'comparison' };
  if (inputs.confirmed === undefined) return { kind: 'need', step: 'confirmation' };
  if (!inputs.confirmed) {
    return { kind: 'refuse', why: 'declined', reason: 'Not saved: the change was not confirmed. Nothing was written to KMS.' };
  }
  return { kind: 'write' };
}

/** The steps `driveSave` calls to learn what `decideSave` needs. */
export interface SaveSteps {
  analyse(text: string): Promise<AnalyzeResult>;
  /** Reads the deployed policy again. */
  readDeployed(): Promise<string>;
  compare(before: string, after: string): Promise<CompareResult>;
  /** Asks the user; true only on an explicit yes. */
  confirm(comparison: CompareResult, analysis: AnalyzeResult): Promise<boolean>;
}

/**
 * Runs the decision to its end, calling each step only when the decision asks for it. Never writes:
 * the caller writes when the result is `write`. A step that throws ends the save with that error.
 */
export async function driveSave(text: string, openedWith: string, steps: SaveSteps): Promise<Exclude<SaveDecision, { kind: 'need' }>> {
  let inputs: SaveInputs = { text, openedWith };
  for (;;) {
    const decision = decideSave(inputs);
    if (decision.kind !== 'need') return decision;
    switch (decision.step) {
      case 'analysis':
        inputs = { ...inputs, analysis: await steps.analyse(text) };
        break;
      case 'deployed':
        inputs = { ...inputs, deployedNow: await steps.readDeployed() };
        break;
      case 'comparison':
        inputs = { ...inputs, comparison: await steps.compare(inputs.deployedNow ?? openedWith, text) };
        break;
      case 'confirmation':
        inputs = { ...inputs, confirmed: (await steps.confirm(inputs.comparison!, inputs.analysis!)) === true };
        break;
    }
  }
}

/** True when two policy texts are the same text, or the same JSON value formatted differently. */
export function samePolicy(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** The modal confirmation: a question and the who-can changes as plain text. */
export function confirmationText(keyLabel: string, comparison: CompareResult, analysis: AnalyzeResult): { message: string; detail: string } {
  const lines: string[] = [];
  const changes = Array.isArray(comparison.changes) ? comparison.changes : [];
  let changed = 0;
  for (const question of QUESTIONS) {
    const change = changes.find((c) => c.question === question);
    const parts: string[] = [];
    if (change) {
      if (change.gained.length > 0) parts.push(`gains ${change.gained.join(', ')}`);
      if (change.lost.length > 0) parts.push(`loses ${change.lost.join(', ')}`);
      if (change.changed.length > 0) parts.push(`conditions or statements change for ${change.changed.join(', ')}`);
    }
    changed += parts.length;
    lines.push(`${QUESTION_TITLES[question]}: ${parts.length > 0 ? parts.join('; ') : 'no change'}`);
  }
  if (changes.length === 0 && comparison.summary) lines.splice(0, lines.length, comparison.summary);
  else if (changed === 0) lines.push('', 'Nobody gains or loses access; the change is in wording, conditions that do not change the answers, or formatting.');
  if (analysis.warnings > 0) {
    const warnings = analysis.problems.filter((p) => p.severity === 'warning');
    lines.push('', `${plural(analysis.warnings, 'warning')} remain${analysis.warnings === 1 ? 's' : ''}. ${listProblems(warnings, analysis.warnings)}`.trim());
  }
  lines.push('', "The new policy replaces the deployed one with PutKeyPolicy; KMS's own lockout safety check stays on.");
  return { message: `Save the key policy of ${keyLabel} to KMS?`, detail: lines.join('\n') };
}

/** "line 3: KP201 message; line 9: …" for the first few problems, 1-based lines. */
export function listProblems(problems: readonly AnalyzeDiagnostic[], total = problems.length): string {
  const shown = problems.slice(0, LISTED_PROBLEMS).map((p) => `line ${p.line + 1}: ${p.code} ${p.message}`);
  const more = total - shown.length;
  if (shown.length === 0) return '';
  const text = `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isWellFormedAnalysis(a: AnalyzeResult): boolean {
  return (
    typeof a === 'object' &&
    a !== null &&
    Number.isInteger(a.errors) &&
    Number.isInteger(a.warnings) &&
    typeof a.lockout === 'boolean' &&
    Array.isArray(a.problems) &&
    typeof a.summary === 'object' &&
    a.summary !== null
  );
}

/**
 * The server answers a failed analysis with an empty result (no errors, no lockout) whose summaries
 * all read "not analysed"; a clean policy always gets real answers. Treat that as a failure, never
 * as a pass.
 */
function notAnalysed(a: AnalyzeResult): boolean {
  return a.errors === 0 && QUESTIONS.every((q) => typeof a.summary[q] !== 'string' || a.summary[q].startsWith('not analysed'));
}

/**
 * The text a live policy is edited as: KMS's text as it is, except that a policy stored on one line
 * is pretty-printed (two-space indent) so it can be read and edited. Saving compares policies by
 * value, so reformatting alone never counts as a change.
 */
export function editableText(deployed: string): string {
  if (deployed.includes('\n')) return deployed;
  try {
    return `${JSON.stringify(JSON.parse(deployed), null, 2)}\n`;
  } catch {
    return deployed;
  }
}
