// `npm run lint` (after the typecheck): the parts of ../shared/STYLE.md a machine can check.
//   engine-boundary   nothing under server/src/engine/ imports vscode, the LSP connection, node I/O or client code
//   client-boundary   the client (client/src, shared) never imports the engine's code: it asks the server. It may
//                     import the engine's types (`import type`/`export type`, gone from the bundle), and nothing else of server/
//   server-stdout     no console.log/info in server code: stdout is the LSP channel of `--stdio`
//   file-name         TypeScript files are camelCase (`whoCanView.ts`, `awsKeys.test.ts`)
//   engine-docs       every exported engine declaration has a /** */ comment
//   file-size         no hand-written file over 400 lines of code (blank and comment lines not counted, as the
//                     formatter adds lines that are not more code; generated data excepted)
//   generated-header  generated files start with a "generated — do not edit" line
//   focused-test      no .only() left in a test
// Usage: node scripts/styleCheck.mjs [ROOT]. Prints one line per problem (path:line  check  message) and
// exits 1 when there is any, 0 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const MAX_LINES = 400;

/** Modules the pure engine may import besides its own files (STYLE §1). */
// yaml and web-tree-sitter: the parsers of the template readers (parse/cloudformation, parse/terraform).
const ENGINE_PACKAGES = new Set(['jsonc-parser', 'ajv', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'yaml', 'web-tree-sitter']);

/** Every .ts file under the given folders (relative to the root), skipping node_modules and dot-folders. */
function tsFiles(...dirs) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) out.push(full);
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return out.sort();
}

/**
 * The module specifiers a file imports or re-exports, with their 1-based line numbers and whether the statement
 * is type-only (`import type`, `export type`), which leaves nothing in the bundle.
 */
function importsOf(lines) {
  const out = [];
  const typeOnly = (statement) => /^\s*(?:import|export)\s+type\b/.test(statement);
  let opening; // the first line of a multi-line import or export, until its closing line
  lines.forEach((line, i) => {
    const m =
      /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/.exec(line) ??
      /^\s*import\s+['"]([^'"]+)['"]/.exec(line) ??
      /\brequire\(\s*['"]([^'"]+)['"]\s*\)/.exec(line);
    if (m) out.push({ spec: m[1], line: i + 1, typeOnly: typeOnly(line) });
    // A multi-line import: the specifier sits on the closing line, `type` on the opening one.
    else {
      const close = /^\s*\}\s*from\s+['"]([^'"]+)['"]/.exec(line);
      if (close) out.push({ spec: close[1], line: i + 1, typeOnly: typeOnly(opening ?? '') });
      else if (/^\s*(?:import|export)\b.*\{\s*$/.test(line)) opening = line;
    }
  });
  return out;
}

const problems = [];
const report = (file, line, check, message) => problems.push(`${path.relative(root, file)}:${line}  ${check}  ${message}`);
const isGenerated = (file) => file.split(path.sep).includes('generated');

for (const file of tsFiles('server/src', 'client/src', 'shared', 'test', 'tools')) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');

  const base = path.basename(file).replace(/(\.test)?(\.d)?\.ts$/, '');
  if (!/^[a-z][a-zA-Z0-9]*$/.test(base)) report(file, 1, 'file-name', `"${path.basename(file)}" is not camelCase`);

  if (isGenerated(file)) {
    if (!/generated\b.*do not edit/i.test(lines[0] ?? ''))
      report(file, 1, 'generated-header', 'the first line must say the file is generated and must not be edited');
  } else {
    const code = lines.filter((l) => !/^\s*$|^\s*(\/\/|\/\*|\*)/.test(l)).length;
    if (code > MAX_LINES) report(file, lines.length, 'file-size', `${code} lines of code (over ${MAX_LINES}): split it into files with one job each`);
  }

  if (rel.startsWith('server/src/engine/')) {
    for (const { spec, line } of importsOf(lines)) {
      const relative = spec.startsWith('.');
      const target = relative ? path.resolve(path.dirname(file), spec) : undefined;
      if (relative ? !target.startsWith(path.join(root, 'server', 'src', 'engine')) : !ENGINE_PACKAGES.has(spec)) {
        report(file, line, 'engine-boundary', `the engine must stay pure: it may not import "${spec}"`);
      }
    }
    if (!isGenerated(file)) {
      lines.forEach((l, i) => {
        if (
          !/^export (declare )?(async )?(function|const|let|interface|type|class|enum|abstract class) /.test(l) ||
          /\bfrom\s+['"]/.test(l) ||
          /^export type \{/.test(l)
        )
          return;
        let j = i - 1;
        while (j >= 0 && lines[j].trim() === '') j--;
        if (!(lines[j] ?? '').trim().endsWith('*/')) report(file, i + 1, 'engine-docs', 'an exported engine declaration needs a /** */ comment');
      });
    }
  }

  if (rel.startsWith('client/src/') || rel.startsWith('shared/')) {
    for (const { spec, line, typeOnly } of importsOf(lines)) {
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
      if (target === undefined || !target.startsWith(path.join(root, 'server'))) continue;
      if (!typeOnly) report(file, line, 'client-boundary', `the client asks the server; it may not import "${spec}"`);
      else if (!target.startsWith(path.join(root, 'server', 'src', 'engine')))
        report(file, line, 'client-boundary', `the client may import types from the engine only, not from "${spec}"`);
    }
  }

  if (rel.startsWith('server/src/') && !rel.startsWith('server/src/cli')) {
    lines.forEach((l, i) => {
      if (/\bconsole\.(log|info)\(/.test(l)) report(file, i + 1, 'server-stdout', 'console.log writes to the LSP channel; use the connection console');
    });
  }

  if (rel.startsWith('test/')) {
    lines.forEach((l, i) => {
      if (/^\s*(test|it|describe|suite)\.only\(/.test(l)) report(file, i + 1, 'focused-test', '.only() would skip every other test');
    });
  }
}

for (const p of problems) console.log(p);
console.log(problems.length === 0 ? 'style: no problems' : `style: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
process.exitCode = problems.length === 0 ? 0 : 1;
