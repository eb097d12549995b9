/**
 * Policy → CompiledPolicy, once per document version. Everything a request evaluation needs is prepared here:
 * lower-cased action globs, principal patterns, parsed CIDRs/dates/ARNs/numbers, value templates. Per action,
 * `plan()` keeps the statements whose Action/NotAction covers it and marks which condition keys the action
 * cannot carry (absent, per SEMANTICS §3 "Simulator rule"); plans are memoised on the compiled object.
 */
import type { Policy, PolicyDocument, Statement } from '../parse/model';
import { parsePolicy } from '../parse/parsePolicy';
import { compileCondition, type CompiledCondition } from './conditions/match';
import { readOperator } from '../catalog';
import { compileGlob, type Glob } from './conditions/values';
import { compileTemplate, type ValueTemplate } from './conditions/variables';
import { canonicalAction, expandActions, keySupported, knownActions } from './knowledge';
import { patternOf, type PrincipalPattern } from './principals';
import { memoByObject, memoByText, TextCache } from '../memo';

/** A compiled Resource/NotResource entry: `*`, or an ARN template matched part by part. */
export interface ResourcePattern {
  readonly source: string;
  readonly any: boolean;
  readonly template: ValueTemplate;
}

/** One compiled statement. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  /** `Allow` or `Deny`; anything else makes the statement inert. */
  readonly effect: string;
  /** Why the statement can never apply, when it cannot (reported, never thrown). */
  readonly inert?: string;
  /** `principal` (Principal), `not-principal` (NotPrincipal) or `none` (identity policies have no Principal). */
  readonly principalMode: 'principal' | 'not-principal' | 'none';
  readonly principals: readonly PrincipalPattern[];
  /** The principal strings as written, aligned with `principals`. */
  readonly principalTexts: readonly string[];
  readonly actionNegated: boolean;
  readonly actions: readonly ActionGlob[];
  readonly resourceNegated: boolean;
  readonly resources: readonly ResourcePattern[];
  readonly conditions: readonly CompiledCondition[];
  /** The known kms actions (lower case) its Action or NotAction patterns list, computed once. */
  readonly listedActions: ReadonlySet<string>;
  /** The known kms actions (lower case) it covers: those listed in Action, or all but those in NotAction. */
  readonly coveredActions: ReadonlySet<string>;
  /** Explanation pieces prepared once, so evaluating a request allocates as little as possible. */
  readonly explain: StatementExplainParts;
  /** The source statement (for spans in lint findings). */
  readonly source?: Statement;
}

/** How a statement's principal element names a caller: directly, through the caller's account, or not. */
export type PrincipalVia = 'direct' | 'account' | 'none';

/** A principal verdict with its explanation text. */
export interface PrincipalHit {
  readonly via: PrincipalVia;
  readonly matched: boolean;
  readonly detail: string;
}

/** Pre-built explanation pieces of a statement. */
export interface StatementExplainParts {
  /** Per principal entry: the verdict when that entry names the caller. */
  readonly entryHits: readonly PrincipalHit[];
  /** No entry names the caller (or NotPrincipal excludes it). */
  readonly miss: PrincipalHit;
  /** NotPrincipal does not exclude the caller; identity policies (no Principal) always name the caller. */
  readonly direct: PrincipalHit;
  /** Resource verdict when a Resource entry is "*". */
  readonly anyResource: { readonly matched: boolean; readonly detail: string };
}

/** A statement as it stands for one action. */
export interface PlannedStatement {
  readonly statement: CompiledStatement;
  /** Whether Action/NotAction covers the action. */
  readonly actionMatched: boolean;
  /** The action verdict as the explanation shows it (the pattern that matched, or why none did). */
  readonly actionVerdict: { readonly matched: boolean; readonly detail: string };
  /** Per condition: false when the action never carries the key, so the key is absent. */
  readonly keyPresent: readonly boolean[];
}

/**
 * A planned statement. Plans are built for every statement × action a question touches, but only an
 * explained evaluation reads the verdict's words: they are written on first read and kept.
 */
class Planned implements PlannedStatement {
  private verdict: { readonly matched: boolean; readonly detail: string } | undefined;

  constructor(
    readonly statement: CompiledStatement,
    readonly actionMatched: boolean,
    /** The action (lower case), for finding the pattern that covers it when the words are read. */
    private readonly action: string,
    private readonly covers: (g: ActionGlob, action: string) => boolean,
    readonly keyPresent: readonly boolean[],
  ) {}

  get actionVerdict(): { readonly matched: boolean; readonly detail: string } {
    if (!this.verdict) {
      const hit = this.statement.actions.find((g) => this.covers(g, this.action));
      this.verdict = { matched: this.actionMatched, detail: actionDetail(this.statement, hit) };
    }
    return this.verdict;
  }
}

