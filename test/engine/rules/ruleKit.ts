/**
 * Helpers for the KP3xx/KP4xx rule tests: build policy text, lint it with one rule, read back the reported
 * text and apply fixes. Offsets are checked through the reported text, never by counting.
 */
import assert from 'node:assert/strict';
import { createPolicyService, type Finding, type PolicySettings, type Rule } from '../../../server/src/engine/index';
import { applyEdits } from '../../../server/src/engine/fixes/edits';

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

/** The findings of `rule` on `text` (throws if the rule itself failed). */
export function lint(rule: Rule, text: string, settings: PolicySettings = {}): Finding[] {
  const service = createPolicyService(settings, [rule]);
  const result = service.lint(service.parse(text));
  assert.deepEqual(result.failures, [], 'the rule must not throw');
  return result.findings;
}

/** The exact text a finding points at. */
export function reported(text: string, f: Finding): string {
  return text.slice(f.at.offset, f.at.offset + f.at.length);
}

/** Asserts exactly one finding and returns it. */
export function one(findings: readonly Finding[]): Finding {
  assert.equal(findings.length, 1, `expected one finding, got ${findings.length}: ${findings.map((f) => f.message).join(' | ')}`);
  return findings[0] as Finding;
}

/** Applies the fix titled `title` (or the first) and returns the new text, checked to still be JSON. */
export function applyFix(text: string, f: Finding, title?: string): string {
  const fix = title === undefined ? f.fixes?.[0] : f.fixes?.find((x) => x.title === title);
  assert.ok(fix, `no fix ${title ?? ''} among ${JSON.stringify(f.fixes?.map((x) => x.title) ?? [])}`);
  const out = applyEdits(text, fix.edits);
  JSON.parse(out);
  return out;
}

/** Parses a JSON text (for comparing the structure after a fix). */
export function json(text: string): unknown {
  return JSON.parse(text);
}
