/** Errors the AWS module throws. */

/**
 * An AWS API call failed. `name` and `message` are the service's exception name and message,
 * verbatim (e.g. `NotFoundException`, `MalformedPolicyDocumentException`).
 */
export class AwsApiError extends Error {
  /**
   * @param name the exception name from AWS
   * @param message the exception message from AWS
   * @param action the IAM action of the failed call, e.g. `kms:PutKeyPolicy`
   */
  constructor(
    override readonly name: string,
    message: string,
    readonly action: string,
    readonly httpStatusCode?: number,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * `putKeyPolicy` refused to write because the deployed policy is no longer the one the caller
 * started from: someone changed it in the meantime. Nothing was written.
 */
export class PolicyChangedError extends Error {
  override readonly name = 'PolicyChangedError';

  /**
   * @param expected the policy text the caller expected to replace
   * @param deployed the policy text deployed now
   */
  constructor(
    readonly keyId: string,
    readonly expected: string,
    readonly deployed: string,
  ) {
    super(`The key policy of ${keyId} was changed by someone else since it was read; nothing was written.`);
  }
}

/** True for the errors the SDK raises when an abort signal fires. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * The endpoint answered with something that is not an AWS answer: an HTML error page from a proxy or
 * gateway, plain text, an empty body, JSON naming no exception. There is no AWS exception to pass on, only
 * the HTTP status and who answered. The name stays `Error`, so wherever an error is shown by its name and
 * message this one reads as its message alone.
 */
export class UnexpectedResponseError extends Error {
  /**
   * @param action the IAM action of the failed call, e.g. `kms:GetKeyPolicy`
   * @param endpoint the URL the request went to (undefined when it is not known)
   * @param cause the SDK's error (a JSON syntax error, or its "UnknownError")
   */
  constructor(
    readonly action: string,
    readonly httpStatusCode: number,
    readonly endpoint: string | undefined,
    cause: unknown,
  ) {
    super(`unexpected response (HTTP ${httpStatusCode}) from ${endpoint ?? 'the endpoint'}`, { cause });
  }
}

/** Where each failed request went, noted by the clients' middleware (see SessionClients) for the message above. */
const ENDPOINTS = new WeakMap<object, string>();

/** Notes the endpoint of the HTTP request an SDK error came from (`request` as the SDK's middleware sees it). */
export function noteEndpoint(error: unknown, request: unknown): void {
  if (typeof error !== 'object' || error === null || typeof request !== 'object' || request === null) return;
  const { protocol, hostname, port, path } = request as { protocol?: string; hostname?: string; port?: number; path?: string };
  if (hostname === undefined) return;
  ENDPOINTS.set(error, `${protocol ?? 'https:'}//${hostname}${port === undefined ? '' : `:${port}`}${path === undefined || path === '/' ? '' : path}`);
}

/**
 * Whether an SDK error carries an AWS exception. The SDK names a service exception after the body's `__type`
 * (or `x-amzn-errortype`) and marks it with `$fault`. A body it cannot parse as JSON (an HTML page) surfaces as
 * the parser's SyntaxError without `$fault`; an empty body, or JSON naming no exception, as `Unknown`.
 */
function isAwsAnswer(error: Error): boolean {
  return '$fault' in error && error.name !== 'Unknown';
}

/**
 * Converts an SDK service exception into an {@link AwsApiError}, and an answer that is not AWS's into an
 * {@link UnexpectedResponseError}; other errors (aborts, network failures, credential errors) are returned
 * unchanged.
 */
export function toAwsApiError(error: unknown, action: string): unknown {
  if (!(error instanceof Error) || isAbortError(error) || error instanceof AwsApiError || error instanceof UnexpectedResponseError) return error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (metadata === undefined || metadata.httpStatusCode === undefined) return error;
  if (!isAwsAnswer(error)) return new UnexpectedResponseError(action, metadata.httpStatusCode, ENDPOINTS.get(error), error);
  return new AwsApiError(error.name, error.message, action, metadata.httpStatusCode, metadata.requestId);
}
