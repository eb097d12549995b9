/**
 * Every request handler goes through here: an exception becomes a logged error and an empty answer, and
 * a cancelled request answers RequestCancelled. The server never dies on bad input.
 *
 * Cancellation is checked when the handler starts and again before it answers: the engine's work is
 * synchronous, so those are the points where a `$/cancelRequest` that arrived meanwhile (while settings
 * were fetched, say) can be seen. A request the client cancelled before it was dispatched starts with its
 * token already cancelled (vscode-jsonrpc remembers the cancel), so it costs no work at all.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/** Logs errors; the server passes connection.console. */
export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

/** Runs `work` unless cancelled; on failure logs and returns `fallback`. */
export async function runSafe<T>(
  logger: Logger,
  label: string,
  token: CancellationToken | undefined,
  fallback: T,
  work: () => T | Promise<T>,
): Promise<T | ResponseError<undefined>> {
  try {
    return await runCancellable(token, work);
  } catch (e) {
    logger.error(`${label} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

/**
 * Runs `work` unless cancelled, and answers RequestCancelled instead of its result if the request was
 * cancelled meanwhile. Errors propagate: the custom requests answer them to the client as errors.
 */
export async function runCancellable<T>(token: CancellationToken | undefined, work: () => T | Promise<T>): Promise<T | ResponseError<undefined>> {
  if (token?.isCancellationRequested) return requestCancelled();
  const result = await work();
  return token?.isCancellationRequested ? requestCancelled() : result;
}

/**
 * Runs a custom request's `work` as runCancellable does, and turns what it throws into the answer: a
 * ResponseError as it is; an error `refusal` recognises (the engine refusing its input) as InvalidParams with
 * the error's message; anything else logged and answered InternalError with `failure`. The client always gets
 * an answer, and the server lives on.
 */
export async function runRequest<T, E>(
  logger: Logger,
  label: string,
  token: CancellationToken | undefined,
  failure: string,
  refusal: (e: unknown) => string | undefined,
  work: () => Promise<T | ResponseError<E | undefined>>,
): Promise<T | ResponseError<E | undefined>> {
  try {
    return await runCancellable(token, work);
  } catch (e) {
    if (e instanceof ResponseError) return e as ResponseError<E | undefined>;
    const message = refusal(e);
    if (message !== undefined) return new ResponseError<undefined>(ErrorCodes.InvalidParams, message);
    logger.error(`${label} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return new ResponseError<undefined>(ErrorCodes.InternalError, failure);
  }
}

/** The answer to a request the client cancelled (LSP RequestCancelled). */
export function requestCancelled(): ResponseError<undefined> {
  return new ResponseError<undefined>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** The answer to a request about a document version that is no longer current (LSP ContentModified). */
export function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'The document changed; ask again for the current version');
}
