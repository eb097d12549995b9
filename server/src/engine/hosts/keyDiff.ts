/**
 * What changes in who-can terms between two versions of a file, key by key: the gate `kms-policy diff` runs on a
 * pull request (offline, in the spirit of IAM Access Analyzer's check-no-new-access and check-no-public-access).
 * Keys are matched by logical id or resource address (a plain key policy is one key); per question (decrypt,
 * administer, create grants) features/whoCanDiff says which principal classes gain, lose or change their access,
 * and this adds what: the actions each can perform and the conditions under which. New access is a class that
 * gains a question, an action, or a way in (a set of conditions it did not have, or an "unless" it lost); the
 * head version is also checked for public access (KP600), lockout (KP601) and errors. Claims the file's open
 * values would decide are withheld, as everywhere else.
 */
import { QUESTIONS, type Question } from '../features/codeLens';
import { whoCanDiff } from '../features/whoCanDiff';
import { classLabel } from '../features/whoCanReport';
import type { PolicyDocument } from '../parse/model';
import { parsePolicy } from '../parse/parsePolicy';
import type { Finding } from '../rules/types';
import type { NamedAnalysisResult, PrincipalClass, WhoCanOptions } from '../simulate';
import { describeResidual, type ConditionJson } from '../simulate/residual/describe';
import type { HostKey, KeyReport } from './hostKeys';

/** What the diff asks of the policy service. */
export interface DiffService {
  keys(doc: PolicyDocument): HostKey[];
  keyReport(key: HostKey, question: Question, options?: WhoCanOptions): KeyReport | undefined;
  questionReport(
    doc: PolicyDocument,
    question: Question,
    options?: WhoCanOptions,
  ): { readonly result: NamedAnalysisResult; readonly summary: string; readonly markdown: string };
  lint(doc: PolicyDocument): {
    readonly findings: readonly Finding[];
    readonly keys?: readonly { readonly key: { readonly resource: { readonly id: string } }; readonly findings: readonly Finding[] }[];
  };
}

/** One principal class whose access changes for a question. */
export interface ClassChange {
  /** Who, in the file's words. */
  readonly who: string;
  readonly kind: string;
  /** The question's actions it can perform (after; before for a class that loses access). */
  readonly actions: readonly string[];
  /** Actions it gains or loses (for a changed class). */
  readonly gainedActions: readonly string[];
  readonly lostActions: readonly string[];
  /** The conditions under which it can, one line per alternative ("always" when unconditional). */
  readonly conditions: readonly string[];
  /** The conditions before, for a changed class. */
  readonly before?: readonly string[];
  /** True when this is new access: a new class, a new action, or a new way in. */
  readonly newAccess: boolean;
  /** True when the class reaches the question only by escalation (for decrypt: by changing the policy or granting itself). */
  readonly byEscalation: boolean;
}

/** One question's changes for a key. */
export interface QuestionChange {
  readonly question: Question;
  readonly gained: readonly ClassChange[];
  readonly lost: readonly ClassChange[];
  readonly changed: readonly ClassChange[];
}

/** One key's changes. */
export interface KeyChange {
  readonly id: string;
  readonly type: string;
  /** added / removed: the key is only in one version; open: a policy left open in either. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged' | 'open';
  readonly questions: readonly QuestionChange[];
  /** In the head version: public access (KP600), lockout (KP601), error findings. */
  readonly publicAccess: boolean;
  readonly lockout: boolean;
  readonly errors: number;
  /** Values the head version leaves open. */
  readonly openValues: readonly string[];
}

/** A key of one version, ready to be asked the questions. */
interface Side {
  readonly id: string;
  readonly type: string;
  readonly doc?: PolicyDocument;
  readonly options: WhoCanOptions;
  readonly findings: readonly Finding[];
  readonly relabel: (text: string) => string;
  readonly key?: HostKey;
  readonly openValues: readonly string[];
  readonly open: boolean;
}

/** The keys of a version (a plain key policy is the one key "policy"). */
function sides(service: DiffService, doc: PolicyDocument | undefined): Map<string, Side> {
  const out = new Map<string, Side>();
  if (!doc) return out;
  const lint = service.lint(doc);
  const keys = service.keys(doc);
  if (keys.length === 0 && doc.policy) {
    out.set('policy', {
      id: 'policy',
      type: 'key policy',
      doc,
      options: {},
      findings: lint.findings,
      relabel: (t) => t,
      openValues: [],
      open: false,
    });
    return out;
  }
  for (const k of keys) {
    const findings = lint.keys?.find((x) => x.key.resource.id === k.id)?.findings ?? [];
    out.set(k.id, {
      id: k.id,
      type: k.type,
      ...(k.policy ? { doc: k.policy } : {}),
      options: k.options,
      findings,
      relabel: k.relabel,
      key: k,
      openValues: k.openValues,
      open: k.origin === 'open',
    });
  }
  return out;
}

function conditionText(c: ConditionJson): string {
  return `${c.key} ${c.operator} ${c.values.join(' | ')}`;
}

/** A class's ways in, one line each, and its "unless" lines. */
function ways(c: PrincipalClass): { any: string[]; unless: string[] } {
  if (c.decision === 'allow') return { any: ['always'], unless: [] };
  const d = describeResidual(c.residual);
  return {
    any: d.any.map((x) => (x.length === 0 ? 'always' : x.map(conditionText).join(' and '))),
    unless: d.unless.map((x) => x.map(conditionText).join(' and ')),
  };
}

