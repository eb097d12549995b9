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
 * Converts an SDK service exception into an {@link AwsApiError}; other errors (aborts, network
 * failures, credential errors) are returned unchanged.
 */
export function toAwsApiError(error: unknown, action: string): unknown {
  if (!(error instanceof Error) || isAbortError(error) || error instanceof AwsApiError) return error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (metadata === undefined || metadata.httpStatusCode === undefined) return error;
  return new AwsApiError(error.name, error.message, action, metadata.httpStatusCode, metadata.requestId);
}
