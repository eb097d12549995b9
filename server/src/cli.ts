/**
 * The command-line front door: `kms-policy lint | rules ...`. Wiring only; every answer comes from the
 * engine (server/src/engine). Bundled to dist/cli.js by esbuild.mjs.
 */
import { nodeIo } from './cli/io';
import { main } from './cli/main';
import { isLintWorker, serveLintWorker } from './cli/lintWorkers';

// A closed pipe (`kms-policy lint . | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// A worker thread of a parallel `lint` runs this same script: it serves batches of files instead.
if (isLintWorker()) void serveLintWorker();
else {
  void main(process.argv.slice(2), nodeIo(__filename)).then((code) => {
    // exitCode, not exit(): lets buffered output to a pipe drain first.
    process.exitCode = code;
  });
}
