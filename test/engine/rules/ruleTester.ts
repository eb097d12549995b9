/**
 * Rule tests as tables, after typescript-eslint's RuleTester: a rule (found by code through the engine's
 * public surface) gets `valid` texts it must not report and `invalid` texts with exactly the findings it
 * must report, in order: where (the exact reported text, optionally its line and column or JSON pointer),
 * what (the message, exact or a pattern), how severe, which fixes, and the text a fix produces. Positions are
 * checked through the reported text, never by counting offsets. Every fix of a case whose text is JSON must
 * leave JSON, and every output must be JSON. Every case is its own node:test test.
 *
 *   ruleTester('KP204', {
 *     valid: [[allow('*', 'kms:Get*')]],
 *     invalid: [{ text: [allow('*', 'kms:Foo*')], errors: [{ at: '"kms:Foo*"', message: /matches no KMS action/ }] }],
 *   });
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  createPolicyService,
  findRule,
  type Finding,
  type Fix,
  type PolicyContext,
  type PolicySettings,
  type Rule,
  type Severity,
} from '../../../server/src/engine/index';

/** A policy text, or the statements of one (written out by `policyText`). */
export type Source = string | readonly unknown[];

/** A text the rule must not report (and must not throw on). */
export interface ValidCase {
  /** The test's name; a trimmed text when absent. */
  readonly name?: string;
  readonly text: Source;
  readonly settings?: PolicySettings;
  /** The key's facts (shorthand for `settings.context`; replaces the table's `context`). */
  readonly context?: PolicyContext;
}

/** One fix a finding offers. */
export interface ExpectedFix {
  readonly title: string;
  /** Whether the fix is the preferred one; false when absent. */
  readonly preferred?: boolean;
  /** The whole text after applying this fix alone. */
  readonly output?: string;
}

/** One finding an invalid case expects, in the order the rule reports them. */
export interface ExpectedFinding {
  /** The exact text the finding spans. */
  readonly at: string;
  /** 1-based line and column of the finding's start, where the text alone is ambiguous. */
  readonly line?: number;
  readonly column?: number;
  /** The finding's JSON pointer. */
  readonly pointer?: string;
  /** The exact message, or a pattern it must match. */
  readonly message: string | RegExp;
  /** The finding's severity; the rule's default severity when absent. */
  readonly severity?: Severity;
  /** The fixes by title (a plain title is a fix that is not preferred), in order; `[]` for none. Unchecked when absent. */
  readonly fixes?: readonly (string | ExpectedFix)[];
  /** The whole text after applying this finding's preferred (else first) fix alone. */
  readonly output?: string;
  /** The related spans by their exact text (or text and pointer), in order. Unchecked when absent. */
  readonly related?: readonly (string | { readonly at: string; readonly pointer: string })[];
  /** Whether the finding marks code that has no effect; false when absent. */
  readonly unnecessary?: boolean;
}

/** A text the rule must report, with exactly these findings. */
export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
  /** The whole text after applying every finding's preferred (else first) fix together. */
  readonly output?: string;
}

/** One rule's table. */
export interface RuleTable {
  /** The key's facts for every case that names none. */
  readonly context?: PolicyContext;
  readonly valid: readonly (Source | ValidCase)[];
  readonly invalid: readonly InvalidCase[];
}

