/**
 * How a statement that allows a service principal is scoped, for KP310 and KP311: by a confused-deputy key
 * (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths, as Access Analyzer recommends), by
 * an encryption-context ARN that names an account (the CloudTrail and CloudWatch Logs pattern), by some weaker
 * test, or not at all.
 */
import { isPinning, type ConditionTest } from './conditions';
import type { StatementFacts } from './statementFacts';

/** The confused-deputy keys Access Analyzer recommends for service principals. */
export const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];
const SOURCE_SET = new Set(SOURCE_KEYS.map((k) => k.toLowerCase()));
const ACCOUNT_IN_ARN = /^arn:[^:]+:[^:]+:[^:]*:\d{12}:/;

/**
 * How the statement's conditions scope the calling service. `lax` lists the tests of a confused-deputy key
 * written so that they also hold when the key is absent (`…IfExists`, `ForAllValues:`): they look like a pin
 * but are not one.
 */
export type ServiceScope = { kind: 'pinned' } | { kind: 'weak'; keys: string[]; lax: readonly ConditionTest[] } | { kind: 'none' };

/** Reads the statement's conditions. Only positive tests without IfExists pin anything. */
export function readServiceScope(facts: StatementFacts): ServiceScope {
  const weak: string[] = [];
  const lax: ConditionTest[] = [];
  for (const test of facts.conditions) {
    const { operator: op, entry, key: k } = test;
    if (!op.known || op.family === 'Null') continue;
    const key = entry.key.value;
    const positive = !op.negated && entry.values.length > 0;
    if (!positive) continue;
    const strict = !op.ifExists && op.qualifier !== 'ForAllValues';
    if (strict && SOURCE_SET.has(k)) return { kind: 'pinned' };
    if (SOURCE_SET.has(k)) lax.push(test);
    if (strict && k.startsWith('kms:encryptioncontext:') && entry.values.every((v) => typeof v.value === 'string' && ACCOUNT_IN_ARN.test(v.value))) {
      return { kind: 'pinned' };
    }
    if (!weak.includes(key)) weak.push(key);
  }
  return weak.length > 0 ? { kind: 'weak', keys: weak, lax } : { kind: 'none' };
}

/** True when every kms action the statement allows is a Read or List action (DescribeKey, GetPublicKey…). */
export function onlyReadActions(facts: StatementFacts): boolean {
  const actions = facts.covered;
  return actions !== undefined && actions.every((a) => a.accessLevels.every((l) => l === 'Read' || l === 'List'));
}

/**
 * Keys about the caller's organization and tags, which a service principal's own calls never carry (IAM global
 * condition keys reference: aws:PrincipalOrgID and aws:PrincipalOrgPaths are present only when the principal is
 * an account member of an organization, aws:PrincipalTag/<k> only for IAM users and roles; SEMANTICS §4.2).
 */
const IDENTITY_KEYS = ['aws:principalorgid', 'aws:principalorgpaths'];
const IDENTITY_PREFIXES = ['aws:principaltag/'];

/**
 * The positive test that makes an Allow to service principals only never match: one on a key a service
 * principal never carries (an organization or principal-tag key). Undefined when there is none, or when the
 * statement also names other principals.
 */
export function serviceIdentityTest(facts: StatementFacts): ConditionTest | undefined {
  const entries = facts.allowed;
  if (entries.length === 0 || !entries.every((e) => e.ref.kind === 'service')) return undefined;
  return facts.tests.find(
    (t) => (IDENTITY_KEYS.includes(t.key) || IDENTITY_PREFIXES.some((p) => t.key.startsWith(p) && t.key.length > p.length)) && isPinning(t),
  );
}
