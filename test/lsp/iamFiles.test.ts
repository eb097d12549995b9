/**
 * The worker's side of the IAM files (server/src/lsp/iamFiles.ts filesFor): the same stamp gives the same lists
 * (so the engine's IAM data read from them is reused), a new stamp reads the files again, and a file that went
 * away after the server stamped it is an IamFileUnreadable naming it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesFor, IamFileUnreadable } from '../../server/src/lsp/iamFiles';

test('the same stamp gives the same lists; a new stamp reads the files again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-iam-files-'));
  try {
    const file = path.join(dir, 'details.json');
    fs.writeFileSync(file, '{"UserDetailList": []}');
    const refs = { iam: [{ name: 'details.json', path: file }], organizations: [] };
    const first = filesFor({ ...refs, key: 'a' });
    assert.equal(first.iam[0]?.text, '{"UserDetailList": []}');
    fs.writeFileSync(file, '{"RoleDetailList": []}');
    assert.equal(filesFor({ ...refs, key: 'a' }).iam, first.iam, 'read again under the same stamp');
    const second = filesFor({ ...refs, key: 'b' });
    assert.notEqual(second.iam, first.iam);
    assert.equal(second.iam[0]?.text, '{"RoleDetailList": []}');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file gone since it was stamped is IamFileUnreadable, naming it as the settings do', () => {
  const missing = path.join(os.tmpdir(), 'kms-iam-files-absent', 'gone.json');
  assert.throws(
    () => filesFor({ iam: [{ name: 'iam/gone.json', path: missing }], organizations: [], key: 'gone' }),
    (e: Error) => e instanceof IamFileUnreadable && e.message === '"iam/gone.json" cannot be read (ENOENT)',
  );
});
