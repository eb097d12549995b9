/**
 * What the engine's readers of templates and Terraform files need from the machine, for both front doors (the
 * language server and the CLI): the Terraform grammar's WASM files, read from beside the bundle (dist/, where
 * esbuild.mjs copies them) or from node_modules (tests run the compiled sources), and the files a Terraform
 * `file()` / `templatefile()` names, read relative to the .tf file. The engine itself does no I/O.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentHints, HostReaders, TerraformGrammar } from './engine';
import { loadTerraformGrammar } from './engine/parse/terraform/grammar';

/** The WASM files, by the name esbuild.mjs copies them under and the package file they come from. */
const WASM = {
  runtime: { name: 'web-tree-sitter.wasm', module: 'web-tree-sitter/web-tree-sitter.wasm' },
  grammar: { name: 'tree-sitter-terraform.wasm', module: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm' },
} as const;

/** Reads one WASM file: beside this script (the bundle), else from its package. */
function readWasm(file: { readonly name: string; readonly module: string }): Uint8Array {
  const beside = path.join(__dirname, file.name);
  if (fs.existsSync(beside)) return fs.readFileSync(beside);
  return fs.readFileSync(require.resolve(file.module));
}

let loading: Promise<TerraformGrammar | undefined> | undefined;

/** Loads the Terraform grammar once per process; undefined (and the reason on `onError`) when it cannot be. */
export function terraformGrammar(onError?: (message: string) => void): Promise<TerraformGrammar | undefined> {
  loading ??= (async () => {
    try {
      return await loadTerraformGrammar(readWasm(WASM.runtime), readWasm(WASM.grammar));
    } catch (e) {
      onError?.(`The Terraform grammar could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  })();
  return loading;
}

/** Readers for the engine, with the Terraform grammar loaded. */
export async function hostReaders(onError?: (message: string) => void): Promise<HostReaders> {
  const terraform = await terraformGrammar(onError);
  return terraform ? { terraform } : {};
}

/** True for a Terraform file name or URI. */
export function isTerraformFile(name: string): boolean {
  return /\.tf$/i.test(name.replace(/[?#].*$/, ''));
}

/** The largest file a `file()` may name (a key policy is at most 32 KB). */
const MAX_INCLUDED_BYTES = 1024 * 1024;

/** The most files of a module read beside a .tf file, and the largest. */
const MAX_MODULE_FILES = 200;

/**
 * Module files as last read, by path: a .tf file is read again on every edit (in the language server's worker), and
 * its module's files only when their modification time or size changed. Bounded like the module itself.
 */
const moduleTexts = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();

function moduleText(full: string, stat: fs.Stats): string {
  const known = moduleTexts.get(full);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.text;
  const text = fs.readFileSync(full, 'utf8');
  if (moduleTexts.size >= MAX_MODULE_FILES) moduleTexts.clear();
  moduleTexts.set(full, { mtimeMs: stat.mtimeMs, size: stat.size, text });
  return text;
}

/** The other .tf files of the folder a .tf file is in (the file itself left out), as they are on disk. */
function moduleFiles(dir: string, location: string): { name: string; text: string }[] {
  const self = path.basename(location.startsWith('file:') ? fileURLToPath(location) : location);
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n !== self && isTerraformFile(n))
      .slice(0, MAX_MODULE_FILES)
      .flatMap((name) => {
        try {
          const full = path.join(dir, name);
          const stat = fs.statSync(full);
          return stat.isFile() && stat.size <= MAX_INCLUDED_BYTES ? [{ name, text: moduleText(full, stat) }] : [];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}

/** Hints for parsing a document at `location` (a path or a file: URI): `file()` reads beside it. */
export function documentHints(location: string | undefined, languageId?: string): DocumentHints {
  const dir =
    location === undefined
      ? undefined
      : location.startsWith('file:')
        ? path.dirname(fileURLToPath(location))
        : /^[a-z][\w+.-]*:/i.test(location)
          ? undefined
          : path.dirname(location);
  return {
    ...(languageId !== undefined ? { languageId } : {}),
    ...(dir !== undefined
      ? {
          readFile: (p: string) => {
            try {
              const full = path.resolve(dir, p);
              return fs.statSync(full).size > MAX_INCLUDED_BYTES ? undefined : fs.readFileSync(full, 'utf8');
            } catch {
              return undefined;
            }
          },
          ...(location !== undefined && isTerraformFile(location) ? { moduleFiles: () => moduleFiles(dir, location) } : {}),
        }
      : {}),
  };
}
