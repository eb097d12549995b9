/**
 * What one statement means, computed lazily and at most once per parsed statement: the Action and NotAction
 * items with their catalog facts, the kms actions it grants and covers, its condition tests on the catalog's
 * operator model, and what it lets its principals hand on through grants. Rules, the lockout and activity
 * code read these fields instead of walking the statement again; this object is the only place statement
 * facts are cached (it lives exactly as long as the parsed statement: see `factsOf`).
 */
import type { Located, PrincipalEntry, Statement } from '../parse/model';
import type { ActionInfo } from '../catalog';
import { memoByObject } from '../memo';
import { CREATE_GRANT, PUT_KEY_POLICY, coveredBy, grantedBy, isCryptoUse, readActionItems, type ActionItem } from './actions';
import { readConditionTests, type ConditionTest } from './conditions';
import { readGrantLimits, type GrantLimits } from './grants';
import { impossibleTest, type ImpossibleTest } from './impossible';
import { allowPrincipals } from './principals';
import { onlyReadActions, readServiceScope, type ServiceScope } from './services';

const NONE: readonly ConditionTest[] = Object.freeze([]);
const NO_IMPOSSIBLE: readonly ImpossibleTest[] = Object.freeze([]);

/** The facts of one statement. Every field is computed on first read. */
export class StatementFacts {
  private items?: readonly ActionItem[];
  private grantedList?: readonly ActionInfo[];
  private names?: ReadonlySet<string>;
  private coveredList?: readonly ActionInfo[] | null;
  private sites?: readonly ConditionTest[];
  private valid?: readonly ConditionTest[];
  private limits?: GrantLimits;
  private scope?: ServiceScope;
  private readOnly?: boolean;
  private impossible?: readonly ImpossibleTest[];

  constructor(
    /** The statement these facts describe. */
    readonly statement: Statement,
  ) {}

  /** Every Action and NotAction item, in source order, with what each means. */
  get actionItems(): readonly ActionItem[] {
    return (this.items ??= readActionItems(this.statement));
  }

  /** The kms actions its Action element matches, each once, as catalog records (NotAction grants none here). */
  get granted(): readonly ActionInfo[] {
    return (this.grantedList ??= grantedBy(this.actionItems));
  }

  /** The names (without prefix) of the kms actions its Action element matches. */
  get grantedNames(): ReadonlySet<string> {
    return (this.names ??= new Set(this.granted.map((a) => a.name)));
  }

  /**
   * The kms actions it covers: what Action matches, or every catalog action NotAction leaves out; undefined
   * when it has neither or covers no known kms action.
   */
  get covered(): readonly ActionInfo[] | undefined {
    if (this.coveredList === undefined) this.coveredList = coveredBy(this.statement, this.granted, this.actionItems) ?? null;
    return this.coveredList ?? undefined;
  }

  /** The principals an Allow names in its Principal element (none for a Deny, a NotPrincipal or a non-statement). */
  get allowed(): readonly PrincipalEntry[] {
    return allowPrincipals(this.statement);
  }

  /** Every condition key under every operator, whatever the operator (unknown ones included). */
  get conditions(): readonly ConditionTest[] {
    return (this.sites ??= this.statement.condition ? readConditionTests(this.statement) : NONE);
  }

  /** The condition tests under valid operators: what the statement really tests (invalid operators are the operator rules' business). */
  get tests(): readonly ConditionTest[] {
    return (this.valid ??= this.conditions.length === 0 ? NONE : this.conditions.filter((t) => t.operator.valid));
  }

  /** The valid tests of one key (any case), or of every key with this prefix when `prefix` is set. */
  testsOf(key: string, prefix = false): readonly ConditionTest[] {
    const tests = this.tests;
    if (tests.length === 0) return NONE;
    const k = key.toLowerCase();
    const out = tests.filter((t) => (prefix ? t.key.startsWith(k) : t.key === k));
    return out.length === 0 ? NONE : out;
  }

  /** True when it can rewrite the key policy (PutKeyPolicy through any pattern). */
  get grantsPutKeyPolicy(): boolean {
    return this.grantedNames.has(PUT_KEY_POLICY);
  }

  /** True when it can create grants (CreateGrant through any pattern). */
  get grantsCreateGrant(): boolean {
    return this.grantedNames.has(CREATE_GRANT);
  }

  /** True when it grants any cryptographic use of the key (Encrypt, Decrypt, Sign…). */
  get grantsCryptoUse(): boolean {
    return this.granted.some(isCryptoUse);
  }

  /** The first Action item that matches the action (a name without prefix), for anchoring a finding. */
  itemFor(action: string): Located<string> | undefined {
    return this.itemWhere((a) => a.name === action);
  }

  /** The first Action item that matches an action satisfying `test`. */
  itemWhere(test: (a: ActionInfo) => boolean): Located<string> | undefined {
    return this.actionItems.find((i) => i.element === 'Action' && i.facts.matched.some(test))?.item;
  }

  /** The kms actions its Action element matches that satisfy `test`. */
  grantedWhere(test: (a: ActionInfo) => boolean): ActionInfo[] {
    return this.granted.filter(test);
  }

  /** What its conditions say about the grants its principals may create. */
  get grantLimits(): GrantLimits {
    return (this.limits ??= readGrantLimits(this));
  }

  /** How its conditions scope a calling service (the confused-deputy keys). */
  get serviceScope(): ServiceScope {
    return (this.scope ??= readServiceScope(this));
  }

  /**
   * The condition tests that can never be true (an empty value list under a positive operator, a test a fixed
   * key fails, such as `Bool aws:SecureTransport false`): see impossible.ts.
   */
  get impossibleTests(): readonly ImpossibleTest[] {
    if (this.impossible === undefined) {
      const found = this.tests.length === 0 ? [] : this.tests.map(impossibleTest).filter((x) => x !== undefined);
      this.impossible = found.length === 0 ? NO_IMPOSSIBLE : found;
    }
    return this.impossible;
  }

  /**
   * False when some condition test can never be true, so the statement never matches a request: an Allow then
   * grants nothing (the rules about what a statement grants ask this first), a Deny protects nothing.
   */
  get canMatch(): boolean {
    return this.impossibleTests.length === 0;
  }

  /** True when every kms action it covers is a Read or List action (DescribeKey, GetPublicKey…). */
  get onlyReadActions(): boolean {
    return (this.readOnly ??= onlyReadActions(this));
  }
}

/** The facts of a statement, built on first use and kept on the parsed statement (see memoByObject). */
export const factsOf: (statement: Statement) => StatementFacts = memoByObject((statement: Statement) => new StatementFacts(statement));
