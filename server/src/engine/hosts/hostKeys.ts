/**
 * The keys of a host file as the front doors use them: each with its policy written out as JSON, the key facts
 * to analyse it with, and its words; their who-can answers (relabelled, with a caveat naming what the file
 * leaves open, so that no "nobody" rests on an open value); their lenses above each key resource, their outline
 * entries and their checks for the workspace view.
 */
import { SymbolKind, type CodeLens, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { QUESTIONS, type LensData, type Question } from '../features/codeLens';
import { statementSummary } from '../features/statementSummary';
import { statementLabel } from '../features/symbols';
import { whoCanAnswer, type AnalyzeResult, type AnswerService, type KeyCheck, type WhoCanAsk, type WhoCanReport } from '../features/whoCanAnswer';
import type { HostDocument } from '../parse/host/hostModel';
import type { PolicyDocument } from '../parse/model';
import type { LockoutResult, NamedAnalysisResult, WhoCanOptions } from '../simulate';
import type { HostLintResult, KeyLint } from './hostLint';

/** A key of a host file, ready for the who-can questions. */
export interface HostKey {
  /** Logical id or resource address. */
  readonly id: string;
  readonly type: string;
  readonly range: Range;
  readonly idRange: Range;
  /** `policy`: written in the file; `default`: none written (AWS's default key policy); `open`: left open. */
  readonly origin: 'policy' | 'default' | 'open';
  /** For an open policy: what it is (`!Ref PolicyParameter`, `var.policy`). */
  readonly openLabel?: string;
  /** The file the policy was read from, when not this one. */
  readonly file?: string;
  /** The policy written out as JSON (absent when open). */
  readonly policy?: PolicyDocument;
  /** The key facts to analyse it with. */
  readonly options: WhoCanOptions;
  /** The values the file leaves open in the policy (their expressions). */
  readonly openValues: readonly string[];
  /** Rewrites the engine's words for this key (stand-in account, roles of the file). */
  relabel(text: string): string;
}

/** What a who-can report asks of the service (the one createPolicyService returns). */
export interface ReportService {
  questionReport(
    doc: PolicyDocument,
    question: Question,
    options?: WhoCanOptions,
  ): { readonly result: NamedAnalysisResult; readonly summary: string; readonly markdown: string };
  lockout(doc: PolicyDocument, options?: WhoCanOptions): LockoutResult;
}

/** A who-can question's answer about one key. */
export interface KeyReport {
  readonly question: Question;
  readonly result: NamedAnalysisResult;
  readonly summary: string;
  readonly markdown: string;
}

function toKey(doc: HostDocument, k: KeyLint): HostKey {
  const r = k.key.resource;
  const range = (a: number, b: number): Range => ({ start: doc.positionAt(a), end: doc.positionAt(b) });
  const origin = k.key.origin;
  const context = k.embedded?.context ?? {};
  return {
    id: r.id,
    type: r.type,
    range: range(r.range.start, r.range.end),
    idRange: range(r.idRange.start, r.idRange.end),
    origin: origin.kind === 'value' ? 'policy' : origin.kind,
    ...(origin.kind === 'open' ? { openLabel: origin.label } : {}),
    ...(origin.kind === 'value' && origin.file ? { file: origin.file } : {}),
    ...(k.embedded ? { policy: k.embedded.doc } : {}),
    options: {
      ...(context.account ? { account: context.account } : {}),
      ...(context.region ? { region: context.region } : {}),
      ...(context.partition ? { partition: context.partition } : {}),
      ...(context.keyArn ? { key: context.keyArn } : {}),
    },
    openValues: k.open?.uncertainLabels() ?? [],
    relabel: k.relabel,
  };
}

/** The keys of a host document. */
export function hostKeys(doc: HostDocument, lint: HostLintResult): HostKey[] {
  return lint.keys.map((k) => toKey(doc, k));
}

/** The key with this id, or the first key when no id is given. */
export function findKey(keys: readonly HostKey[], id: string | undefined): HostKey | undefined {
  return id === undefined ? keys[0] : keys.find((k) => k.id === id);
}

/** A question's answer about a key: relabelled, and saying what the file leaves open. */
export function keyReport(service: ReportService, key: HostKey, question: Question, options: WhoCanOptions = {}): KeyReport | undefined {
  if (!key.policy) return undefined;
  const r = service.questionReport(key.policy, question, { ...key.options, ...options });
  const open = key.openValues;
  const n = open.length;
  let summary = key.relabel(r.summary);
  if (n > 0) summary = summary === 'nobody' ? `nobody known (${n} open value${n === 1 ? '' : 's'})` : `${summary} (${n} open value${n === 1 ? '' : 's'})`;
  const lines = [key.relabel(r.markdown).replace(/^Policy: `[^`]*`/m, `Key: \`${key.id}\` (${key.type})`)];
  if (key.origin === 'default')
    lines.push('', '> No key policy is written for this key: AWS applies the default key policy (the account may use the key through IAM policies).');
  if (n > 0) {
    lines.push(
      '',
      `> Values left open in this file: ${open.map((o) => `«${o}»`).join(', ')}. They are counted as written: a principal left open appears under its expression, an action, resource or condition left open matches nothing here. What they are at deployment may add to this answer; no "nobody" or "everyone" here rests on them.`,
    );
  }
  return { question, result: r.result, summary, markdown: lines.join('\n') };
}

