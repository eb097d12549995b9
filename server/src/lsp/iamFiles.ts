/**
 * The IAM files a folder's settings name (kmsKeyPolicy.iam.authorizationFiles and organizationFiles), read for the
 * question lenses: relative entries resolve against the workspace folder holding the document (the first folder
 * when none does), absolute ones stay. Each file's text is kept while its size and modification time do not
 * change: every document version's lenses ask again, and an authorization-details file can be tens of megabytes.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IamFileJson } from '../engine';

/** The files read for a document, and a key that changes when any of them does (for the lens answers' cache). */
export interface ReadIamFiles {
  readonly iam: readonly IamFileJson[];
  readonly organizations: readonly IamFileJson[];
  readonly key: string;
}

const kept = new Map<string, { readonly stamp: string; readonly text: string }>();

/** The folder path a document belongs to: the longest workspace folder containing it, else the first. */
export function folderOf(documentUri: string, folders: readonly string[]): string | undefined {
  let file: string | undefined;
  try {
    file = documentUri.startsWith('file:') ? fileURLToPath(documentUri) : undefined;
  } catch {
    file = undefined;
  }
  const containing = file === undefined ? [] : folders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  return containing.sort((a, b) => b.length - a.length)[0] ?? folders[0];
}

async function readOne(entry: string, folder: string | undefined): Promise<{ file: IamFileJson; stamp: string }> {
  const full = path.isAbsolute(entry) ? entry : folder !== undefined ? path.join(folder, entry) : undefined;
  if (full === undefined) throw new Error(`"${entry}" is relative and there is no workspace folder`);
  let stat;
  try {
    stat = await fs.stat(full);
  } catch (e) {
    throw new Error(`"${entry}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const stamp = `${full}:${stat.size}:${stat.mtimeMs}`;
  let held = kept.get(full);
  if (held?.stamp !== stamp) {
    held = { stamp, text: await fs.readFile(full, 'utf8') };
    kept.set(full, held);
  }
  return { file: { name: entry, text: held.text }, stamp };
}

/** Reads the configured files for a document; undefined when no authorization files are configured. Throws Error naming a file it cannot read. */
export async function readIamFilesFor(
  documentUri: string,
  settings: { readonly iamFiles?: readonly string[]; readonly organizationFiles?: readonly string[] },
  folders: readonly string[],
): Promise<ReadIamFiles | undefined> {
  if (!settings.iamFiles || settings.iamFiles.length === 0) return undefined;
  const folder = folderOf(documentUri, folders);
  const iam = await Promise.all(settings.iamFiles.map((e) => readOne(e, folder)));
  const organizations = await Promise.all((settings.organizationFiles ?? []).map((e) => readOne(e, folder)));
  return {
    iam: iam.map((r) => r.file),
    organizations: organizations.map((r) => r.file),
    key: [...iam, ...organizations].map((r) => r.stamp).join('|'),
  };
}