function actionDetail(st: CompiledStatement, hit: Glob | undefined): string {
  if (st.actionNegated) return hit ? `NotAction lists ${hit.source}` : 'not listed in NotAction';
  if (hit) return `matches ${hit.source}`;
  return st.actions.length === 0 ? 'no action listed' : `not in ${st.actions.map((g) => g.source).join(', ')}`;
}

/** The statements relevant to one action. */
export interface ActionPlan {
  /** The action, lower case with its prefix. */
  readonly action: string;
  /** Every statement, in order, with its action verdict. */
  readonly all: readonly PlannedStatement[];
  /** The statements whose action matched and that are not inert. */
  readonly live: readonly PlannedStatement[];
}

/** A policy compiled for evaluation. */
export interface CompiledPolicy {
  /** `key` for a key policy; `identity` for an IAM identity policy (no Principal element). */
  readonly kind: 'key' | 'identity';
  /** True when the Version enables policy variables (2012-10-17). */
  readonly variables: boolean;
  readonly statements: readonly CompiledStatement[];
  /** The statements for an action (memoised). */
  plan(action: string): ActionPlan;
  /** A per-policy memo (bounded, per namespace) for facts derived while evaluating: callers, actions, keys. */
  memo<T>(namespace: string, key: string, compute: () => T): T;
  /** A value memoised before, or undefined (lets hot paths skip creating the compute closure). */
  cached<T>(namespace: string, key: string): T | undefined;
  /** A value kept for this policy and its sub-policies (`subPolicy`): work that is the same for both (who-can's). */
  shared<T>(key: string, create: () => T): T;
}

/** Options for `compile`. */
export interface CompileOptions {
  /** Default `key`. */
  readonly kind?: 'key' | 'identity';
}

/** Compiles a policy from text, a parsed document or a policy model. Never throws; odd statements are inert. */
export function compile(input: string | PolicyDocument | Policy, options: CompileOptions = {}): CompiledPolicy {
  const policy: Policy | undefined = typeof input === 'string' ? parsePolicy(input).policy : 'text' in input ? input.policy : input;
  const kind = options.kind ?? 'key';
  const variables = policy?.version?.value === '2012-10-17';
  return fromStatements(
    (policy?.statements ?? []).map((s) => compileStatement(s, kind, variables)),
    kind,
    variables,
  );
}

/**
 * A policy model compiled once, however often and by whom it is asked for: the lint rules, the lenses and the
 * who-can requests of one document version share it (compiling depends on the policy alone).
 */
export const compiledOf: (policy: Policy) => CompiledPolicy = memoByObject((policy: Policy) => compile(policy));

/**
 * A compiled policy made of some statements of another (they keep their indexes): the lint rules ask
 * "what would this statement do with only the Denies beside it" this way, reusing the compiled statements.
 */
export function subPolicy(from: CompiledPolicy, statements: readonly CompiledStatement[]): CompiledPolicy {
  // A few statements of a few dozen: a scan is cheaper than a set of them.
  if (!statements.every((st) => from.statements.includes(st))) return fromStatements(statements, from.kind, from.variables);
  // Every statement comes from `from`: its plans (and their catalog lookups) are reused, filtered.
  const keep = new Set(statements);
  const derive = (action: string): ActionPlan => {
    const p = from.plan(action);
    return { action: p.action, all: p.all.filter((x) => keep.has(x.statement)), live: p.live.filter((x) => keep.has(x.statement)) };
  };
  return fromStatements(statements, from.kind, from.variables, derive, from.shared);
}

/**
 * The known kms actions (lower case) an Action pattern covers. Known actions are matched through the catalog
 * (service and action globbed separately, as IAM reads them).
 */
function patternSet(source: string): ReadonlySet<string> {
  return new Set(expandActions([source]).map((a) => a.toLowerCase()));
}

/** A compiled Action/NotAction pattern: its case-insensitive glob and the known actions it covers. */
export interface ActionGlob extends Glob {
  readonly covers: ReadonlySet<string>;
}

/** One lookup per pattern text for both, shared by every statement and policy (they depend on the text alone). */
const actionGlob = memoByText((source: string): ActionGlob => {
  const glob = compileGlob(source, true);
  return Object.freeze({ source: glob.source, test: glob.test, covers: patternSet(source) });
});

/** True when a pattern covers a known action (lower case): through the catalog, read when compiling. */
const coversKnown = (g: ActionGlob, action: string): boolean => g.covers.has(action);
/** True when a pattern covers an action the catalog does not know: by the glob itself. */
const coversUnknown = (g: ActionGlob, action: string): boolean => g.test(action);

