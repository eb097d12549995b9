/**
 * Errors the local KMS endpoint answers with. Each carries the AWS exception name that goes into
 * the `__type` member of the JSON error body, so the real SDK raises an exception of that name.
 */

/** An error answered to the client as `{"__type": type, "message": message}` with `status`. */
export class ServiceError extends Error {
  /** @param type AWS exception name, e.g. `NotFoundException`. */
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** `NotFoundException`. */
export function notFound(message: string): ServiceError {
  return new ServiceError('NotFoundException', message);
}

/** `ValidationException` phrased as AWS phrases member-constraint failures. */
export function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

/** One member-constraint failure, worded like AWS's request validator. */
export function constraintViolation(member: string, value: unknown, constraint: string): ServiceError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validation(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** `KMSInvalidStateException` for a key whose state forbids the operation. */
export function invalidState(message: string): ServiceError {
  return new ServiceError('KMSInvalidStateException', message);
}

/** `MalformedPolicyDocumentException`. */
export function malformedPolicy(message: string): ServiceError {
  return new ServiceError('MalformedPolicyDocumentException', message);
}

/** `AccessDeniedException` with AWS's "User: … is not authorized to perform: …" wording. */
export function accessDenied(callerArn: string, action: string, resource: string, reason: string): ServiceError {
  return new ServiceError('AccessDeniedException', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);
}
