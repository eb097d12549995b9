/**
 * Linting a host document: each key's policy is linted as the JSON it is written out as, with the key facts
 * the file fixes, and every finding that holds for the template (openValues.ts) is led back to the host file:
 * its range through the source map, its words relabelled, its quick fixes kept when they are plain value edits.
 */
import type { EmbeddedDocument, EmbeddedPolicy, HostDocument } from '../parse/host/hostModel';
import { lintDocument, type LintResult, type RuleFailure } from '../lint';
import type { Finding, Fix, Rule } from '../rules/types';
import type { PolicyContext, PolicySettings } from '../settings';
import { hostFix } from './hostSyntax';
import { OpenIndex } from './openValues';
import { relabelFor, type Relabel } from './relabel';

/** One key's lint. */
export interface KeyLint {
  readonly key: EmbeddedPolicy;
  /** The policy as linted (undefined when the file leaves it open). */
  readonly embedded?: EmbeddedDocument;
  readonly open?: OpenIndex;
  readonly relabel: Relabel;
  /** The findings that hold, in the policy's own JSON offsets (for hover on the policy). */
  readonly jsonFindings: readonly Finding[];
  /** The same findings in host offsets. */
  readonly findings: readonly Finding[];
}

/** A host document's lint: the findings in host offsets, and each key's. */
export interface HostLintResult extends LintResult {
  readonly keys: readonly KeyLint[];
}

/** One key's policy, its open values and its words, for the caller's key facts. */
export function keyView(doc: HostDocument, key: EmbeddedPolicy, context: PolicyContext): Pick<KeyLint, 'embedded' | 'open' | 'relabel'> {
  const embedded = key.document(context);
  if (!embedded) return { relabel: (t) => t };
  return { embedded, open: new OpenIndex(embedded), relabel: relabelFor(doc.host, embedded) };
}

/** A finding in host offsets (its fixes kept only as plain value edits). */
function toHost(
  f: Finding,
  view: Required<Pick<KeyLint, 'embedded' | 'open' | 'relabel'>>,
  syntax: Parameters<typeof hostFix>[2],
  raw: boolean,
  file?: string,
): Finding {
  const { embedded, open, relabel } = view;
  const r = embedded.map.hostRange(f.at.offset, f.at.length);
  const out: { -readonly [K in keyof Finding]: Finding[K] } = {
    at: { offset: r.start, length: r.end - r.start, pointer: f.at.pointer },
    message: file ? `In ${file}: ${relabel(f.message)}` : relabel(f.message),
    code: f.code,
    name: f.name,
    severity: f.severity,
  };
  const fixes = (f.fixes ?? []).flatMap((x): Fix[] => {
    const h = file ? undefined : hostFix(x, embedded, syntax, open, raw);
    return h ? [{ ...h, title: relabel(h.title) }] : [];
  });
  if (fixes.length > 0) out.fixes = fixes;
  if (f.related) {
    out.related = f.related.map((x) => {
      const rr = embedded.map.hostRange(x.offset, x.length);
      return { offset: rr.start, length: rr.end - rr.start, pointer: x.pointer, message: relabel(x.message) };
    });
  }
  if (f.unnecessary) out.unnecessary = true;
  return out;
}

/** Every key of a host document with its policy written out, without linting (outline, lenses, completion). */
export function hostViews(doc: HostDocument, context: PolicyContext): HostLintResult {
  const keys = doc.host.keys.map((key): KeyLint => ({ key, ...keyView(doc, key, context), jsonFindings: [], findings: [] }));
  return { findings: [], failures: [], facts: undefined, keys };
}

/** True when a lint result is a host document's. */
export function isHostLint(lint: LintResult | undefined): lint is HostLintResult {
  return lint !== undefined && Array.isArray((lint as Partial<HostLintResult>).keys);
}

/**
 * Each key policy's lint, by the policy's text, key facts and rule settings (the most recent LINT_MEMO_SIZE per rule
 * pack): typing in one resource of a template leaves the other keys' policies as they were, and their lint is not
 * run again. The findings are in the policy's own offsets, so they hold for any template the same text sits in.
 * Only the findings and failures are kept, not the facts: those hold the parsed policy and all that was derived from
 * it, which the memo would keep alive long after the document went (linting a thousand templates, the collector
 * moved three times as much to the old generation).
 */
const lintMemo = new WeakMap<readonly Rule[], Map<string, Pick<LintResult, 'findings' | 'failures'>>>();
const LINT_MEMO_SIZE = 64;

function lintEmbedded(embedded: EmbeddedDocument, rules: readonly Rule[], settings: PolicySettings): Pick<LintResult, 'findings' | 'failures'> {
  let byText = lintMemo.get(rules);
  if (!byText) lintMemo.set(rules, (byText = new Map()));
  const key = `${JSON.stringify(settings.rules ?? null)}\u0000${JSON.stringify(embedded.context)}\u0000${embedded.doc.text}`;
  let result = byText.get(key);
  if (result) byText.delete(key);
  else {
    const { findings, failures } = lintDocument(embedded.doc, rules, { ...settings, context: embedded.context });
    result = { findings, failures };
  }
  byText.set(key, result);
  if (byText.size > LINT_MEMO_SIZE) byText.delete(byText.keys().next().value as string);
  return result;
}

/** Lints every key of a host document. The default key policy (no policy written) is not linted. */
export function lintHost(doc: HostDocument, rules: readonly Rule[], settings: PolicySettings): HostLintResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const keys: KeyLint[] = [];
  for (const key of doc.host.keys) {
    const view = keyView(doc, key, settings.context ?? {});
    const { embedded, open } = view;
    if (!embedded || !open || embedded.isDefault || key.origin.kind !== 'value') {
      keys.push({ key, ...view, jsonFindings: [], findings: [] });
      continue;
    }
    const result = lintEmbedded(embedded, rules, settings);
    const kept = result.findings.filter((f) => open.keeps(f));
    failures.push(...result.failures.map((x) => ({ ...x, error: `${key.resource.id}: ${x.error}` })));
    const syntax = key.origin.syntax;
    const raw = key.origin.value.kind === 'jsonText';
    const hostFindings = kept.map((f) =>
      toHost(f, { embedded, open, relabel: view.relabel }, syntax, raw, key.origin.kind === 'value' ? key.origin.file : undefined),
    );
    findings.push(...hostFindings);
    keys.push({ key, ...view, jsonFindings: kept, findings: hostFindings });
  }
  findings.sort((a, b) => a.at.offset - b.at.offset || a.code.localeCompare(b.code));
  return { findings, failures, facts: undefined, keys };
}