/** The classes able to answer a question, by label (escalation merged in, as whoCanDiff counts them). */
function able(result: NamedAnalysisResult | undefined): Map<string, PrincipalClass> {
  const out = new Map<string, PrincipalClass>();
  for (const c of [...(result?.direct.classes ?? []), ...(result?.escalation ?? [])])
    if (c.decision !== 'denied' && !out.has(classLabel(c))) out.set(classLabel(c), c);
  return out;
}

/** True when a class is in the answer only through escalation. */
function escalated(result: NamedAnalysisResult | undefined, c: PrincipalClass): boolean {
  return !(result?.direct.classes ?? []).includes(c);
}

function describeConditions(c: PrincipalClass, relabel: (t: string) => string): string[] {
  const w = ways(c);
  return [...w.any, ...w.unless.map((u) => `unless ${u}`)].map(relabel);
}

/** The changes of one key between two versions. */
function keyChange(service: DiffService, before: Side | undefined, after: Side | undefined): KeyChange {
  const side = (after ?? before) as Side;
  const status = !before ? 'added' : !after ? 'removed' : before.open || after.open ? 'open' : 'changed';
  const reports = new Map<string, { readonly result: NamedAnalysisResult } | undefined>();
  const report = (s: Side | undefined, q: Question): NamedAnalysisResult | undefined => {
    if (!s?.doc) return undefined;
    const k = `${s === before ? 'b' : 'a'}:${q}`;
    if (!reports.has(k)) reports.set(k, s.key ? service.keyReport(s.key, q) : service.questionReport(s.doc, q, s.options));
    return reports.get(k)?.result;
  };
  // A version without the key (or the key's policy) is a document with no policy: nobody can anything.
  const beforeDoc = before?.doc ?? parsePolicy('');
  const afterDoc = after?.doc ?? parsePolicy('');
  const answers = {
    questionReport: (doc: PolicyDocument, q: Question) => ({
      result: report(doc === beforeDoc ? before : after, q) ?? noAnswer(),
      summary: '',
      markdown: '',
    }),
  };
  const diff = status === 'open' ? undefined : whoCanDiff(answers, beforeDoc, afterDoc);
  const questions = QUESTIONS.map((q): QuestionChange => {
    const change = diff?.changes.find((c) => c.question === q.question);
    const rb = report(before, q.question);
    const ra = report(after, q.question);
    const b = able(rb);
    const a = able(ra);
    const relabelA = after?.relabel ?? ((t: string) => t);
    const relabelB = before?.relabel ?? ((t: string) => t);
    const gained = (change?.gained ?? []).map((label): ClassChange => {
      const c = a.get(label)!;
      return {
        who: relabelA(label),
        kind: c.kind,
        actions: c.actions,
        gainedActions: c.actions,
        lostActions: [],
        conditions: describeConditions(c, relabelA),
        newAccess: true,
        byEscalation: escalated(ra, c),
      };
    });
    const lost = (change?.lost ?? []).map((label): ClassChange => {
      const c = b.get(label)!;
      return {
        who: relabelB(label),
        kind: c.kind,
        actions: c.actions,
        gainedActions: [],
        lostActions: c.actions,
        conditions: describeConditions(c, relabelB),
        newAccess: false,
        byEscalation: escalated(rb, c),
      };
    });
    const changed = (change?.changed ?? []).map((label): ClassChange => {
      const ca = a.get(label)!;
      const cb = b.get(label)!;
      const gainedActions = ca.actions.filter((x) => !cb.actions.includes(x));
      const lostActions = cb.actions.filter((x) => !ca.actions.includes(x));
      const wa = ways(ca);
      const wb = ways(cb);
      const newWay = wa.any.some((x) => !wb.any.includes(x) && !wb.any.includes('always')) || wb.unless.some((x) => !wa.unless.includes(x));
      return {
        who: relabelA(label),
        kind: ca.kind,
        actions: ca.actions,
        gainedActions,
        lostActions,
        conditions: describeConditions(ca, relabelA),
        before: describeConditions(cb, relabelB),
        newAccess: gainedActions.length > 0 || newWay,
        byEscalation: escalated(ra, ca),
      };
    });
    return { question: q.question, gained, lost, changed };
  });
  const any = questions.some((q) => q.gained.length + q.lost.length + q.changed.length > 0);
  const head = after;
  const has = (code: string): boolean => !!head?.findings.some((f) => f.code === code);
  return {
    id: side.id,
    type: side.type,
    status: status === 'changed' && !any ? 'unchanged' : status,
    questions,
    publicAccess: has('KP600'),
    lockout: has('KP601'),
    errors: head?.findings.filter((f) => f.severity === 'error').length ?? 0,
    openValues: head?.openValues ?? [],
  };
}

/** An answer with nobody in it (a version without the key). */
function noAnswer(): NamedAnalysisResult {
  const direct = { actions: [], key: {}, classes: [], blockedByKeyState: [], caveats: [] } as unknown as NamedAnalysisResult['direct'];
  return { name: 'decrypt', title: '', direct, escalation: [] };
}

/** The changes of every key between two versions of a file (either may be absent: a new or deleted file). */
export function diffVersions(service: DiffService, before: PolicyDocument | undefined, after: PolicyDocument | undefined): KeyChange[] {
  const b = sides(service, before);
  const a = sides(service, after);
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  return ids.map((id) => keyChange(service, b.get(id), a.get(id)));
}
