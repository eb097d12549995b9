/**
 * The atoms of a residual formula. Each atom is a yes/no question about a request that the who-can analysis
 * could not answer for a whole principal class: a condition, "does this statement's principal element name
 * the caller", "does the key match this Resource" (only when it uses variables), "does the encryption context
 * meet this grant's constraints". Every atom is evaluated by the same code evaluate() uses, so a residual can
 * be checked against a concrete request exactly.
 */
import type { CompiledStatement } from '../compile';
import { evaluateCondition, type CompiledCondition } from '../conditions/match';
import type { Lookup } from '../conditions/variables';
import type { RequestContext } from '../context';
import type { KeyRef } from '../keyRef';
import { constraintsHold, type CompiledGrant } from '../grants';
import { exemptByNotPrincipal, notPrincipalMatches, patternLabel, patternMatches, type Caller, type PrincipalPattern } from '../principals';
import { resourceMatches } from '../statements';

/** A condition of a statement, as it stands for one action. */
export interface ConditionAtom {
  readonly kind: 'condition';
  readonly id: string;
  readonly condition: CompiledCondition;
  /** False when the action never carries the key (it is then absent). */
  readonly present: boolean;
}

/** "The statement's Principal (some of its entries) or NotPrincipal names the caller". */
export interface PrincipalAtom {
  readonly kind: 'principal';
  readonly id: string;
  readonly mode: 'principal' | 'not-principal';
  readonly patterns: readonly PrincipalPattern[];
  readonly labels: readonly string[];
  /** For NotPrincipal: the callers it leaves out (every identity listed), as labels. */
  readonly exempt: readonly string[];
}

/**
 * "The key matches the statement's Resource (or is not in its NotResource)": for Resources with policy
 * variables, and for those that may name the key when its ARN is unknown.
 */
export interface ResourceAtom {
  readonly kind: 'resource';
  readonly id: string;
  readonly statement: CompiledStatement;
}

/** "The request's encryption context meets the grant's constraints". */
export interface GrantAtom {
  readonly kind: 'grant';
  readonly id: string;
  readonly grant: CompiledGrant;
}

/** Any atom. */
export type Atom = ConditionAtom | PrincipalAtom | ResourceAtom | GrantAtom;

/** An atom or its negation. */
export interface Literal {
  readonly atom: Atom;
  readonly positive: boolean;
}

/** What a concrete request offers to evaluate atoms. */
export interface AtomEnv {
  readonly caller: Caller;
  readonly ctx: RequestContext;
  readonly lookup: Lookup;
  /** The key as the request knows it (its ARN, or the parts of it that are known). */
  readonly key: KeyRef;
}

/** Builds a condition atom. */
export function conditionAtom(condition: CompiledCondition, present: boolean): ConditionAtom {
  return { kind: 'condition', id: `c:${present ? '' : 'absent:'}${condition.id}`, condition, present };
}

/** Builds a principal atom over some patterns. */
export function principalAtom(mode: 'principal' | 'not-principal', patterns: readonly PrincipalPattern[], partition: string): PrincipalAtom {
  const labels = patterns.map((p) => patternLabel(p, partition));
  const exempt = mode === 'not-principal' ? exemptByNotPrincipal(patterns, partition) : [];
  return { kind: 'principal', id: `p:${mode}:${[...labels].sort().join(',')}`, mode, patterns, labels, exempt };
}

/**
 * Builds a resource atom. Statements with the same Resource (or NotResource) list share it, so an Allow and a
 * Deny written for the same ARN cancel exactly.
 */
export function resourceAtom(statement: CompiledStatement): ResourceAtom {
  const sources = statement.resources.map((r) => r.source).join(',');
  return { kind: 'resource', id: `r:${statement.resourceNegated ? 'not:' : ''}${sources}`, statement };
}

/** Evaluates an atom against a concrete request. */
export function evaluateAtom(atom: Atom, env: AtomEnv): boolean {
  switch (atom.kind) {
    case 'condition':
      return evaluateCondition(atom.condition, atom.present ? env.ctx.get(atom.condition.keyLower) : undefined, env.lookup).holds;
    case 'principal':
      return atom.mode === 'principal' ? atom.patterns.some((p) => patternMatches(p, env.caller)) : notPrincipalMatches(atom.patterns, env.caller);
    case 'resource':
      return resourceMatches(atom.statement, env.key, env.lookup).matched;
    case 'grant':
      return constraintsHold(atom.grant, env.ctx);
  }
}

/** Evaluates a literal against a concrete request. */
export function evaluateLiteral(l: Literal, env: AtomEnv): boolean {
  return evaluateAtom(l.atom, env) === l.positive;
}
