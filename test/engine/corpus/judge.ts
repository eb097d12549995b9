/**
 * The corpus of real key policies (test/fixtures/corpus/) and its hand verdicts, checked against what the
 * engine reports today: used by corpus.test.ts (the verdicts are expectations) and by `npm run corpus` (the
 * false-positive rate per severity). Every policy comes from a noted public source (SOURCES.md, manifest.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPolicyService, type Finding, type PolicyContext } from '../../../server/src/engine/index';

/** The corpus folder, from the repository root. */
export const CORPUS = path.join('test', 'fixtures', 'corpus');

/** One policy of the corpus, with the key facts its source implies. */
export interface CorpusEntry {
  readonly file: string;
  readonly account?: string;
  readonly region?: string;
  readonly keyArn?: string;
}

/** A hand verdict on one finding: `true` it must stay, `false` it must go, `arguable` either way. */
export interface Verdict {
  readonly file: string;
  readonly code: string;
  readonly pointer: string;
  readonly severity: string;
  readonly verdict: 'true' | 'false' | 'arguable';
  readonly reason: string;
}

/** A danger the engine must report on a policy (a missed one, once fixed). */
export interface Missed {
  readonly file: string;
  readonly what: string;
  readonly expectedCode?: string;
}

/** The corpus as read from disk. */
export interface Corpus {
  readonly entries: readonly CorpusEntry[];
  readonly verdicts: readonly Verdict[];
  readonly missed: readonly Missed[];
  readonly text: (file: string) => string;
}

/** Reads the corpus under `root` (the repository root). */
export function readCorpus(root: string): Corpus {
  const dir = path.join(root, CORPUS);
  const entries = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as CorpusEntry[];
  const judged = JSON.parse(readFileSync(path.join(dir, 'verdicts.json'), 'utf8')) as { verdicts: Verdict[]; missed?: Missed[] } | Verdict[];
  const verdicts = Array.isArray(judged) ? judged : judged.verdicts;
  const missed = Array.isArray(judged) ? [] : (judged.missed ?? []);
  return { entries, verdicts, missed, text: (file) => readFileSync(path.join(dir, 'policies', file), 'utf8') };
}

/** The findings of one corpus policy, linted with the key facts of its entry. */
export function lintEntry(corpus: Corpus, entry: CorpusEntry): Finding[] {
  const context: PolicyContext = {
    ...(entry.account ? { account: entry.account } : {}),
    ...(entry.region ? { region: entry.region } : {}),
    ...(entry.keyArn ? { keyArn: entry.keyArn } : {}),
  };
  const service = createPolicyService({ context });
  return service.lint(service.parse(corpus.text(entry.file))).findings;
}

/** How today's findings compare with the verdicts. */
export interface Judgement {
  /** Findings judged true that are no longer reported (a lost true positive). */
  readonly lostTrue: readonly Verdict[];
  /** Findings judged false that are still reported. */
  readonly keptFalse: readonly Verdict[];
  /** Errors and warnings nobody has judged yet. */
  readonly unjudged: readonly {
    readonly file: string;
    readonly code: string;
    readonly pointer: string;
    readonly severity: string;
    readonly message: string;
  }[];
  /** Dangers the engine must report that it does not. */
  readonly stillMissed: readonly Missed[];
  /** Per severity: findings reported, and of those judged true, false and arguable. */
  readonly bySeverity: Readonly<Record<string, { total: number; true: number; false: number; arguable: number; unjudged: number }>>;
}

const key = (file: string, code: string, pointer: string): string => `${file}\u0000${code}\u0000${pointer}`;

/** Compares the findings of every corpus policy with the verdicts. */
export function judge(corpus: Corpus): Judgement {
  const verdictByKey = new Map(corpus.verdicts.map((v) => [key(v.file, v.code, v.pointer), v]));
  const reported = new Set<string>();
  const codesByFile = new Map<string, Set<string>>();
  const unjudged: Judgement['unjudged'][number][] = [];
  const bySeverity: Record<string, { total: number; true: number; false: number; arguable: number; unjudged: number }> = {};
  for (const entry of corpus.entries) {
    const codes = new Set<string>();
    codesByFile.set(entry.file, codes);
    for (const f of lintEntry(corpus, entry)) {
      const k = key(entry.file, f.code, f.at.pointer);
      reported.add(k);
      codes.add(f.code);
      const tally = (bySeverity[f.severity] ??= { total: 0, true: 0, false: 0, arguable: 0, unjudged: 0 });
      tally.total++;
      const v = verdictByKey.get(k);
      if (v) tally[v.verdict]++;
      else {
        tally.unjudged++;
        if (f.severity === 'error' || f.severity === 'warning')
          unjudged.push({ file: entry.file, code: f.code, pointer: f.at.pointer, severity: f.severity, message: f.message });
      }
    }
  }
  return {
    lostTrue: corpus.verdicts.filter((v) => v.verdict === 'true' && !reported.has(key(v.file, v.code, v.pointer))),
    keptFalse: corpus.verdicts.filter((v) => v.verdict === 'false' && reported.has(key(v.file, v.code, v.pointer))),
    unjudged,
    stillMissed: corpus.missed.filter((m) => m.expectedCode !== undefined && !codesByFile.get(m.file)?.has(m.expectedCode)),
    bySeverity,
  };
}

/** The report `npm run corpus` prints: findings and false-positive rates per severity, then what is wrong. */
export function renderJudgement(j: Judgement, policies: number): string {
  const lines = [`Corpus: ${policies} real key policies (test/fixtures/corpus/SOURCES.md)`, ''];
  lines.push('severity   findings   true  false  arguable  unjudged   false-positive rate');
  for (const sev of ['error', 'warning', 'info', 'hint']) {
    const t = j.bySeverity[sev];
    if (!t) continue;
    const rate = t.total === 0 ? 0 : (100 * t.false) / t.total;
    lines.push(
      `${sev.padEnd(9)} ${String(t.total).padStart(9)} ${String(t.true).padStart(6)} ${String(t.false).padStart(6)} ${String(t.arguable).padStart(9)} ${String(t.unjudged).padStart(9)}   ${rate.toFixed(1)}%`,
    );
  }
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  list(
    'False positives still reported',
    j.keptFalse.map((v) => `${v.file} ${v.code} ${v.pointer}: ${v.reason}`),
  );
  list(
    'True findings no longer reported',
    j.lostTrue.map((v) => `${v.file} ${v.code} ${v.pointer}: ${v.reason}`),
  );
  list(
    'Dangers still missed',
    j.stillMissed.map((m) => `${m.file} ${m.expectedCode}: ${m.what}`),
  );
  list(
    'Errors and warnings not judged yet',
    j.unjudged.map((u) => `${u.file} ${u.code} ${u.severity} ${u.pointer}: ${u.message}`),
  );
  return lines.join('\n');
}
