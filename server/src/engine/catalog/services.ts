/**
 * The AWS service prefixes (generated/servicePrefixes.ts, from the data package's services list): whether the
 * part before the colon of an action names a real service, and "did you mean" for one that does not. IAM
 * matches actions ignoring case (SEMANTICS §3 "Case sensitivity"), so prefixes are compared in lower case.
 */
import { KMS_PREFIX } from './actions';
import { deepFreeze } from './freeze';
import { SERVICE_PREFIXES as GENERATED } from './generated/servicePrefixes';
import { suggest } from './suggest';

const SERVICE_PREFIXES: readonly string[] = deepFreeze(GENERATED);
const KNOWN: ReadonlySet<string> = new Set(SERVICE_PREFIXES);

/** Suggestion candidates with `kms` first, so a tie between `kms` and another service favours the only service a key policy governs. */
const CANDIDATES: readonly string[] = Object.freeze([KMS_PREFIX, ...SERVICE_PREFIXES.filter((s) => s !== KMS_PREFIX)]);

/** Every AWS service prefix, sorted. */
export function allServicePrefixes(): readonly string[] {
  return SERVICE_PREFIXES;
}

/** Whether `prefix` (any case, without the colon) is an AWS service prefix: `kms`, `S3`, `access-analyzer`. */
export function isKnownService(prefix: string): boolean {
  return KNOWN.has(prefix.toLowerCase());
}

/**
 * Up to three real service prefixes near an unknown one, nearest first, in lower case: `ksm` → `kms`…,
 * `s4` → `s3`…. Ties favour `kms`. Empty for a known prefix and when nothing is near.
 */
export function suggestServices(prefix: string): string[] {
  if (isKnownService(prefix)) return [];
  return suggest(prefix.toLowerCase(), CANDIDATES);
}
