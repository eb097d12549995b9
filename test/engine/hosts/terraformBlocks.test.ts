/**
 * The Terraform reader parses only the KMS-relevant top-level blocks of a file in `terraform fmt`'s layout
 * (blocks.ts): which blocks those are, where each ends (a `}` at column 0, never one inside a heredoc), and which
 * layouts are refused (the caller then parses the whole text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relevantBlocks } from '../../../server/src/engine/parse/terraform/blocks';

/** The relevant blocks' texts, or undefined when the layout is refused. */
function cut(text: string): string[] | undefined {
  return relevantBlocks(text)?.map((r) => text.slice(r.start, r.end));
}

test('the relevant blocks of a file in fmt layout: key resources, policy documents, locals; each to its closing brace', () => {
  const cases: [string, string, string[] | undefined][] = [
    [
      'key resources, one-line blocks included; other resources and data sources left out',
      'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n\nresource "aws_kms_key" "k" {\n  policy = "x"\n}\ndata "x" "y" {}\nresource "aws_kms_key" "e" {}\n',
      ['resource "aws_kms_key" "k" {\n  policy = "x"\n}', 'resource "aws_kms_key" "e" {}'],
    ],
    [
      'policy documents and locals',
      'data "aws_iam_policy_document" "d" {\n}\nlocals {\n  a = 1\n}\nvariable "v" {\n}\n',
      ['data "aws_iam_policy_document" "d" {\n}', 'locals {\n  a = 1\n}'],
    ],
    [
      'a heredoc: a } at column 0 in it closes nothing, nor does its marker inside a line',
      'resource "aws_kms_key" "k" {\n  policy = <<EOF\n{\n}\n  "EOF": 1\nEOF\n}\n',
      ['resource "aws_kms_key" "k" {\n  policy = <<EOF\n{\n}\n  "EOF": 1\nEOF\n}'],
    ],
    [
      'an indented heredoc',
      'resource "aws_kms_key" "k" {\n  policy = <<-EOT\n    {}\n    EOT\n}\n',
      ['resource "aws_kms_key" "k" {\n  policy = <<-EOT\n    {}\n    EOT\n}'],
    ],
    [
      '<< in a string opens no heredoc; a heredoc after it on a later line does',
      'resource "aws_kms_key" "k" {\n  p = "a << b"\n  q = <<POLICY\n}\nPOLICY\n}\n',
      ['resource "aws_kms_key" "k" {\n  p = "a << b"\n  q = <<POLICY\n}\nPOLICY\n}'],
    ],
    [
      'CRLF line breaks',
      'resource "aws_kms_key" "k" {\r\n  policy = <<EOF\r\n}\r\nEOF\r\n}\r\n',
      ['resource "aws_kms_key" "k" {\r\n  policy = <<EOF\r\n}\r\nEOF\r\n}\r'],
    ],
    [
      'comments between blocks, a block comment hiding a header, comments after braces',
      '# c\n// c\n/* a\nresource "x" {\n*/\nresource "aws_kms_key" "k" { # c\n} // c\n',
      ['resource "aws_kms_key" "k" { # c\n} // c'],
    ],
    [
      'labels quoted or bare, after spaces or tabs; only the first says what the block is',
      'resource aws_kms_key k {\n}\ndata\t"aws_iam_policy_document"  d {\n}\ndata "aws_iam_policy_documents" "d" {\n}\nmodule "aws_kms_key" {\n}\nresource "aws_kms" "aws_kms_key" {\n}\n',
      ['resource aws_kms_key k {\n}', 'data\t"aws_iam_policy_document"  d {\n}'],
    ],
    // Refused: the caller parses the whole text.
    ['a header not at column 0', '  resource "aws_kms_key" "k" {\n}\n', undefined],
    ['a block never closed', 'resource "aws_kms_key" "k" {\n  a = 1\n', undefined],
    ['a heredoc never closed', 'resource "aws_kms_key" "k" {\n  policy = <<EOF\n}\n', undefined],
    ['text after a closing brace', 'resource "aws_kms_key" "k" {\n}x\n', undefined],
  ];
  for (const [name, text, expected] of cases) assert.deepEqual(cut(text), expected, name);
});
