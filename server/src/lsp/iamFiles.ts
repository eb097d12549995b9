/**
 * The IAM files a folder's settings name (kmsKeyPolicy.iam.authorizationFiles and organizationFiles), for the
 * question lenses. Relative entries resolve against the workspace folder holding the document (the first folder
 * when none does), absolute ones stay.
 *
 * The server only finds the files and stamps them (path, size, modification time): an authorization-details file
 * can be tens of megabytes, and reading or copying it on the server's thread would hold up every request. The
 * analysis worker reads them (`filesFor`) and keeps them while the stamp holds, so the three lenses of every
 * document version share one read and one parse (the engine reads the IAM data once per file list).
 */
import { readFileSync, unwatchFile, watchFile, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IamFileJson } from '../engine';

/** One configured file: its name as the settings write it, and where it is. */
export interface IamFileRef {
  readonly name: string;
  readonly path: string;
}

/** The files configured for a document, and a stamp that changes when any of them does. */
export interface IamFilesFor {
  readonly iam: readonly IamFileRef[];
  readonly organizations: readonly IamFileRef[];
  readonly key: string;
}

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

async function locate(entry: string, folder: string | undefined): Promise<{ ref: IamFileRef; stamp: string }> {
  const full = path.isAbsolute(entry) ? entry : folder !== undefined ? path.join(folder, entry) : undefined;
  if (full === undefined) throw new Error(`"${entry}" is relative and there is no workspace folder`);
  let stat;
  try {
    stat = await fs.stat(full);
  } catch (e) {
    throw new Error(`"${entry}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { ref: { name: entry, path: full }, stamp: `${full}:${stat.size}:${stat.mtimeMs}` };
}

/** Finds the configured files for a document; undefined when no authorization files are configured. Throws Error naming a file it cannot read. */
export async function iamFilesFor(
  documentUri: string,
  settings: { readonly iamFiles?: readonly string[]; readonly organizationFiles?: readonly string[] },
  folders: readonly string[],
): Promise<IamFilesFor | undefined> {
  if (!settings.iamFiles || settings.iamFiles.length === 0) return undefined;
  const folder = folderOf(documentUri, folders);
  const iam = await Promise.all(settings.iamFiles.map((e) => locate(e, folder)));
  const organizations = await Promise.all((settings.organizationFiles ?? []).map((e) => locate(e, folder)));
  return {
    iam: iam.map((r) => r.ref),
    organizations: organizations.map((r) => r.ref),
    key: [...iam, ...organizations].map((r) => r.stamp).join('|'),
  };
}

/** The files the worker read last, under the stamp they were read for. */
let held: { readonly key: string; readonly iam: readonly IamFileJson[]; readonly organizations: readonly IamFileJson[] } | undefined;

function readRef(ref: IamFileRef): IamFileJson {
  try {
    return { name: ref.name, text: readFileSync(ref.path, 'utf8') };
  } catch (e) {
    throw new IamFileUnreadable(`"${ref.name}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** A configured file the worker could not read (it changed or went away after the server stamped it). */
export class IamFileUnreadable extends Error {}

/**
 * The texts of the files (in the analysis worker): read when the stamp is new, else the lists read before, the
 * same objects, so the engine's IAM data read from them is reused too. Throws IamFileUnreadable.
 */
export function filesFor(files: IamFilesFor): { readonly iam: readonly IamFileJson[]; readonly organizations: readonly IamFileJson[] } {
  if (held?.key !== files.key) {
    // Dropped first: the old texts (tens of megabytes) are not kept while the new ones are read, nor after a read fails.
    held = undefined;
    held = { key: files.key, iam: files.iam.map(readRef), organizations: files.organizations.map(readRef) };
  }
  return held;
}

/** How often a watched IAM file's size and time are checked: files are replaced by a new download, not typed. */
const WATCH_INTERVAL_MS = 2000;

/**
 * Watches the IAM files lens answers read (on the server): when one changes, `changed` runs once per change, so
 * the client resolves the lenses again (they read the file again through the new stamp). Polling the file's stat
 * follows a file replaced by a rename, which a file-system watch does not. Files no longer configured are
 * dropped with `retain`; `dispose` stops every watch.
 */
export class IamFileWatch {
  private readonly watched = new Set<string>();

  constructor(
    private readonly changed: () => void,
    private readonly interval = WATCH_INTERVAL_MS,
  ) {}

  /** Watches the files a lens read (those watched already stay as they are). */
  add(files: IamFilesFor): void {
    for (const ref of [...files.iam, ...files.organizations]) {
      if (this.watched.has(ref.path)) continue;
      this.watched.add(ref.path);
      watchFile(ref.path, { persistent: false, interval: this.interval }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) this.changed();
      });
    }
  }

  /** Stops watching every file (settings changed: the next lens answers watch what they read). */
  dispose(): void {
    for (const p of this.watched) unwatchFile(p);
    this.watched.clear();
  }
}
