// Types of launch.mjs for TypeScript callers (test/ui).
import type { ChildProcess } from 'node:child_process';
/** Folders of one code-server profile, all under .cache. */
export interface ProfileDirs {
  root: string;
  home: string;
  tmp: string;
  userData: string;
  extensions: string;
  browserProfile: string;
  config: string;
  log: string;
}
/** A running code-server. */
export interface CodeServer {
  port: number;
  origin: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}
export function profileDirs(name: string): ProfileDirs;
export function runName(kind: string): string;
export const quietSettings: Readonly<Record<string, unknown>>;
export function writeUserSettings(dirs: ProfileDirs, settings?: Record<string, unknown>): void;
export function codeServerEnv(dirs: ProfileDirs, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Env overrides that drop the caller's AWS_* variables and disable the EC2 metadata lookup. */
export function awsIsolation(): NodeJS.ProcessEnv;
export function installVsix(dirs: ProfileDirs, vsix: string): Promise<void>;
export function freePort(): Promise<number>;
export function startCodeServer(options: {
  dirs: ProfileDirs;
  port?: number;
  args?: string[];
  /** Keep workspace trust on (default: started with --disable-workspace-trust). */
  workspaceTrust?: boolean;
  env?: NodeJS.ProcessEnv;
  onOutput?: (line: string) => void;
  timeoutMs?: number;
}): Promise<CodeServer>;
export function workbenchUrl(
  server: { origin: string; port: number },
  target: { folder: string; extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string;
