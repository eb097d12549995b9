/**
 * Registers the kmsKeyPolicy/* requests, each with its RequestType from shared/protocol.ts (the object the
 * client sends it with). They are registered at start, so a request never meets "unhandled method". The five
 * that run the simulator (customRequests.ts) run in the analysis worker, with the text of the open document
 * they name; the activity request (activityRequests.ts) reads trail files here and is loaded on its first call.
 * Every request goes through runRequest: cancellable (one cancelled before or while it runs answers
 * RequestCancelled), input the engine refuses answered InvalidParams, one the worker stopped for its budget
 * answered RequestFailed with the reason, any other failure logged and answered InternalError.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { ActivityRequest, AnalyzeRequest, CompareRequest, SimulateRequest, WhoCanNamedRequest, WhoCanRequest } from '../../../shared/protocol';
import type * as ActivityRequests from './activityRequests';
import type * as CustomRequests from './customRequests';
import { textOf } from './analysis';
import { AnalysisStopped } from './analysisHost';
import type { WorkerRequest } from './analysisJobs';
import { requestCancelled, runRequest } from './runSafe';
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
  /** A request run in the worker, about the text it carries or the open document it names. */
  const inWorker = async <T>(method: WorkerRequest, p: object, token: CancellationToken): Promise<T> => {
    const { uri, text } = p as { uri?: unknown; text?: unknown };
    const service = await ctx.serviceFor(typeof uri === 'string' ? uri : '');
    const open = typeof uri === 'string' && text === undefined ? ctx.documents.get(uri) : undefined;
    try {
      return (await ctx.analysis.run(
        { kind: 'request', settings: service.settings, method, params: p, ...(open ? { open: textOf(open) } : {}) },
        undefined,
        token,
      )) as T;
    } catch (e) {
      if (!(e instanceof AnalysisStopped)) throw e;
      throw e.reason === 'cancelled'
        ? requestCancelled()
        : new ResponseError(LSPErrorCodes.RequestFailed, `${e.message} ${method === 'simulate' ? 'The simulation' : 'The analysis'} was not finished.`);
    }
  };
  connection.onRequest(WhoCanRequest, (p, token) => run(WhoCanRequest, p, token, failed('The who-can analysis failed'), () => inWorker('whoCan', p, token)));
  // The IAM files travel with the request (the client read them or fetched them from IAM): the worker reads them.
  connection.onRequest(WhoCanNamedRequest, (p, token) =>
    run(WhoCanNamedRequest, p, token, failed('The named who-can analysis failed'), () => inWorker('whoCanNamed', p, token)),
  );
  connection.onRequest(SimulateRequest, (p, token) => run(SimulateRequest, p, token, failed('The simulation failed'), () => inWorker('simulate', p, token)));
  // No safe fallback for analyze: an empty answer would read as "0 errors, no lockout" to the save flow.
  connection.onRequest(AnalyzeRequest, (p, token) =>
    run(AnalyzeRequest, p, token, failed('The policy could not be analysed'), () => inWorker('analyze', p, token)),
  );
  connection.onRequest(CompareRequest, (p, token) =>
    run(CompareRequest, p, token, failed('The policies could not be compared'), () => inWorker('compare', p, token)),
  );
  // The activity analysis also checks its token itself: it aborts reading trail files and ends its progress.
  connection.onRequest(ActivityRequest, (p, token) =>
    run(ActivityRequest, p, token, failed('The activity analysis failed'), () => activity().analyseActivity(ctx, p, token)),
  );
}
