/**
 * Registers the kmsKeyPolicy/* requests, each with its RequestType from shared/protocol.ts (the object the
 * client sends it with). They are registered at start, so a request never meets "unhandled method", but their
 * implementations (customRequests.ts, activityRequests.ts) need the engine and are loaded on the first call:
 * `initialize` is answered without evaluating them. Every request goes through runRequest: cancellable (one
 * cancelled before or while it runs answers RequestCancelled), input the engine refuses answered
 * InvalidParams, any other failure logged and answered InternalError.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { ActivityRequest, AnalyzeRequest, CompareRequest, SimulateRequest, WhoCanRequest } from '../../../shared/protocol';
import type * as ActivityRequests from './activityRequests';
import type * as CustomRequests from './customRequests';
import { runRequest } from './runSafe';
import type { ServerContext } from './serverContext';

// require(), not import: the bundler then initialises these modules, and the engine they import, on the
// first call rather than when the server starts. Node caches them after that.
const custom = (): typeof CustomRequests => require('./customRequests') as typeof CustomRequests;
const activity = (): typeof ActivityRequests => require('./activityRequests') as typeof ActivityRequests;

/** Registers every kmsKeyPolicy/* request. */
export function registerCustomRequests(ctx: ServerContext): void {
  const { connection } = ctx;
  const failed = (what: string): string => `${what}; see the KMS Key Policy output.`;
  const run = <T, E>(
    type: { readonly method: string },
    p: unknown,
    token: CancellationToken,
    failure: string,
    work: () => Promise<T | ResponseError<E | undefined>>,
  ): Promise<T | ResponseError<E | undefined>> => {
    // Params are whatever the client sent: a request without an object of params is refused before any work.
    if (typeof p !== 'object' || p === null)
      return Promise.resolve(new ResponseError<undefined>(ErrorCodes.InvalidParams, `${type.method} takes an object of params.`));
    return runRequest(connection.console, type.method, token, failure, (e) => custom().refusal(e), work);
  };
  connection.onRequest(WhoCanRequest, (p, token) => run(WhoCanRequest, p, token, failed('The who-can analysis failed'), () => custom().whoCan(ctx, p)));
  connection.onRequest(SimulateRequest, (p, token) => run(SimulateRequest, p, token, failed('The simulation failed'), () => custom().simulate(ctx, p)));
  // No safe fallback for analyze: an empty answer would read as "0 errors, no lockout" to the save flow.
  connection.onRequest(AnalyzeRequest, (p, token) => run(AnalyzeRequest, p, token, failed('The policy could not be analysed'), () => custom().analyze(ctx, p)));
  connection.onRequest(CompareRequest, (p, token) =>
    run(CompareRequest, p, token, failed('The policies could not be compared'), () => custom().compare(ctx, p)),
  );
  // The activity analysis also checks its token itself: it aborts reading trail files and ends its progress.
  connection.onRequest(ActivityRequest, (p, token) =>
    run(ActivityRequest, p, token, failed('The activity analysis failed'), () => activity().analyseActivity(ctx, p, token)),
  );
}
