/**
 * `Limit` / `Marker` paging shared by every List* operation. A marker names the position of the
 * next item (not an index), so items added or removed between pages do not shift the listing.
 */
import { ServiceError, constraintViolation } from './errors';

/** One page of a listing. */
export interface Page<T> {
  readonly items: T[];
  readonly truncated: boolean;
  readonly nextMarker?: string;
}

/** Paging limits of one List* operation, from the KMS API model. */
export interface PageLimits {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/**
 * Returns the page of `items` (sorted ascending by `positionOf`) that starts at `marker`.
 * `kind` is baked into the marker so a marker from one listing is refused by another.
 */
export function paginate<T>(
  items: readonly T[],
  positionOf: (item: T) => number | string,
  input: Record<string, unknown>,
  kind: string,
  limits: PageLimits,
): Page<T> {
  const limit = readLimit(input.Limit, limits);
  let start = 0;
  if (input.Marker !== undefined && input.Marker !== null) {
    const position = decodeMarker(input.Marker, kind);
    start = items.findIndex((item) => compare(positionOf(item), position) >= 0);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + limit);
  const next = items[start + limit];
  return next === undefined ? { items: slice, truncated: false } : { items: slice, truncated: true, nextMarker: encodeMarker(kind, positionOf(next)) };
}

function readLimit(value: unknown, limits: PageLimits): number {
  if (value === undefined || value === null) return limits.defaultLimit;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ServiceError('SerializationException', 'Limit must be an integer.');
  }
  if (value < 1) throw constraintViolation('limit', value, 'Member must have value greater than or equal to 1');
  if (value > limits.maxLimit) {
    throw constraintViolation('limit', value, `Member must have value less than or equal to ${limits.maxLimit}`);
  }
  return value;
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function encodeMarker(kind: string, position: number | string): string {
  return Buffer.from(JSON.stringify([kind, position])).toString('base64');
}

function decodeMarker(marker: unknown, kind: string): number | string {
  const invalid = new ServiceError(
    'InvalidMarkerException',
    'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
  );
  if (typeof marker !== 'string' || marker === '') throw invalid;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded[0] === kind && (typeof decoded[1] === 'number' || typeof decoded[1] === 'string')) {
      return decoded[1];
    }
  } catch {
    // fall through to the KMS error
  }
  throw invalid;
}
