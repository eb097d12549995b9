/**
 * What the caller knows about the key and how it wants findings reported. Passed in by the server (per
 * resource) or the CLI; the engine keeps no settings of its own.
 */

/** Severity of a finding, as users configure it. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A per-code severity override; `off` disables the rule. */
export type SeverityOverride = Severity | 'off';

/** Facts about the key the policy is (or will be) attached to, when the caller knows them. */
export interface PolicyContext {
  /** The key's AWS account id (12 digits). */
  readonly account?: string;
  /** The key's Region, e.g. `us-east-1`. */
  readonly region?: string;
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`); default `aws`. */
  readonly partition?: string;
  /** The key's ARN. */
  readonly keyArn?: string;
  /** The key spec (`SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`...). */
  readonly keySpec?: string;
  /** The key usage (`ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`). */
  readonly keyUsage?: string;
}

/** Settings for one policy service. */
export interface PolicySettings {
  /** Severity overrides by rule code (`KP201`) or name (`unknown-action`). */
  readonly rules?: Readonly<Record<string, SeverityOverride>>;
  /** Default key facts when a document alone does not say. */
  readonly context?: PolicyContext;
  /** Base URL of the rule pages; the code and `.md` are appended. */
  readonly ruleDocsBaseUrl?: string;
}

/** Where rule pages live by default: the docs/rules folder of the project's repository. */
export const DEFAULT_RULE_DOCS_BASE_URL = 'https://github.com/kms-key-policy/kms-key-policy/blob/main/docs/rules/';
