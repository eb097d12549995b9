/**
 * whoCanNamed(policy, actions, options) → the named who-can answer (answer.ts): every user and role of the
 * supplied accounts, per action, allowed / conditional / denied, following AWS's evaluation logic
 * (SEMANTICS §2): key policy (direct grants, delegation to the account), identity policies, permission
 * boundaries, SCPs and RCPs, explicit denies anywhere, cross-account both sides, supplied grants; role chains
 * to the roles that can act; and rows for the services, accounts and everyone the key policy admits beyond
 * the supplied data, so nothing the unnamed answer shows is lost.
 */
import type { CompiledPolicy, WhoCanOptions } from '../simulate';
import type { NamedWhoCanAnswer } from './answer';
import type { IamData, OrgData } from './model';

/** What a named who-can question knows besides the key policy. */
export interface NamedWhoCanOptions extends WhoCanOptions {
  /** The accounts' authorization details. */
  readonly iam: IamData;
  /** SCPs and RCPs by account; undefined = not supplied. */
  readonly org?: OrgData;
  /** The key's tags (aws:ResourceTag/*); undefined = unknown (such conditions stay residual). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The key's aliases (alias/name) for kms:ResourceAliases; undefined = unknown. */
  readonly aliases?: readonly string[];
  /** The longest role chain followed (default 3). */
  readonly maxChainDepth?: number;
}

/** Answers who can perform the actions (names or globs) on the key, by name. */
export function whoCanNamed(policy: CompiledPolicy, actions: readonly string[], options: NamedWhoCanOptions): NamedWhoCanAnswer {
  void policy;
  return {
    actions: [...actions],
    key: options.key ?? '',
    accounts: [...options.iam.accounts.keys()],
    principals: [],
    counts: {},
    notSupplied: [],
    caveats: ['The named analysis is not built yet: no principal was evaluated.'],
  };
}
