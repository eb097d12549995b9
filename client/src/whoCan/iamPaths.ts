/** The IAM files settings' paths: entries relative to the workspace folder, or absolute. No vscode (tested in test/client). */
import * as path from 'node:path';

/** Where a configured entry points: absolute entries as they are, relative ones under the folder. */
export function resolveConfiguredPath(folder: string | undefined, entry: string): string | undefined {
  if (path.isAbsolute(entry)) return path.normalize(entry);
  return folder === undefined ? undefined : path.join(folder, entry);
}

/** How a chosen file is written into the setting: relative to the folder when inside it, else absolute. */
export function settingEntry(folder: string | undefined, file: string): string {
  if (folder === undefined) return file;
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}
