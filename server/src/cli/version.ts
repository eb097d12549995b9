/**
 * The program's identity, read from the package's own package.json. The bundle (dist/cli.js), the
 * compiled tree (out/) and an installed copy all sit below it, so the nearest package.json named
 * `kms-key-policy` above this file is the right one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The npm package name this CLI ships in. */
export const PACKAGE_NAME = 'kms-key-policy';

/** The program name used in messages and help. */
export const PROGRAM = 'kms-policy';

/** The project's home page (SARIF informationUri). */
export const HOMEPAGE = 'https://github.com/kms-key-policy/kms-key-policy';

let cached: string | undefined;

/** The package version, or `unknown` when no package.json of this package is found above the program. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  cached = 'unknown';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') {
        cached = pkg.version;
        break;
      }
    } catch {
      // No readable package.json here; keep climbing.
    }
    if (path.dirname(dir) === dir) break;
  }
  return cached;
}
