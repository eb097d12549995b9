/**
 * The simulator's public data: what a request says, what a decision explains, what a grant is. Everything here
 * is plain, serialisable data; the compiled forms live in compile.ts.
 */
import type { ContextValue } from './conditions/values';
import type { KeyState } from '../catalog';

export type { ContextValue } from './conditions/values';
/** Key states: the catalog's one list (KMS DescribeKey `KeyState`). */
export type { KeyState } from '../catalog';

/** A grant on the key (KMS CreateGrant / ListGrants). Listed grants are treated as in force. */
export interface Grant {
  /** The grantee: an account id or root ARN, a user, role, assumed-role or federated-user ARN. */
  readonly grantee: string;
  /** The grant operations, with or without the `kms:` prefix (`Decrypt`, `kms:Encrypt`). */
  readonly operations: readonly string[];
  /** Encryption-context constraints. */
  readonly constraints?: {
    readonly encryptionContextEquals?: Readonly<Record<string, string>>;
    readonly encryptionContextSubset?: Readonly<Record<string, string>>;
  };
  /** The principal that may retire the grant. */
  readonly retiringPrincipal?: string;
  /** A label for explanations (grant id or name). */
  readonly name?: string;
}

/** An identity (IAM) policy of the caller: JSON text or a value compiled by `compile(…, { kind: 'identity' })`. */
export type IdentityPolicyInput = string | import('./compile').CompiledPolicy;

/** One request to simulate. */
export interface SimulationRequest {
  /**
   * Who calls: an IAM user or role ARN, an assumed-role session ARN, a federated-user ARN, an account root ARN or
   * 12-digit id (the root user), a service principal such as `logs.amazonaws.com`, or `*` (anonymous).
   */
  readonly principal: string;
  /** The action, `kms:Decrypt` or `Decrypt`. */
  readonly action: string;
  /** The key's account (otherwise from the key ARN or the simulator's options). */
  readonly keyAccount?: string;
  /** The key's Region. */
  readonly region?: string;
  /** The partition; default `aws`. */
  readonly partition?: string;
  /** The key id or key ARN. */
  readonly key?: string;
  /** Request context keys (case-insensitive names). Values given here override derived ones. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The request's encryption context; sets kms:EncryptionContext:<k> and kms:EncryptionContextKeys. */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** The caller's identity policies, evaluated by the same engine. */
  readonly identityPolicies?: readonly IdentityPolicyInput[];
  /** The caller's permissions boundary (IAM users and roles): identity allows count only where it allows too. */
  readonly permissionsBoundary?: IdentityPolicyInput;
  /** The SCPs of the caller's account by level of its OU path (root, OUs, account): each level must allow. */
  readonly serviceControlPolicies?: readonly (readonly IdentityPolicyInput[])[];
  /** The RCPs of the key's account by level (text is compiled as a policy with Principal): each level must allow. */
  readonly resourceControlPolicies?: readonly (readonly IdentityPolicyInput[])[];
  /** Instead of identity policies: whether the caller's own IAM policies allow the action on the key. */
  readonly iamAllows?: boolean;
  /** Grants on the key. */
  readonly grants?: readonly Grant[];
  /** The key state; default Enabled. */
  readonly keyState?: KeyState;
  /** The key spec (`SYMMETRIC_DEFAULT`, `RSA_2048`…); sets kms:KeySpec. */
  readonly keySpec?: string;
  /** The key usage; sets kms:KeyUsage. */
  readonly keyUsage?: string;
  /** The request time (ISO 8601 or epoch seconds); sets aws:CurrentTime and aws:EpochTime. */
  readonly time?: string;
}

/** Why a request was allowed or denied. */
export type DecisionReason =
  /** A Deny statement in the key policy or an identity policy matched. */
  | 'explicit-deny'
  /** A key-policy statement allowed the caller directly (plus the caller's IAM when cross-account). */
  | 'key-policy'
  /** The key policy allows the caller's account and the caller's IAM policies allow the action. */
  | 'iam-delegation'
  /** A grant allowed it. */
  | 'grant'
  /** Nothing allowed it. */
  | 'implicit-deny'
  /** The caller's IAM policies allow it, but the key policy does not allow the caller's account, so IAM counts for nothing. */
  | 'no-delegation'
  /** The key policy delegates to the caller's account, but the caller's IAM policies do not allow the action. */
  | 'iam-missing'
  /** The key policy allows a caller from another account, but that account's IAM policies do not. */
  | 'cross-account-iam-missing'
  /** The action cannot be used from another account, whatever the policies say. */
  | 'not-cross-account'
  /** The policies allow it, but the key's state refuses the operation. */
  | 'key-state'
  /** KMS requires signed requests; an anonymous caller is never allowed. */
  | 'anonymous'
  /** The action is not authorised by a key policy (IAM-only actions, RetireGrant). */
  | 'not-key-policy-action'
  /** A level of the organization's SCPs or RCPs allows nothing for the request. */
  | 'guardrail'
  /** The key policy names the role directly, but the role's permissions boundary does not allow the action. */
  | 'boundary';

/** How one condition fared. */
export interface ConditionExplanation {
  /** The operator as written. */
  readonly operator: string;
  /** The key as written. */
  readonly key: string;
  /** The policy values. */
  readonly values: readonly string[];
  /** The request's values for the key; null when absent. */
  readonly requestValues: readonly string[] | null;
  readonly matched: boolean;
  /** Why the case is special (key not supported by the action, undocumented case, unresolved variable). */
  readonly note?: string;
}

/** How one statement fared against the request. */
export interface StatementExplanation {
  /** Which policy: `key-policy`, or `identity:<n>` for the n-th identity policy. */
  readonly policy: string;
  /** Position in the policy's Statement list. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  /** True when the statement applied to the request (every part below matched). */
  readonly applies: boolean;
  /** `via`: how the statement names the caller (directly, through its account, or not at all). */
  readonly principal: { readonly via: 'direct' | 'account' | 'none'; readonly matched: boolean; readonly detail: string };
  readonly action: { readonly matched: boolean; readonly detail: string };
  readonly resource: { readonly matched: boolean; readonly detail: string };
  readonly conditions: readonly ConditionExplanation[];
  /** Why the statement can never apply (no Action, invalid Effect…), when that is so. */
  readonly inert?: string;
}

/** How one grant fared. */
export interface GrantExplanation {
  readonly grant: string;
  readonly applies: boolean;
  readonly detail: string;
}

/** The simulator's answer for one request. */
export interface Decision {
  readonly decision: 'allow' | 'deny';
  readonly reason: DecisionReason;
  /** One sentence a person can read. */
  readonly summary: string;
  /** The action, canonical (`kms:Decrypt`). */
  readonly action: string;
  /** The caller, described. */
  readonly caller: string;
  /** Key-policy statements, then identity-policy statements. */
  readonly statements: readonly StatementExplanation[];
  /** Grants considered. */
  readonly grants: readonly GrantExplanation[];
  /** The identity-policy verdict, when identity policies or `iamAllows` were given. */
  readonly iam: 'allow' | 'deny' | 'none' | 'not-given';
  /** The key state and whether it blocks the action. */
  readonly keyState: { readonly state: KeyState; readonly blocks: boolean };
  /** Context values the simulator derived from the request (lower-case key → values). */
  readonly derivedContext: Readonly<Record<string, readonly string[]>>;
  /** Things the reader should know: undocumented cases met, assumptions made. */
  readonly caveats: readonly string[];
}

/** Bad input to the simulator (an unreadable principal, several values for a single-valued key…). */
export class SimulationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationInputError';
  }
}
