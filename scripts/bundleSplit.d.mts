// Types of bundleSplit.mjs for TypeScript callers (test/cli/cliHarness.ts).
import type { Plugin } from 'esbuild';
/** The SDK bundle's entry (relative to the repository root). */
export const CLI_AWS_ENTRY: string;
/** The SDK bundle's file name, beside the CLI bundle. */
export const CLI_AWS_FILE: string;
/** The esbuild plugin that leaves the CLI's require of the SDK side to run time. */
export const cliAwsExternal: Plugin;
