// How the CLI is split in two bundles, shared by every build of it (esbuild.mjs, the benchmarks'
// scripts/bench/lib/build.mjs, the CLI tests' test/cli/cliHarness.ts): the AWS SDK side of `kms-policy activity
// --lake/--athena` (server/src/cli/awsSdk.ts) is bundled apart as cliAws.js, and the CLI bundle requires it from
// beside itself when a query is sent. The SDK is about a third of the CLI's code: every other command starts
// without compiling it (about 50 ms of each start).

/** The SDK bundle: its entry, and its file name beside the CLI bundle. */
export const CLI_AWS_ENTRY = 'server/src/cli/awsSdk.ts';
export const CLI_AWS_FILE = 'cliAws.js';

/** An esbuild plugin for the CLI bundle: `require('./awsSdk')` stays a require of ./cliAws.js, resolved at run time. */
export const cliAwsExternal = {
  name: 'cli-aws-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/awsSdk$/ }, () => ({ path: `./${CLI_AWS_FILE}`, external: true }));
  },
};