/** Registers one test per case of `table` for the rule with this code. */
export function ruleTester(code: string, table: RuleTable): void {
  const rule = findRule(code);
  if (!rule || rule.code !== code || table.valid.length === 0 || table.invalid.length === 0) {
    test(`${code} table`, () => {
      assert.ok(rule && rule.code === code, `${code} is not the code of a rule`);
      assert.fail(`the table of ${code} needs at least one valid and one invalid case`);
    });
    return;
  }
  for (const entry of table.valid) {
    const c: ValidCase = typeof entry === 'string' || Array.isArray(entry) ? { text: entry as Source } : (entry as ValidCase);
    test(`${code} valid: ${label(c)}`, () => {
      const text = textOf(c.text);
      const found = run(rule, text, settingsOf(c, table));
      assert.deepEqual(
        found.map((f) => describe(text, f)),
        [],
        'the rule must report nothing',
      );
    });
  }
  for (const c of table.invalid) {
    test(`${code} invalid: ${label(c)}`, () => {
      assert.ok(c.errors.length > 0, 'an invalid case lists at least one finding');
      const text = textOf(c.text);
      const found = run(rule, text, settingsOf(c, table));
      assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map((f) => describe(text, f)).join('\n')}`);
      c.errors.forEach((e, i) => checkFinding(rule, text, found[i] as Finding, e, `finding ${i + 1}`));
      // A fix never breaks a text that is JSON (a text that is not may need every finding's fix; see `output`).
      if (isJson(text)) for (const f of found) for (const x of f.fixes ?? []) fixed(text, x.edits);
      if (c.output !== undefined) {
        const edits = found.flatMap((f) => chosenFix(f)?.edits ?? []);
        assert.ok(edits.length > 0, 'output is given, but no finding has a fix');
        assert.equal(fixed(text, edits), c.output, "the text after every finding's fix");
      }
    });
  }
}

/** Checks one finding against its expectation. */
function checkFinding(rule: Rule, text: string, f: Finding, e: ExpectedFinding, where: string): void {
  assert.equal(f.code, rule.code);
  assert.equal(f.name, rule.name);
  assert.equal(reported(text, f.at), e.at, `${where}: the reported text`);
  if (e.line !== undefined || e.column !== undefined) {
    const before = text.slice(0, f.at.offset).split(/\r\n|\r|\n/);
    const position = { line: before.length, column: (before[before.length - 1] as string).length + 1 };
    assert.deepEqual(position, { line: e.line ?? position.line, column: e.column ?? position.column }, `${where}: the position`);
  }
  if (e.pointer !== undefined) assert.equal(f.at.pointer, e.pointer, `${where}: the pointer`);
  if (typeof e.message === 'string') assert.equal(f.message, e.message, `${where}: the message`);
  else assert.match(f.message, e.message, `${where}: the message`);
  assert.equal(f.severity, e.severity ?? rule.severity, `${where}: the severity`);
  assert.equal(f.unnecessary ?? false, e.unnecessary ?? false, `${where}: unnecessary`);
  if (e.related) {
    const related = f.related ?? [];
    assert.deepEqual(
      related.map((r, k) => (typeof e.related?.[k] === 'object' ? { at: reported(text, r), pointer: r.pointer } : reported(text, r))),
      e.related,
      `${where}: the related spans`,
    );
  }
  if (e.fixes) {
    if (e.fixes.length === 0) assert.equal(f.fixes, undefined, `${where}: no fix`);
    const expected = e.fixes.map((x) => (typeof x === 'string' ? { title: x } : x));
    const fixes = f.fixes ?? [];
    assert.deepEqual(
      fixes.map((x) => [x.title, x.preferred ?? false]),
      expected.map((x) => [x.title, x.preferred ?? false]),
      `${where}: the fixes (title, preferred)`,
    );
    expected.forEach((x, k) => {
      if (x.output !== undefined) assert.equal(fixed(text, (fixes[k] as Fix).edits), x.output, `${where}: the text after "${x.title}"`);
    });
  }
  if (e.output !== undefined) {
    const fix = chosenFix(f);
    assert.ok(fix, `${where}: output is given, but the finding has no fix`);
    assert.equal(fixed(text, fix.edits), e.output, `${where}: the text after "${fix.title}"`);
  }
}

/** The fix an editor would apply on its own: the preferred one, else the first. */
function chosenFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.preferred) ?? f.fixes?.[0];
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Applies edits; the result must still be JSON. */
function fixed(text: string, edits: Fix['edits']): string {
  const out = applyEdits(text, edits);
  assert.doesNotThrow(() => JSON.parse(out), `a fix must leave JSON:\n${out}`);
  return out;
}

function settingsOf(c: ValidCase, table: RuleTable): PolicySettings {
  const context = c.context ?? c.settings?.context ?? table.context;
  return { ...c.settings, ...(context ? { context } : {}) };
}

function run(rule: Rule, text: string, settings: PolicySettings): Finding[] {
  const service = createPolicyService(settings, [rule]);
  const result = service.lint(service.parse(text));
  assert.deepEqual(result.failures, [], 'the rule must not throw');
  return result.findings;
}

/** A finding in one line, for failure messages. */
function describe(text: string, f: Finding): string {
  return `${f.severity} at ${JSON.stringify(reported(text, f.at))} (${f.at.pointer}): ${f.message}`;
}

function textOf(source: Source): string {
  return typeof source === 'string' ? source : policyText(source);
}

/** The case's name, or its statements (or text) on one line, trimmed. */
function label(c: ValidCase): string {
  if (c.name) return c.name;
  const raw = typeof c.text === 'string' ? c.text.replace(/\s+/g, ' ') : JSON.stringify(c.text);
  return raw.length > 100 ? `${raw.slice(0, 99)}…` : raw;
}

// ---- Helpers for tables and for the tests kept beside them ----

/** A policy text with the given statements, pretty-printed like a console policy. */
export function policyText(statements: readonly unknown[], version = '2012-10-17'): string {
  return JSON.stringify({ Version: version, Statement: statements }, null, 2);
}

/** An Allow statement for the given principal, actions and condition (Resource "*"). */
export function allow(principal: unknown, action: string | string[], condition?: unknown): Record<string, unknown> {
  return { Effect: 'Allow', Principal: principal, Action: action, Resource: '*', ...(condition ? { Condition: condition } : {}) };
}

/** A Deny statement for the given principal, actions and condition (Resource "*"). */
export function deny(principal: unknown, action: string | string[], condition?: unknown): Record<string, unknown> {
  return { Effect: 'Deny', Principal: principal, Action: action, Resource: '*', ...(condition ? { Condition: condition } : {}) };
}

/** `text` with its one occurrence of `from` replaced by `to` (for writing a fix's output). */
export function swap(text: string, from: string, to: string): string {
  const parts = text.split(from);
  assert.equal(parts.length, 2, `${JSON.stringify(from)} occurs ${parts.length - 1} times in the text, not once`);
  return parts.join(to);
}

/** How `policyText` writes `value` when it stands `depth` levels deep (a statement is at depth 2). */
export function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** The findings of the rule with this code on `text` (the rule must not throw). */
export function lint(code: string, text: string, settings: PolicySettings = {}): Finding[] {
  const rule = findRule(code);
  assert.ok(rule, `no rule ${code}`);
  return run(rule, text, settings);
}

/** The exact text a span covers. */
export function reported(text: string, span: { readonly offset: number; readonly length: number }): string {
  return text.slice(span.offset, span.offset + span.length);
}
