// Types of index.mjs for TypeScript callers (test/ui).
/** Where the tools are once ensureToolchain resolves. */
export interface Toolchain {
  node24Bin: string;
  codeServerEntry: string;
  chromiumBin: string;
}
/** Installs whatever is missing (Node 24, code-server, Debian packages) and returns the tool paths. */
export function ensureToolchain(options?: { browser?: boolean }): Promise<Toolchain>;
