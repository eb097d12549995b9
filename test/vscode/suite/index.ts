// The extension-host test suite: the `run()` module @vscode/test-electron and the code-server runner load
// (extensionTestsPath). It runs every *.test.js next to it with mocha's TDD interface (suite/test); the
// untrusted-workspace suite (../untrusted) runs its own files through runTestFiles.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Marks the line with the suite's totals in the extension host's output. */
export const summaryPrefix = '[exthost-summary]';

/** Runs all *.test.js files of this folder; rejects when a test fails. */
export function run(): Promise<void> {
  return runTestFiles(__dirname);
}

/** Runs all *.test.js files of `dir` (this suite's, or the untrusted-workspace suite's); rejects when a test fails. */
export function runTestFiles(dir: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: process.env.KMS_VSCODE_TEST_COLOR === '1',
    timeout: 60_000,
    grep: process.env.KMS_VSCODE_TEST_GREP || undefined,
  });
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files in ${dir}`));
  }
  for (const name of files) {
    mocha.addFile(path.join(dir, name));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // The code-server runner reads this line to print its "N passed, N failed" summary.
        console.log(`${summaryPrefix} ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? failures} failed`);
        if (failures > 0) {
          reject(new Error(`${failures} extension-host test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
