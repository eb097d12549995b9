/** The custom requests the VS Code client's views use (declared in shared/protocol.ts). */
import type { ServerContext } from '../server';
import type { runSafe as RunSafe } from './runSafe';

/** Registers kmsKeyPolicy/* requests. */
export function registerCustomRequests(_ctx: ServerContext, _runSafe: typeof RunSafe): void {
  // Filled in with the simulator: whoCan, simulate, analyze, compare.
}