function fromStatements(
  statements: readonly CompiledStatement[],
  kind: 'key' | 'identity',
  variables: boolean,
  derivePlan?: (action: string) => ActionPlan,
  shared?: CompiledPolicy['shared'],
): CompiledPolicy {
  const plans = new Map<string, ActionPlan>();
  const memos = new Map<string, Map<string, unknown>>();
  const values = new Map<string, unknown>();
  return {
    kind,
    variables,
    statements,
    shared: shared ?? (<T>(key: string, create: () => T): T => (values.has(key) ? values.get(key) : values.set(key, create()).get(key)) as T),
    memo<T>(namespace: string, key: string, compute: () => T): T {
      let space = memos.get(namespace);
      if (!space) memos.set(namespace, (space = new Map()));
      let v = space.get(key) as T | undefined;
      if (v === undefined && !space.has(key)) {
        v = compute();
        if (space.size >= 1024) space.clear();
        space.set(key, v);
      }
      return v as T;
    },
    cached<T>(namespace: string, key: string): T | undefined {
      return memos.get(namespace)?.get(key) as T | undefined;
    },
    plan(action: string): ActionPlan {
      const known = plans.get(action);
      if (known) return known;
      const lower = normaliseAction(action).toLowerCase();
      let p = plans.get(lower);
      if (!p) {
        const known = canonicalAction(lower) !== undefined;
        p = derivePlan
          ? derivePlan(lower)
          : known
            ? buildPlan(statements, lower, coversKnown, (st) => st.listedActions.has(lower))
            : buildPlan(statements, lower, coversUnknown, (st) => st.actions.some((g) => g.test(lower)));
        plans.set(lower, p);
      }
      return p;
    },
  };
}

/** `Decrypt` → `kms:Decrypt`; an action with a prefix is left as written. */
export function normaliseAction(action: string): string {
  const t = action.trim();
  return t.includes(':') ? t : `kms:${t}`;
}

/**
 * The known actions a list of patterns covers together. The same lists recur (the console's key-administrator
 * and key-user lists), so the union is kept by the list's patterns, one per line (a pattern holding a line
 * break is left out of the cache: it could read as two).
 */
function listedBy(actions: readonly ActionGlob[]): ReadonlySet<string> {
  const sources = actions.map((g) => g.source);
  const key = sources.some((t) => t.includes('\n')) ? undefined : sources.join('\n');
  const known = key === undefined ? undefined : UNIONS.get(key);
  if (known) return known;
  const union = new Set<string>();
  for (const g of actions) for (const a of g.covers) union.add(a);
  return key === undefined ? union : UNIONS.set(key, union);
}

const UNIONS = new TextCache<ReadonlySet<string>>(1024, 4096);

/** `"Resource": "*"`, written in nearly every statement: compiled once (no variables in it either way). */
const ANY_RESOURCE: ResourcePattern = Object.freeze({ source: '*', any: true, template: compileTemplate('*', false) });

function compileStatement(s: Statement, kind: 'key' | 'identity', variables: boolean): CompiledStatement {
  const effect = s.effect?.value ?? '';
  let inert: string | undefined;
  if (!s.isObject) inert = 'the statement is not a JSON object';
  else if (effect !== 'Allow' && effect !== 'Deny') inert = s.effect ? `Effect "${effect}" is neither Allow nor Deny` : 'the statement has no Effect';
  else if (!s.action && !s.notAction) inert = 'the statement has no Action or NotAction';
  else if (s.action && s.notAction) inert = 'the statement has both Action and NotAction';
  else if (!s.resource && !s.notResource) inert = 'the statement has no Resource or NotResource';
  else if (s.resource && s.notResource) inert = 'the statement has both Resource and NotResource';
  else if (kind === 'key' && !s.principal && !s.notPrincipal) inert = 'the statement has no Principal or NotPrincipal';
  else if (s.principal && s.notPrincipal) inert = 'the statement has both Principal and NotPrincipal';

  const block = s.principal ?? s.notPrincipal;
  const principalMode = kind === 'identity' && !block ? 'none' : s.notPrincipal ? 'not-principal' : 'principal';
  const principals = (block?.entries ?? []).map((e) => patternOf(e.ref));
  const principalTexts = (block?.entries ?? []).map((e) => e.value);
  const actionList = s.action ?? s.notAction;
  const resourceList = s.resource ?? s.notResource;
  const conditions: CompiledCondition[] = [];
  for (const clause of s.condition?.clauses ?? []) {
    const op = readOperator(clause.operator.value);
    for (const entry of clause.keys)
      conditions.push(
        compileCondition(
          op,
          entry.key.value,
          entry.values.map((v) => v.value),
          variables,
        ),
      );
  }
  if (!inert && s.condition && s.condition.node.type !== 'object') inert = 'the Condition is not an object';
  const resources = (resourceList?.items ?? []).map((r) =>
    r.value === '*' ? ANY_RESOURCE : { source: r.value, any: false, template: compileTemplate(r.value, variables) },
  );
  return new Compiled(
    s.index,
    s.sid?.value,
    effect,
    inert,
    principalMode,
    principals,
    principalTexts,
    !!s.notAction,
    (actionList?.items ?? []).map((a) => actionGlob(a.value)),
    !!s.notResource,
    resources,
    conditions,
    s,
  );
}

