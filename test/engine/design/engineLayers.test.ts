/**
 * The engine reads as layers (STYLE §1): parse and catalog at the bottom, facts on them, then fixes and the
 * simulator, then rules, then lint and the features. Each layer imports only the layers below it (type-only
 * imports included: a type from above is a design cycle too), and no rule imports another rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ENGINE = path.resolve(__dirname, '../../../../server/src/engine');

/** What each layer (a folder, or a file at the engine's root) may import besides itself. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  memo: [],
  messages: [],
  settings: [],
  // parse/host, parse/cloudformation, parse/terraform: the template readers, inside the parse layer (they read the key facts' type).
  parse: ['memo', 'settings'],
  catalog: ['memo'],
  facts: ['parse', 'catalog', 'memo', 'settings'],
  fixes: ['parse', 'catalog', 'facts'],
  simulate: ['parse', 'catalog', 'facts', 'memo', 'messages', 'settings'],
  rules: ['parse', 'catalog', 'facts', 'fixes', 'simulate', 'memo', 'messages', 'settings'],
  lint: ['parse', 'facts', 'rules', 'settings'],
  diagnostics: ['parse', 'rules', 'settings'],
  features: ['parse', 'catalog', 'facts', 'fixes', 'simulate', 'iam', 'rules', 'diagnostics', 'memo', 'messages', 'settings'],
  activity: ['parse', 'catalog', 'facts', 'simulate', 'iam', 'rules', 'lint', 'features', 'memo', 'messages', 'settings'],
  input: ['catalog', 'simulate', 'settings'],
  iam: ['parse', 'catalog', 'facts', 'simulate', 'memo', 'settings', 'input'],
  protocolShapes: ['activity', 'features', 'iam', 'input', 'simulate'],
  // Key policies in templates and Terraform files: lint, features and reports over each key's policy.
  hosts: ['parse', 'catalog', 'facts', 'simulate', 'rules', 'lint', 'diagnostics', 'features', 'settings', 'memo', 'messages'],
  index: ['*'],
};

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly spec: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The layer of an engine file: its top folder, or its own name at the root. */
function layerOf(file: string): string {
  const rel = path.relative(ENGINE, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : (rel[0] as string).replace(/\.ts$/, '');
}

/** Every relative import (and re-export) of the engine, as layer → layer edges. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of tsFiles(ENGINE)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'(\.[^']+)'/gm)) {
      const spec = m[1] as string;
      const target = path.resolve(path.dirname(file), spec);
      const to = layerOf(statSafe(target) ? path.join(target, 'index.ts') : `${target}.ts`);
      out.push({ from: layerOf(file), to, file: path.relative(ENGINE, file), spec });
    }
  }
  return out;
}

function statSafe(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The edges a layer table forbids, as "file imports spec (from → to)". */
export function violations(all: readonly Edge[], allowed: Readonly<Record<string, readonly string[]>>): string[] {
  return all
    .filter((e) => e.from !== e.to)
    .filter((e) => {
      const ok = allowed[e.from];
      return ok === undefined || !(ok.includes('*') || ok.includes(e.to));
    })
    .map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
}

test('every engine file belongs to a known layer', () => {
  const unknown = [...new Set(tsFiles(ENGINE).map(layerOf))].filter((l) => !(l in ALLOWED));
  assert.deepEqual(unknown, []);
});

test('each engine layer imports only the layers below it', () => {
  assert.deepEqual(violations(edges(), ALLOWED), []);
});

test('the layer table itself has no cycle', () => {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (layer: string, trail: string[]): void => {
    if (done.has(layer)) return;
    assert.ok(!visiting.has(layer), `cycle: ${[...trail, layer].join(' → ')}`);
    visiting.add(layer);
    for (const next of ALLOWED[layer] ?? []) if (next !== '*') visit(next, [...trail, layer]);
    visiting.delete(layer);
    done.add(layer);
  };
  for (const layer of Object.keys(ALLOWED)) visit(layer, []);
});

test('no rule imports another rule (rules share facts, fixes and the simulator, never each other)', () => {
  const inRules = edges().filter((e) => e.from === 'rules' && e.to === 'rules' && !/^\.\/(types|index)$/.test(e.spec) && !e.file.endsWith('index.ts'));
  assert.deepEqual(
    inRules.map((e) => `${e.file} imports ${e.spec}`),
    [],
  );
});

test('the checker catches an upward import', () => {
  const found = violations(
    [
      { from: 'facts', to: 'rules', file: 'facts/x.ts', spec: '../rules/types' },
      { from: 'rules', to: 'facts', file: 'rules/y.ts', spec: '../facts' },
    ],
    ALLOWED,
  );
  assert.deepEqual(found, ['facts/x.ts imports ../rules/types (facts → rules)']);
});