/** The lenses of a host document: above each key the three questions (or why there is nothing to ask), above each statement its summary. */
export function hostCodeLenses(doc: HostDocument, lint: HostLintResult): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const k of lint.keys) {
    const key = k.key.resource;
    const top = { start: doc.positionAt(key.idRange.start), end: doc.positionAt(key.idRange.start) };
    const origin = k.key.origin;
    if (origin.kind === 'open') {
      lenses.push({ range: top, command: { title: `Key policy not known until deployed: «${origin.label}»`, command: '' } });
      continue;
    }
    for (const q of QUESTIONS) lenses.push({ range: top, data: { question: q.question, key: key.id } satisfies LensData & { key: string } });
    if (origin.kind === 'default') {
      lenses.push({ range: top, command: { title: 'No key policy written: the default key policy applies', command: '' } });
      continue;
    }
    for (const s of k.embedded?.doc.policy?.statements ?? []) {
      if (!s.isObject) continue;
      const at = doc.positionAt(k.embedded!.map.hostStart(s.span.offset));
      lenses.push({ range: { start: at, end: at }, command: { title: k.relabel(statementSummary(s)), command: '' } });
    }
  }
  return lenses;
}

/** Answers a question lens of a host document: the command gets [uri, question, key id]. */
export function hostResolveLens(
  service: ReportService,
  keys: readonly HostKey[],
  lens: CodeLens,
  command: string,
  uri: string,
  options?: WhoCanOptions,
): CodeLens {
  const data = lens.data as (LensData & { key?: string }) | undefined;
  const spec = QUESTIONS.find((q) => q.question === data?.question);
  const key = findKey(keys, data?.key);
  if (!spec || !key) return lens;
  const report = keyReport(service, key, spec.question, options);
  if (!report) return lens;
  return { range: lens.range, command: { title: `${spec.title} ${report.summary}`, command, arguments: [uri, spec.question, key.id] } };
}

/** The outline: one entry per key, its statements under it. */
export function hostSymbols(doc: HostDocument, lint: HostLintResult): DocumentSymbol[] {
  return lint.keys.map((k) => {
    const r = k.key.resource;
    const range = (a: number, b: number): Range => ({ start: doc.positionAt(a), end: doc.positionAt(b) });
    const origin = k.key.origin;
    const children = (origin.kind === 'value' ? (k.embedded?.doc.policy?.statements ?? []) : []).map((s): DocumentSymbol => {
      const h = k.embedded!.map.hostRange(s.span.offset, s.span.length);
      const sel = s.sid ? k.embedded!.map.hostRange(s.sid.offset, s.sid.length) : h;
      return {
        name: statementLabel(s),
        detail: k.relabel(s.effect?.value ?? ''),
        kind: SymbolKind.Object,
        range: range(h.start, h.end),
        selectionRange: range(sel.start, sel.end),
      };
    });
    const detail = origin.kind === 'value' ? r.type : origin.kind === 'default' ? `${r.type} · default key policy` : `${r.type} · policy «${origin.label}»`;
    return {
      name: r.id,
      detail,
      kind: SymbolKind.Key,
      range: range(r.range.start, r.range.end),
      selectionRange: range(r.idRange.start, r.idRange.end),
      children,
    };
  });
}

/** The check of each key of a host document. */
export function hostChecks(service: ReportService, doc: HostDocument, lint: HostLintResult, options: WhoCanOptions = {}): KeyCheck[] {
  const keys = hostKeys(doc, lint);
  return lint.keys.map((k, i) => {
    const key = keys[i] as HostKey;
    const count = (s: string): number => k.findings.filter((f) => f.severity === s).length;
    const problems = k.findings
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...doc.positionAt(f.at.offset) }));
    const usable = key.policy !== undefined && count('error') === 0;
    const summary = Object.fromEntries(
      QUESTIONS.map((q) => [
        q.question,
        usable
          ? (keyReport(service, key, q.question, options)?.summary ?? '')
          : key.origin === 'open'
            ? `not known until deployed («${key.openLabel ?? ''}»)`
            : 'not analysed (fix the errors first)',
      ]),
    ) as AnalyzeResult['summary'];
    const locked = key.policy !== undefined && key.openValues.length === 0 && service.lockout(key.policy, { ...key.options, ...options }).status === 'locked';
    return {
      id: key.id,
      type: key.type,
      line: key.idRange.start.line,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info') + count('hint'),
      problems,
      lockout: locked,
      summary,
    };
  });
}

/** Who can, as the kmsKeyPolicy/whoCan request answers it, about one key of a host file. */
export function keyWhoCan(service: ReportService & AnswerService, key: HostKey, ask: WhoCanAsk, options: WhoCanOptions = {}): WhoCanReport | undefined {
  if (!key.policy) return undefined;
  const adapter: Pick<AnswerService, 'questionReport' | 'whoCan'> = {
    questionReport: (doc, question, o) => keyReport(service, key, question, o) ?? service.questionReport(doc, question, { ...key.options, ...o }),
    whoCan: (doc, actions, o) => service.whoCan(doc, actions, { ...key.options, ...o }),
  };
  const answer = whoCanAnswer(adapter, key.policy, ask, options);
  return {
    ...answer,
    principals: answer.principals.map((p) => ({ ...p, principal: key.relabel(p.principal) })),
    markdown: key.relabel(answer.markdown),
  };
}

/** A host file's check for the workspace view: the sums over its keys, and each key's check. */
export function hostAnalyze(checks: readonly KeyCheck[]): AnalyzeResult {
  const sum = (f: (c: KeyCheck) => number): number => checks.reduce((n, c) => n + f(c), 0);
  const summary = Object.fromEntries(
    QUESTIONS.map((q) => [q.question, checks.length === 1 ? (checks[0] as KeyCheck).summary[q.question] : `${checks.length} KMS keys`]),
  ) as AnalyzeResult['summary'];
  return {
    errors: sum((c) => c.errors),
    warnings: sum((c) => c.warnings),
    infos: sum((c) => c.infos),
    problems: checks.flatMap((c) => c.problems),
    lockout: checks.some((c) => c.lockout),
    summary,
    keys: checks,
  };
}
