/**
 * Reads the parts of a SigV4 `Authorization` header that the local endpoint needs. Signatures are
 * not verified: the endpoint is a loopback test double, but it refuses unsigned requests, as AWS does.
 */
import { ServiceError } from './errors';

/** The credential scope of a SigV4-signed request. */
export interface CredentialScope {
  /** The access key id that signed the request. */
  readonly accessKeyId: string;
  /** `yyyymmdd` of the scope. */
  readonly date: string;
  /** Region the request is addressed to. */
  readonly region: string;
  /** Signing name, `kms` or `cloudtrail`. */
  readonly service: string;
}

const CREDENTIAL = /Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * Parses `AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/<service>/aws4_request, …`.
 * Throws `MissingAuthenticationTokenException` when the header is absent and
 * `IncompleteSignatureException` when it is not a SigV4 header.
 */
export function parseAuthorization(header: string | undefined): CredentialScope {
  if (header === undefined || header.trim() === '') {
    throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const match = CREDENTIAL.exec(header);
  if (!header.startsWith('AWS4-HMAC-SHA256 ') || match === null || !/Signature=[0-9a-f]+/.test(header) || !/SignedHeaders=/.test(header)) {
    throw new ServiceError('IncompleteSignatureException', "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
  }
  return { accessKeyId: match[1], date: match[2], region: match[3], service: match[4] };
}

/** Throws InvalidSignatureException when the request was signed for another service. */
export function requireService(scope: CredentialScope, service: string): void {
  if (scope.service !== service) {
    throw new ServiceError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  }
}
