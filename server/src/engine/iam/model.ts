/**
 * The accounts' IAM data as the named who-can reads it: principals with the policies that decide for them
 * (inline, attached managed, their groups'), their permission boundaries, tags and trust policies, and the
 * organization's SCPs and RCPs by account. Policy documents are kept as JSON text and compiled on first use:
 * an account of thousands of roles mostly holds policies that never mention KMS or STS.
 */
import { memoByText } from '../memo';
import { compile, type CompiledPolicy } from '../simulate';

/** One input file, by name (shown in every error about it) and text: the protocol's IamFileJson. */
export interface IamFile {
  readonly name: string;
  readonly text: string;
}

/** One policy a principal holds, by the name the answer shows. */
export interface PolicyRef {
  /** Where it came from: an inline policy name ("Role/Deploy inline KmsUse") or a managed policy ARN. */
  readonly name: string;
  /** The compiled document; undefined when the document was not supplied (an AWS managed policy left out). */
  readonly compiled: (() => CompiledPolicy) | undefined;
  /**
   * False when no statement can cover the action (lower case), read from the document's Action lists without
   * compiling it: most policies of an account never mention KMS or STS.
   */
  readonly mayCover?: (action: string) => boolean;
}

/** A user or a role of a supplied account. */
export interface IamPrincipal {
  readonly arn: string;
  readonly account: string;
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly path: string;
  /** Identity policies: its own inline and managed ones, then its groups' (users). */
  readonly identity: readonly PolicyRef[];
  /** Its permissions boundary, when it has one. */
  readonly boundary?: PolicyRef;
  /** Its tags (aws:PrincipalTag for users; a role's sessions may override them with session tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** A role's trust policy (AssumeRolePolicyDocument), compiled as a resource policy. */
  readonly trust?: PolicyRef;
}

/** One supplied account's IAM data. */
export interface IamAccount {
  readonly account: string;
  /** The file it was read from (named in caveats). */
  readonly file: string;
  readonly principals: readonly IamPrincipal[];
  /** Managed policy ARNs referenced but whose documents the file does not hold. */
  readonly missingPolicies: readonly string[];
}

/** Every supplied account's IAM data. */
export interface IamData {
  readonly accounts: ReadonlyMap<string, IamAccount>;
  /** Files that say more pages follow (IsTruncated): the accounts they hold are incomplete. */
  readonly truncated: readonly string[];
}

/** One SCP or RCP. */
export interface OrgPolicy {
  /** Its id or name ("p-abc123", "FullAWSAccess"). */
  readonly name: string;
  readonly compiled: () => CompiledPolicy;
  readonly mayCover: (action: string) => boolean;
}

/**
 * The organization's guardrails for one account: one entry per level of the OU path (root, OUs, account),
 * each the policies attached at that level. A request needs an Allow at every level (SEMANTICS §2 step 2).
 */
export interface AccountGuardrails {
  readonly scps?: readonly (readonly OrgPolicy[])[];
  readonly rcps?: readonly (readonly OrgPolicy[])[];
}

/** The supplied organization data, by account id. */
export interface OrgData {
  readonly accounts: ReadonlyMap<string, AccountGuardrails>;
  /** The files read (named in caveats). */
  readonly files: readonly string[];
}

/**
 * Whether a policy document (parsed JSON) can cover a KMS or STS action: some statement has NotAction, or an
 * Action entry that matches the action as a glob (case-insensitive). Anything unexpected may cover it. Only
 * the KMS, STS and wildcard-service patterns are kept; the answer is worked out once per action asked.
 */
export function actionFilter(doc: unknown): (action: string) => boolean {
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  const patterns: string[] = [];
  for (const st of list) {
    if (typeof st !== 'object' || st === null) continue;
    const s = st as Record<string, unknown>;
    if (s['NotAction'] !== undefined) return ANY;
    const actions = Array.isArray(s['Action']) ? s['Action'] : [s['Action']];
    for (const a of actions) {
      if (typeof a !== 'string') return ANY;
      const p = a.toLowerCase();
      // The named who-can asks KMS and STS actions only: other services' patterns are dropped here.
      const service = p.slice(0, Math.max(p.indexOf(':'), 0));
      if (service === 'kms' || service === 'sts' || /[*?]/.test(service) || !p.includes(':')) patterns.push(p);
    }
  }
  const answers = new Map<string, boolean>();
  return (action) => {
    let answer = answers.get(action);
    if (answer === undefined) {
      answer = patterns.some((p) => (p.includes('*') || p.includes('?') ? globOf(p).test(action) : p === action));
      answers.set(action, answer);
    }
    return answer;
  };
}

const ANY = (): boolean => true;
/** A lower-case action glob as a regular expression (an account's policies repeat a few dozen globs). */
const globOf = memoByText((p: string): RegExp => {
  const escaped = p.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
});

/** A lazily compiled policy: the text is compiled once, on first use. */
export function lazyPolicy(text: string, kind: 'key' | 'identity'): () => CompiledPolicy {
  let compiled: CompiledPolicy | undefined;
  return () => (compiled ??= compile(text, { kind }));
}
