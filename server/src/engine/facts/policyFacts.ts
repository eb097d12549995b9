/**
 * What a whole policy means, for one lint: the key's facts (given or inferred), the facts of each statement,
 * and the policy-wide walks several rules share (every action item, every condition test, every principal
 * element, every policy variable). Created per lint; each field is computed on first read. Statement facts
 * live on the parsed statements (factsOf), so two lints of one document share them.
 */
import type { Policy, PolicyDocument, Statement } from '../parse/model';
import type { PolicyContext } from '../settings';
import type { ActionItem } from './actions';
import type { ConditionTest } from './conditions';
import { isAwsManagedPolicy } from './awsManaged';
import { readPolicyAccount, type AccountAssumption, type AccountReading } from './account';
import { readPrincipalSites, type PrincipalSite } from './principalSites';
import { factsOf, type StatementFacts } from './statementFacts';
import { readVariableSites, type VariableSite } from './variables';

/** The facts of one policy document. */
export class PolicyFacts {
  private reading?: AccountReading;
  private statementFacts?: readonly StatementFacts[];
  private items?: readonly ActionItem[];
  private sites?: readonly ConditionTest[];
  private principals?: readonly PrincipalSite[];
  private variables?: readonly VariableSite[];
  private managed?: boolean;

  constructor(
    /** The parsed document. */
    readonly doc: PolicyDocument,
    /** The policy model. */
    readonly policy: Policy,
    /** The key's facts the caller gave. */
    readonly context: PolicyContext,
  ) {}

  /** The key's account: from the caller's context or key ARN, or inferred from the policy. */
  get account(): string | undefined {
    return this.accountReading.account;
  }

  /**
   * Set when the policy gives several accounts administrator rights and the key's was taken to be the one its
   * root-delegation statement names: rules that judge other accounts say so.
   */
  get accountAssumption(): AccountAssumption | undefined {
    return this.accountReading.assumed;
  }

  private get accountReading(): AccountReading {
    return (this.reading ??= readPolicyAccount(this.policy, this.context));
  }

  /** The facts of each statement, in order. */
  get statements(): readonly StatementFacts[] {
    return (this.statementFacts ??= this.policy.statements.map(factsOf));
  }

  /** The facts of one statement of this policy. */
  of(statement: Statement): StatementFacts {
    return factsOf(statement);
  }

  /** Every Action and NotAction item of the policy, in statement and source order. */
  get actionItems(): readonly ActionItem[] {
    return (this.items ??= this.statements.flatMap((s) => s.actionItems));
  }

  /** Every condition key of every statement, in document order, whatever its operator. */
  get conditions(): readonly ConditionTest[] {
    return (this.sites ??= this.statements.flatMap((s) => s.conditions));
  }

  /** Every Principal and NotPrincipal element, in statement order. */
  get principalSites(): readonly PrincipalSite[] {
    return (this.principals ??= readPrincipalSites(this.policy));
  }

  /**
   * True when this is an AWS managed key's policy (Id `auto-…`, or the aws/<service> shape: see awsManaged.ts).
   * AWS maintains it and nobody can change it, so the lockout rules have nothing to say.
   */
  get awsManaged(): boolean {
    return (this.managed ??= isAwsManagedPolicy(this.policy));
  }

  /** The strings that hold a policy variable or a malformed `${…}`. */
  get variableSites(): readonly VariableSite[] {
    return (this.variables ??= readVariableSites(this.doc, this.policy));
  }
}

/** The facts of a document's policy for one lint with the caller's key facts. */
export function policyFactsOf(doc: PolicyDocument, policy: Policy, context: PolicyContext): PolicyFacts {
  return new PolicyFacts(doc, policy, context);
}
