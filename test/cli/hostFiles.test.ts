/** The front doors' file access for templates: the module files a .tf file's policy may be read from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentHints } from '../../server/src/hostFiles';

test("a .tf file's module: the other .tf files of its folder, read again when one of them changes", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kms-module-'));
  try {
    writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_kms_key" "k" {}\n');
    writeFileSync(path.join(dir, 'policy.tf'), 'data "aws_iam_policy_document" "kp" {}\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'not terraform\n');
    const hints = documentHints(pathToFileURL(path.join(dir, 'main.tf')).toString(), 'terraform');
    assert.deepEqual(hints.moduleFiles?.(), [{ name: 'policy.tf', text: 'data "aws_iam_policy_document" "kp" {}\n' }]);
    writeFileSync(path.join(dir, 'policy.tf'), 'data "aws_iam_policy_document" "other" {}\n');
    assert.deepEqual(hints.moduleFiles?.(), [{ name: 'policy.tf', text: 'data "aws_iam_policy_document" "other" {}\n' }]);
    // Only .tf files have a module.
    assert.equal(documentHints(path.join(dir, 'stack.yaml')).moduleFiles, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
