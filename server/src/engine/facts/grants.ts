/**
 * What an Allow statement's conditions say about the grants its principals may create: the part of "what the
 * statement can grant" that CreateGrant hands on (KP504, KP505, KP510 read it as StatementFacts.grantLimits).
 */
import { findAction } from '../catalog';
import { hasCapability } from './actions';
import { isPinning, requiresTrue, stringValues } from './conditions';
import type { StatementFacts } from './statementFacts';

/** The limits a statement puts on CreateGrant. */
export interface GrantLimits {
  /** `kms:GrantIsForAWSResource` must be true: only an integrated service may create the grant. */
  readonly forAwsResource: boolean;
  /** The call must come through an AWS service (a positive kms:ViaService test, or aws:ViaAWSService true). */
  readonly throughService: boolean;
  /** Some positive test on kms:GrantOperations. */
  readonly operationsTested: boolean;
  /**
   * The grant's operations are confined to these (a `ForAllValues` test without IfExists); undefined when
   * nothing confines them.
   */
  readonly operations?: readonly string[];
  /** Some positive test on kms:GranteePrincipal or kms:GranteeServicePrincipal. */
  readonly granteeTested: boolean;
  /** The grantee is pinned to listed principals (an exact, non-IfExists test without wildcards). */
  readonly granteePinned: boolean;
}

const GRANTEE_KEYS = ['kms:GranteePrincipal', 'kms:GranteeServicePrincipal'];

/** Reads the CreateGrant limits of a statement. */
export function readGrantLimits(facts: StatementFacts): GrantLimits {
  const ops = facts.testsOf('kms:GrantOperations').filter((t) => !t.negated && t.base !== 'Null');
  const confining = ops.filter((t) => t.qualifier === 'ForAllValues' && !t.ifExists && !t.wildcards && t.entry.values.length > 0);
  const grantee = GRANTEE_KEYS.flatMap((k) => facts.testsOf(k)).filter((t) => !t.negated && t.base !== 'Null');
  const operations = confining.length ? confining.flatMap((t) => stringValues(t.entry).map((v) => v.value)) : undefined;
  return {
    forAwsResource: requiresTrue(facts, 'kms:GrantIsForAWSResource'),
    throughService: facts.testsOf('kms:ViaService').some(isPinning) || requiresTrue(facts, 'aws:ViaAWSService'),
    operationsTested: ops.length > 0,
    ...(operations ? { operations } : {}),
    granteeTested: grantee.length > 0,
    granteePinned: grantee.some((t) => isPinning(t) && stringValues(t.entry).every((v) => !/[*?]/.test(v.value))),
  };
}

/** True when nothing limits the grants: no AWS-resource flag, no service path, no operation or grantee test. */
export function unconstrained(limits: GrantLimits): boolean {
  return !limits.forAwsResource && !limits.throughService && !limits.operationsTested && !limits.granteeTested;
}

/**
 * True when grants created under these limits can pass on decryption or new plaintext: the operations are
 * not confined, or confined to a list that names Decrypt, ReEncryptFrom, GenerateDataKey… (by the catalog's
 * capabilities) or CreateGrant (a grant that can create grants).
 */
export function canPassOnSecrets(limits: GrantLimits): boolean {
  if (!limits.operations) return true;
  return limits.operations.some((op) => {
    const a = findAction(op);
    return a !== undefined && (hasCapability(a, 'decrypt') || hasCapability(a, 'plaintext') || hasCapability(a, 'escalation'));
  });
}
