import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService } from '../../../server/src/engine';
import { cursor } from './helpers';

const service = createPolicyService();
function hoverText(marked: string): string {
  const { text, offset } = cursor(marked);
  const doc = service.parse(text);
  const h = service.hover(doc, offset);
  return h ? (h.contents as { value: string }).value : '';
}

test('hover on an action shows description, access level, resource types, condition keys and the reference link', () => {
  const t = hoverText('{"Statement": [{"Action": "kms:Dec|rypt"}]}');
  assert.match(t, /\*\*kms:Decrypt\*\* — Write/);
  assert.match(t, /Resource types: key/);
  assert.match(t, /kms:EncryptionContext/);
  assert.match(t, /Cross-account: yes/);
  assert.match(t, /\[AWS KMS API Reference\]\(https:\/\//);
});

test('hover on an IAM-only action says it has no effect in a key policy', () => {
  assert.match(hoverText('{"Statement": [{"Action": "kms:Create|Key"}]}'), /no effect in a key policy/);
});

test('hover on a wildcard lists the matched actions', () => {
  assert.match(hoverText('{"Statement": [{"Action": "kms:Desc|ribe*"}]}'), /matches \d+ actions?:[\s\S]*kms:DescribeKey/);
});

test('hover on a condition key, a templated key and an operator', () => {
  assert.match(hoverText('{"Statement": [{"Condition": {"StringEquals": {"kms:Via|Service": "x"}}}]}'), /kms:ViaService\*\* — String, single-valued/);
  const ec = hoverText('{"Statement": [{"Condition": {"StringEquals": {"kms:EncryptionContext:Dep|t": "x"}}}]}');
  assert.match(ec, /EncryptionContextKey: `Dept`/);
  const op = hoverText('{"Statement": [{"Condition": {"StringNotEquals|IfExists": {}}}]}');
  assert.match(op, /IfExists/);
  assert.match(hoverText('{"Statement": [{"Condition": {"ForAllValues:String|Equals": {}}}]}'), /true when the key is absent or empty/);
});

test('hover on principals says who they are', () => {
  assert.match(hoverText('{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:ro|ot"}}]}'), /account 111122223333 — delegates to its IAM policies/);
  assert.match(
    hoverText('{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:role/A|pp"}}]}'),
    /IAM role App in account 111122223333 — every session/,
  );
  assert.match(hoverText('{"Statement": [{"Principal": "|*"}]}'), /everyone/);
});

test('hover on a Sid summarises the statement', () => {
  const t = hoverText(
    '{"Statement": [{"Sid": "Key|Users", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}',
  );
  assert.match(t, /\*\*KeyUsers\*\*/);
  assert.match(t, /Allows kms:Decrypt to IAM role App in account 111122223333 when kms:ViaService StringEquals s3\.us-east-1\.amazonaws\.com/);
});

test('hover shows the rule finding at the cursor', () => {
  const t = hoverText(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrpyt|", "Resource": "*"}]}',
  );
  assert.match(t, /KP2\d\d/);
});

test('no hover on whitespace', () => {
  assert.equal(hoverText('{ |"Version": "2012-10-17"}'), '');
});
