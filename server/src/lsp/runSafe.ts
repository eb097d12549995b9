/**
 * Every request handler goes through here: an exception becomes a logged error and an empty answer, and
 * a cancelled request answers `null`-ish without work. The server never dies on bad input.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/** Logs errors; the server passes connection.console. */
export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

/** Runs `work` unless cancelled; on failure logs and returns `fallback`. */
export async function runSafe<T>(logger: Logger, label: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (e) {
    logger.error(`${label} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
