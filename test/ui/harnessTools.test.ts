// Checks of the harness's own building blocks: the payload URL, the isolated environment, the VSIX
// contents the .vscodeignore allowlist produces, and the manifest-reference check of scripts/package.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { defaultVsix, projectRoot } from './harness';
import { minimumVersion } from '../vscode/runElectron';

type LaunchModule = typeof import('../../scripts/toolchain/launch.mjs');
type PackageModule = typeof import('../../scripts/package.mjs');

const load = <T>(relative: string): Promise<T> => import(pathToFileURL(path.join(projectRoot, relative)).href) as Promise<T>;

test('workbenchUrl puts the folder and the smoke-test payload as vscode-remote URIs in the query', async () => {
  const { workbenchUrl } = await load<LaunchModule>('scripts/toolchain/launch.mjs');
  const url = new URL(
    workbenchUrl({ origin: 'http://127.0.0.1:4321', port: 4321 }, { folder: '/w/ws', extensionDevelopmentPath: '/w/ext', extensionTestsPath: '/w/t/index.js' }),
  );
  assert.equal(url.origin, 'http://127.0.0.1:4321');
  assert.equal(url.searchParams.get('folder'), '/w/ws');
  assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? 'null'), [
    ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4321/w/ext'],
    ['extensionTestsPath', 'vscode-remote://127.0.0.1:4321/w/t/index.js'],
  ]);
  const plain = new URL(workbenchUrl({ origin: 'http://127.0.0.1:4321', port: 4321 }, { folder: '/w/ws' }));
  assert.equal(plain.searchParams.has('payload'), false);
});

test('code-server runs with its own HOME and TMPDIR under .cache, off the marketplace, without the caller AWS credentials', async () => {
  const launch = await load<LaunchModule>('scripts/toolchain/launch.mjs');
  const dirs = launch.profileDirs(launch.runName('env'));
  const saved = process.env.AWS_ACCESS_KEY_ID;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDCALLER0000000000';
  try {
    const env = launch.codeServerEnv(dirs, launch.awsIsolation());
    assert.equal(env.AWS_ACCESS_KEY_ID, undefined);
    assert.equal(env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(env.HOME, dirs.home);
    assert.equal(env.TMPDIR, dirs.tmp);
    assert.ok(dirs.root.startsWith(path.join(projectRoot, '.cache') + path.sep));
    assert.equal(env.EXTENSIONS_GALLERY, '{"serviceUrl":""}');
  } finally {
    if (saved === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved;
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
});

test('the VSIX holds the bundles, the manifest and its referenced files, and no sources or node_modules', async () => {
  const { zipEntryNames } = await load<PackageModule>('scripts/package.mjs');
  const entries = zipEntryNames(defaultVsix());
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js']) {
    assert.ok(entries.includes(required), `${required} missing from the VSIX`);
  }
  const unwanted = entries.filter((name) => /^extension\/(client|server|test|tools|scripts|node_modules|out|\.cache)\//.test(name) || name.endsWith('.ts'));
  assert.deepEqual(unwanted, []);
});

test('referencedFiles finds existing files the manifest points at and ignores codicons and missing paths', async () => {
  const { referencedFiles } = await load<PackageModule>('scripts/package.mjs');
  const folder = path.join(projectRoot, '.cache', 'tmp', `refs-${process.pid}`);
  fs.mkdirSync(path.join(folder, 'media'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'media', 'view.svg'), '<svg/>');
  fs.writeFileSync(path.join(folder, 'main.js'), '');
  try {
    const manifest = {
      main: './main.js',
      contributes: {
        viewsContainers: { activitybar: [{ id: 'x', title: 'X', icon: 'media/view.svg' }] },
        commands: [{ command: 'x.run', title: 'Run', icon: '$(play)' }],
        jsonValidation: [{ fileMatch: ['*.x.json'], url: './schemas/missing.json' }],
      },
    };
    assert.deepEqual(referencedFiles(folder, manifest), ['main.js', 'media/view.svg']);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('runElectron tests the lowest version engines.vscode accepts', () => {
  assert.equal(minimumVersion('^1.95.0'), '1.95.0');
  assert.equal(minimumVersion('>=1.91.2'), '1.91.2');
  assert.throws(() => minimumVersion('*'), { message: 'engines.vscode "*" has no x.y.z version' });
});
