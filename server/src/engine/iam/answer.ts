/**
 * The named who-can answer: the key policy joined with the account's IAM (identity policies, permission
 * boundaries, SCPs/RCPs, role chains). Plain JSON, so the same object goes over the wire (kmsKeyPolicy/whoCanNamed),
 * out of the CLI (`who-can --iam … --format json`) and into the client's matrix view.
 *
 * This file is the contract between the engine that computes the answer and everything that shows it: change it
 * only together with both sides.
 */
import type { ConditionJson } from '../simulate/residual/describe';

/** Where a deciding statement lives. */
export type PolicySourceKind = 'key-policy' | 'identity' | 'boundary' | 'scp' | 'rcp' | 'trust' | 'grant';

/** A statement (or grant) that decides a cell of the matrix. */
export interface DecidingStatement {
  readonly source: PolicySourceKind;
  /** The policy's name or ARN ("key policy", "arn:aws:iam::111122223333:policy/KmsUse", "p-abc123", a grant id). */
  readonly policy: string;
  /** 0-based statement index in that policy (absent for a grant). */
  readonly index?: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
}

/** When a conditional cell holds: any of `any` (each a conjunction), unless one of `unless`. */
export interface ResidualJson {
  readonly any: readonly (readonly ConditionJson[])[];
  readonly unless: readonly (readonly ConditionJson[])[];
  /** Set when the conditions were too complex to list within the work budget (the cell is still conditional). */
  readonly tooComplex?: boolean;
}

/** One principal × action cell. */
export interface NamedCell {
  readonly action: string;
  /** allowed: always; conditional: when `residual` holds; denied: never (an explicit Deny, or nothing allows it). */
  readonly decision: 'allowed' | 'conditional' | 'denied';
  readonly residual?: ResidualJson;
  /** How the principal gets there: its own rights, or only by assuming roles (see `chains`). */
  readonly via: 'direct' | 'chain';
  /** The statements that decide the cell, across every policy type. */
  readonly decidedBy: readonly DecidingStatement[];
  /** One sentence for people: "denied by SCP p-abc123 statement DenyKms", "needs kms:ViaService = s3.us-east-1…". */
  readonly reason: string;
}

/** A role chain: the principal assumes roles in order and the last one can act. */
export interface RoleChain {
  /** ARNs, starting at the principal and ending at the role that holds the right. */
  readonly path: readonly string[];
  /** The actions the last role can perform on the key (allowed or conditional). */
  readonly actions: readonly string[];
  /** True when a trust policy or an sts:AssumeRole allow on the path is itself conditional. */
  readonly conditional: boolean;
}

/** One named principal (or a group of principals the data cannot name, such as another account). */
export interface NamedPrincipal {
  /** The principal's ARN, an account id, a service principal or "*". */
  readonly arn: string;
  /** The account the principal belongs to (absent for services and everyone). */
  readonly account?: string;
  readonly kind: 'user' | 'role' | 'root' | 'service' | 'account' | 'everyone';
  /** Short name: the user or role name, the service principal, the account id. */
  readonly name: string;
  /** IAM path ("/", "/service-role/"), when known. */
  readonly path?: string;
  /** One cell per analysed action, in the answer's action order. */
  readonly cells: readonly NamedCell[];
  /** Role chains that reach an action this principal cannot perform directly (shortest first). */
  readonly chains: readonly RoleChain[];
}

/** The answer to "who can … this key, by name?". */
export interface NamedWhoCanAnswer {
  /** The analysed actions (canonical names), the matrix's columns. */
  readonly actions: readonly string[];
  /** The key's ARN as the analysis saw it (may contain placeholders when unknown). */
  readonly key: string;
  /** The accounts whose IAM data was supplied. */
  readonly accounts: readonly string[];
  /** Every principal the data names, plus rows for accounts, services and everyone that the key policy admits. */
  readonly principals: readonly NamedPrincipal[];
  /** Per action: how many principals are allowed, conditional and denied. */
  readonly counts: Readonly<Record<string, { readonly allowed: number; readonly conditional: number; readonly denied: number }>>;
  /** What was not supplied and so not evaluated: "SCPs not supplied", "IAM data of account 444455556666 not supplied". */
  readonly notSupplied: readonly string[];
  /** Other limits of the answer (chain depth reached, key state, grants). */
  readonly caveats: readonly string[];
}
