// The untrusted-workspace suite: the `run()` module the code-server runner loads for its Restricted Mode run
// (scripts/runExtensionTests.mjs, run "untrusted"). Same mocha set-up as the main suite, over this folder's files.
import { runTestFiles } from '../suite/index';

/** Runs all *.test.js files of this folder; rejects when a test fails. */
export function run(): Promise<void> {
  return runTestFiles(__dirname);
}
