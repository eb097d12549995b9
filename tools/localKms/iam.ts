/**
 * IAM's GetAccountAuthorizationDetails, as the local endpoint serves it for the live who-can report: the awsQuery
 * protocol IAM speaks (a form-encoded POST, `Action=GetAccountAuthorizationDetails&Version=2010-05-08`, an XML
 * answer with lists as `<member>` elements and policy documents URL-encoded, as AWS sends them), paged with
 * MaxItems and Marker, filtered by entity type, for the caller's account. Errors are IAM's XML ErrorResponse.
 */
import type { AuthorizationDetails } from './seedIam';

/** IAM's XML namespace. */
const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An IAM error: its code (`AccessDenied`, `InvalidAction`, `ValidationError`), message and HTTP status. */
export class IamError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Members whose value IAM sends as URL-encoded JSON. */
const DOCUMENTS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/** A value as awsQuery XML: lists as <member> elements, documents URL-encoded. */
export function toXml(value: unknown, name?: string): string {
  if (name !== undefined && DOCUMENTS.has(name) && typeof value === 'object' && value !== null) return escapeXml(encodeURIComponent(JSON.stringify(value)));
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, k)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** The XML of an IAM error. */
export function iamErrorXml(error: IamError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

type Entity = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
const ENTITIES: readonly Entity[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

function entityOf(list: (typeof LISTS)[number], item: Record<string, unknown>): Entity {
  if (list === 'UserDetailList') return 'User';
  if (list === 'GroupDetailList') return 'Group';
  if (list === 'RoleDetailList') return 'Role';
  return String(item.Arn).includes(':aws:policy/') ? 'AWSManagedPolicy' : 'LocalManagedPolicy';
}

/** The form's list parameter `name.member.N`, in order. */
function listParam(form: URLSearchParams, name: string): string[] {
  const out: [number, string][] = [];
  for (const [k, v] of form) {
    const m = new RegExp(`^${name}\\.member\\.(\\d+)$`).exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** One page of GetAccountAuthorizationDetails over an account's details; the XML answer. */
export function getAccountAuthorizationDetails(form: URLSearchParams, details: AuthorizationDetails | undefined, requestId: string): string {
  const filter = listParam(form, 'Filter');
  for (const f of filter) {
    if (!(ENTITIES as readonly string[]).includes(f)) {
      throw new IamError(
        'ValidationError',
        `1 validation error detected: Value '${f}' at 'filter' failed to satisfy constraint: Member must satisfy enum value set: [${ENTITIES.join(', ')}]`,
      );
    }
  }
  const maxText = form.get('MaxItems');
  const max = maxText === null ? 100 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  const marker = form.get('Marker');
  const start =
    marker === null
      ? 0
      : Number(
          Buffer.from(marker, 'base64url')
            .toString('utf8')
            .replace(/^page:/, ''),
        );
  if (!Number.isInteger(start) || start < 0) throw new IamError('ValidationError', 'Invalid Marker.');
  const items: [(typeof LISTS)[number], Record<string, unknown>][] = [];
  for (const list of LISTS) {
    for (const item of (details?.[list] ?? []) as Record<string, unknown>[]) {
      if (filter.length === 0 || filter.includes(entityOf(list, item))) items.push([list, item]);
    }
  }
  const page = items.slice(start, start + max);
  const truncated = start + max < items.length;
  const result: Record<string, unknown> = { IsTruncated: truncated };
  if (truncated) result.Marker = Buffer.from(`page:${start + max}`).toString('base64url');
  for (const list of LISTS) result[list] = page.filter(([l]) => l === list).map(([, item]) => item);
  return `<GetAccountAuthorizationDetailsResponse xmlns="${NAMESPACE}"><GetAccountAuthorizationDetailsResult>${toXml(result)}</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`;
}
