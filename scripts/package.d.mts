// Types of package.mjs for TypeScript callers (test/ui).
/** Relative paths of existing files the manifest points at (main, icon, contributes). */
export function referencedFiles(extensionPath: string, manifest: Record<string, unknown>): string[];
/** Entry names of a zip archive, from its central directory. */
export function zipEntryNames(file: string): string[];
/** Builds (unless build is false), packages and verifies the VSIX. */
export function packageExtension(options?: {
  build?: boolean;
  out?: string;
  extensionPath?: string;
}): Promise<{ vsix: string; bytes: number; files: string[] }>;