/**
 * A compiled statement: one shape for every statement (an absent Sid or inert reason is undefined), and the
 * explanation words written only when an explained evaluation first reads them (lint rules never do). A
 * class, not an object literal with a getter: V8 allocates a literal's accessor pair in the old generation,
 * and from there it kept every linted document alive until a full garbage collection.
 */
class Compiled implements CompiledStatement {
  private parts: StatementExplainParts | undefined;
  private listed: ReadonlySet<string> | undefined;
  private covered: ReadonlySet<string> | undefined;

  constructor(
    readonly index: number,
    readonly sid: string | undefined,
    readonly effect: string,
    readonly inert: string | undefined,
    readonly principalMode: CompiledStatement['principalMode'],
    readonly principals: readonly PrincipalPattern[],
    readonly principalTexts: readonly string[],
    readonly actionNegated: boolean,
    readonly actions: readonly ActionGlob[],
    readonly resourceNegated: boolean,
    readonly resources: readonly ResourcePattern[],
    readonly conditions: readonly CompiledCondition[],
    readonly source: Statement,
  ) {}

  get listedActions(): ReadonlySet<string> {
    if (!this.listed) {
      // One pattern: the shared set of its text.
      if (this.actions.length === 1) this.listed = (this.actions[0] as ActionGlob).covers;
      else this.listed = listedBy(this.actions);
    }
    return this.listed;
  }

  get coveredActions(): ReadonlySet<string> {
    if (!this.covered) {
      const listed = this.listedActions;
      this.covered = this.actionNegated
        ? new Set(
            knownActions()
              .map((a) => a.toLowerCase())
              .filter((a) => !listed.has(a)),
          )
        : listed;
    }
    return this.covered;
  }

  get explain(): StatementExplainParts {
    return (this.parts ??= explainParts(this.principals, this.principalTexts, this.principalMode, this.resourceNegated));
  }
}

function explainParts(
  principals: readonly PrincipalPattern[],
  principalTexts: readonly string[],
  principalMode: CompiledStatement['principalMode'],
  notResource: boolean,
): StatementExplainParts {
  const notPrincipal = principalMode === 'not-principal';
  return {
    entryHits: principals.map((p, i) =>
      p.kind === 'account'
        ? { via: 'account', matched: true, detail: `matches the caller's account ${principalTexts[i]}` }
        : { via: 'direct', matched: true, detail: `matches ${principalTexts[i]}` },
    ),
    miss: notPrincipal
      ? { via: 'none', matched: false, detail: 'excluded by NotPrincipal' }
      : {
          via: 'none',
          matched: false,
          detail: principals.length === 0 ? 'no principal listed' : `caller not in ${principalTexts.join(', ')}`,
        },
    direct:
      principalMode === 'none'
        ? { via: 'direct', matched: true, detail: 'identity policy (the caller)' }
        : { via: 'direct', matched: true, detail: 'not excluded by NotPrincipal' },
    anyResource: resourceNegatedAny(notResource),
  };
}

function resourceNegatedAny(negated: boolean): { matched: boolean; detail: string } {
  return negated ? { matched: false, detail: 'NotResource lists *' } : { matched: true, detail: '"*" (this key)' };
}

const NO_CONDITIONS: readonly boolean[] = Object.freeze([]);

function buildPlan(
  statements: readonly CompiledStatement[],
  action: string,
  covers: (g: ActionGlob, action: string) => boolean,
  lists: (st: CompiledStatement) => boolean,
): ActionPlan {
  const all: PlannedStatement[] = [];
  const live: PlannedStatement[] = [];
  const supported = new Map<string, boolean>();
  const carries = (key: string): boolean => {
    let v = supported.get(key);
    if (v === undefined) supported.set(key, (v = keySupported(action, key)));
    return v;
  };
  for (const st of statements) {
    const actionMatched = st.actionNegated !== lists(st);
    const keyPresent = st.conditions.length === 0 ? NO_CONDITIONS : st.conditions.map((c) => carries(c.keyLower));
    const planned = new Planned(st, actionMatched, action, covers, keyPresent);
    all.push(planned);
    if (actionMatched && !st.inert) live.push(planned);
  }
  return { action, all, live };
}
