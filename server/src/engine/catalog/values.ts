/**
 * The values a condition key can take, for completion and value checks: the KMS API enumerations, the
 * kms:ViaService endpoints of integrated services, and true/false for Bool keys.
 */
import { findConditionKey } from './conditionKeys';
import { KEY_ENUMS, KMS_ENUMS, VIA_SERVICES } from './kmsValues';

/** Options for {@link valuesForKey}. */
export interface ValuesOptions {
  /** The Region to build kms:ViaService values for, e.g. `us-east-1`. Without it ViaService has no values. */
  readonly region?: string;
}

const BOOL_VALUES: readonly string[] = Object.freeze(['true', 'false']);

/** kms:ViaService values for a Region: `<service>.<region>.amazonaws.com`, sorted by service. */
export function viaServiceValues(region: string): readonly string[] {
  return VIA_SERVICES.map((s) => `${s.prefix}.${region}.amazonaws.com`);
}

/**
 * The known values of a key (any case; templated keys never have any): an enumeration such as
 * `kms:EncryptionAlgorithm` → SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1…; kms:ViaService endpoints when a Region is
 * given; `true`/`false` for Bool keys. Undefined when the values are open-ended.
 */
export function valuesForKey(key: string, options: ValuesOptions = {}): readonly string[] | undefined {
  const match = findConditionKey(key);
  if (!match || match.variable !== undefined) return undefined;
  const name = match.info.name.toLowerCase();
  const enumName = KEY_ENUMS[name];
  if (enumName) return KMS_ENUMS[enumName];
  if (name === 'kms:viaservice') return options.region ? viaServiceValues(options.region) : undefined;
  if (match.info.type === 'Bool') return BOOL_VALUES;
  return undefined;
}
