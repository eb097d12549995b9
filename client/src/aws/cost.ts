/**
 * A monthly cost estimate for listed keys, from AWS KMS's published prices (checked against
 * aws.amazon.com/kms/pricing as stored by the project's search tool, 2026): $1 per customer
 * managed key per month (each multi-Region primary and replica counts), plus $1 per month for
 * each of the first two rotations of its key material (rotations after the second are free,
 * since the May 2024 price change); AWS managed keys and keys pending deletion are free;
 * requests cost $0.03 per 10,000 after 20,000 free requests per month. Pure: no AWS calls.
 */
import { isDenied, type KmsKeySummary } from './types';

/** Prices the estimate uses, in US dollars. */
export const KMS_PRICES = {
  keyPerMonth: 1,
  rotationPerMonth: 1,
  billedRotations: 2,
  requestsPer10k: 0.03,
  freeRequestsPerMonth: 20_000,
} as const;

/** The estimate for one key. */
export interface KeyCost {
  readonly arn: string;
  readonly usdPerMonth: number;
  /** How the figure was reached, e.g. "customer managed key $1 + 2 rotations × $1". */
  readonly basis: string;
}

/** A monthly estimate with the assumptions behind it, to show beside the figure. */
export interface CostEstimate {
  readonly totalUsdPerMonth: number;
  readonly keys: readonly KeyCost[];
  /** Request charges included in the total (0 unless `monthlyRequests` was given). */
  readonly requestsUsdPerMonth: number;
  readonly assumptions: readonly string[];
}

/** Options of {@link estimateMonthlyCost}. */
export interface CostOptions {
  /** Requests per month across the account (all keys, all Regions), if known. */
  readonly monthlyRequests?: number;
}

const DAY_MS = 86_400_000;

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Rotations so far, assuming rotation has run every period since the key was created: the last
 * rotation was one period before the next one, and so on back to the creation date.
 */
export function estimatedRotations(creationDate: Date | undefined, nextRotationDate: Date | undefined, periodDays: number | undefined): number {
  if (creationDate === undefined || nextRotationDate === undefined || periodDays === undefined || periodDays <= 0) return 0;
  const periods = (nextRotationDate.getTime() - creationDate.getTime()) / (periodDays * DAY_MS);
  return Math.max(0, Math.ceil(periods - 1e-9) - 1);
}

function keyCost(key: KmsKeySummary): KeyCost {
  const details = key.details;
  if (!isDenied(details) && details.manager === 'AWS') return { arn: key.arn, usdPerMonth: 0, basis: 'AWS managed key: free' };
  if (!isDenied(details) && details.state === 'PendingDeletion') {
    return { arn: key.arn, usdPerMonth: 0, basis: 'pending deletion: not charged (charged again if the deletion is cancelled)' };
  }
  const rotation = key.rotation;
  const rotations =
    isDenied(rotation) || !rotation.enabled
      ? 0
      : estimatedRotations(isDenied(details) ? undefined : details.creationDate, rotation.nextRotationDate, rotation.periodDays);
  const billed = Math.min(rotations, KMS_PRICES.billedRotations);
  const usd = KMS_PRICES.keyPerMonth + billed * KMS_PRICES.rotationPerMonth;
  const parts = [`customer managed key $${KMS_PRICES.keyPerMonth}`];
  if (rotations > 0) {
    parts.push(
      `${billed} billed rotation${billed === 1 ? '' : 's'} × $${KMS_PRICES.rotationPerMonth}` +
        (rotations > billed ? ` (${rotations} estimated, only the first ${KMS_PRICES.billedRotations} are billed)` : ''),
    );
  }
  if (isDenied(details)) parts.push('assumed customer managed and not pending deletion (DescribeKey failed)');
  return { arn: key.arn, usdPerMonth: usd, basis: parts.join(' + ') };
}

/** Estimates the monthly KMS bill of the listed keys (and of `monthlyRequests`, if given). */
export function estimateMonthlyCost(keys: readonly KmsKeySummary[], options: CostOptions = {}): CostEstimate {
  const perKey = keys.map(keyCost);
  const requests = options.monthlyRequests ?? 0;
  const requestsUsd = cents((Math.max(0, requests - KMS_PRICES.freeRequestsPerMonth) / 10_000) * KMS_PRICES.requestsPer10k);
  const assumptions = [
    'Prices of AWS KMS in US dollars as published on aws.amazon.com/kms/pricing; some Regions differ and taxes are excluded.',
    '$1 per month for each customer managed key, including each multi-Region primary and replica key.',
    "Each of the first two rotations of a key's material adds $1 per month; later rotations are free (the May 2024 price change).",
    'Rotations are estimated from the creation date, rotation period and next rotation date, as if rotation had been on since creation; rotations done before rotation was turned off, and on-demand rotations, are not visible here (they need kms:ListKeyRotations).',
    'AWS managed keys and keys pending deletion cost nothing.',
    'Charges are prorated hourly; the estimate is for a whole month.',
    options.monthlyRequests === undefined
      ? 'Request charges are not included ($0.03 per 10,000 requests after 20,000 free per month, account-wide).'
      : `Request charges assume ${requests} symmetric requests per month at $0.03 per 10,000 after 20,000 free (asymmetric and GenerateDataKeyPair requests cost more).`,
  ];
  const total = cents(perKey.reduce((sum, k) => sum + k.usdPerMonth, 0) + requestsUsd);
  return { totalUsdPerMonth: total, keys: perKey, requestsUsdPerMonth: requestsUsd, assumptions };
}
