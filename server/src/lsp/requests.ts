/**
 * Registers the kmsKeyPolicy/* requests (declared in shared/protocol.ts). They are registered at start, so
 * a request never meets "unhandled method", but their implementations (customRequests.ts,
 * activityRequests.ts) need the engine and are loaded on the first call: `initialize` is answered without
 * evaluating them. Each request is cancellable: one cancelled before or while it runs (a big who-can
 * waiting for its settings) answers RequestCancelled instead of its result.
 */
import { Requests, type ActivityParams, type AnalyzeParams, type CompareParams, type SimulateParams, type WhoCanParams } from '../../../shared/protocol';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { ServerContext } from './serverContext';
import { runCancellable } from './runSafe';
import type * as CustomRequests from './customRequests';
import type * as ActivityRequests from './activityRequests';

// require(), not import: the bundler then initialises these modules, and the engine they import, on the
// first call rather than when the server starts. Node caches them after that.
const custom = (): typeof CustomRequests => require('./customRequests') as typeof CustomRequests;
const activity = (): typeof ActivityRequests => require('./activityRequests') as typeof ActivityRequests;

/** Registers every kmsKeyPolicy/* request. */
export function registerCustomRequests(ctx: ServerContext): void {
  const { connection } = ctx;
  const cancellable = <P, R>(method: string, work: (p: P) => Promise<R>): void => {
    connection.onRequest(method, (p: P, token: CancellationToken): Promise<unknown> => runCancellable(token, () => work(p)));
  };
  cancellable(Requests.whoCan, (p: WhoCanParams) => custom().whoCan(ctx, p));
  cancellable(Requests.simulate, (p: SimulateParams) => custom().simulate(ctx, p));
  cancellable(Requests.analyze, (p: AnalyzeParams) => custom().analyze(ctx, p));
  cancellable(Requests.compare, (p: CompareParams) => custom().compare(ctx, p));
  // The activity analysis checks its token itself: it also aborts reading trail files and ends its progress.
  connection.onRequest(Requests.activity, (p: ActivityParams, token) => activity().analyseActivity(ctx, p, token));
}
