import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { complete } from '../../../server/src/engine/features/completion';
import { applyCompletion, cursor } from './helpers';

function at(marked: string, ctx: { account?: string; region?: string } = {}) {
  const { text, offset } = cursor(marked);
  const list = complete(parsePolicy(text), offset, ctx);
  const pick = (label: string) => {
    const item = list.items.find((i) => i.label === label);
    assert.ok(
      item,
      `no item ${label} among ${list.items
        .slice(0, 30)
        .map((i) => i.label)
        .join(', ')}`,
    );
    return applyCompletion(text, item);
  };
  return { list, labels: list.items.map((i) => i.label), pick, text };
}

test('kms actions complete inside an Action string and the result is valid JSON', () => {
  const c = at('{"Statement": [{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:De|"]}]}');
  assert.ok(c.labels.includes('kms:Decrypt'));
  assert.ok(!c.labels.includes('kms:Encrypt'), 'actions already listed are not offered');
  const result = c.pick('kms:Decrypt');
  assert.equal(result, '{"Statement": [{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"]}]}');
  assert.doesNotThrow(() => JSON.parse(result));
});

test('actions rank by relevance: same access level first, IAM-only actions last', () => {
  const c = at('{"Statement": [{"Action": ["kms:Encrypt", "|"]}]}');
  const sort = (l: string) => c.list.items.find((i) => i.label === l)!.sortText!;
  assert.ok(sort('kms:Decrypt') < sort('kms:CreateKey'));
  assert.ok(sort('kms:Decrypt') < sort('kms:ListKeys'));
  assert.ok(c.labels.includes('kms:Describe*'));
  assert.equal(c.pick('kms:Decrypt'), '{"Statement": [{"Action": ["kms:Encrypt", "kms:Decrypt"]}]}');
});

test('a bare Action value gets quotes', () => {
  const c = at('{"Statement": [{"Action": |}]}');
  assert.equal(c.pick('kms:Decrypt'), '{"Statement": [{"Action": "kms:Decrypt"}]}');
});

test('statement keys complete with value templates and commas where needed', () => {
  const c = at('{"Statement": [{"Sid": "x" |}]}');
  assert.ok(c.labels.includes('Effect'));
  assert.ok(!c.labels.includes('Sid'));
  assert.equal(c.pick('Effect'), '{"Statement": [{"Sid": "x" , "Effect": "Allow"}]}');
  const d = at('{"Statement": [{|\n "Sid": "x"}]}');
  assert.equal(d.pick('Resource'), '{"Statement": [{"Resource": "*",\n "Sid": "x"}]}');
});

test('replacing a key that already has a value replaces only the key', () => {
  const c = at('{"Statement": [{"Eff|": "Allow"}]}');
  assert.equal(c.pick('Effect'), '{"Statement": [{"Effect": "Allow"}]}');
});

test('Effect and Version values', () => {
  assert.equal(at('{"Statement": [{"Effect": "|"}]}').pick('Deny'), '{"Statement": [{"Effect": "Deny"}]}');
  assert.equal(at('{"Version": |}').pick('2012-10-17'), '{"Version": "2012-10-17"}');
});

test('top-level keys', () => {
  const c = at('{"Version": "2012-10-17", |}');
  assert.deepEqual(c.labels.sort(), ['Id', 'Statement']);
});

test('condition operators include IfExists and set qualifiers', () => {
  const c = at('{"Statement": [{"Condition": {"|"}}]}');
  for (const l of ['StringEquals', 'StringEqualsIfExists', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'Null', 'Bool', 'IpAddress', 'ArnLike'])
    assert.ok(c.labels.includes(l), l);
  assert.ok(!c.labels.includes('NullIfExists'));
  assert.equal(c.pick('StringEquals'), '{"Statement": [{"Condition": {"StringEquals": {\n  "": ""\n}}}]}');
});

test("condition keys: those supported by the statement's actions rank first; templates get a placeholder", () => {
  const c = at('{"Statement": [{"Action": "kms:CreateGrant", "Condition": {"Bool": {"|"}}}]}');
  const sort = (l: string) => c.list.items.find((i) => i.label === l)!.sortText!;
  assert.ok(sort('kms:GrantIsForAWSResource') < sort('kms:ViaService') || sort('kms:GrantIsForAWSResource') < sort('aws:SourceIp'));
  assert.ok(c.labels.includes('kms:EncryptionContext:<EncryptionContextKey>'));
  assert.equal(
    c.pick('kms:EncryptionContext:<EncryptionContextKey>'),
    '{"Statement": [{"Action": "kms:CreateGrant", "Condition": {"Bool": {"kms:EncryptionContext:EncryptionContextKey": ""}}}]}',
  );
  assert.equal(c.pick('kms:GrantOperations'), '{"Statement": [{"Action": "kms:CreateGrant", "Condition": {"Bool": {"kms:GrantOperations": [ "" ]}}}]}');
});

test('condition values: enumerations, ViaService endpoints, booleans, the account', () => {
  assert.ok(at('{"Statement": [{"Condition": {"StringEquals": {"kms:EncryptionAlgorithm": "|"}}}]}').labels.includes('SYMMETRIC_DEFAULT'));
  const via = at('{"Statement": [{"Condition": {"StringEquals": {"kms:ViaService": "|"}}}]}', { region: 'eu-west-1' });
  assert.equal(via.pick('s3.eu-west-1.amazonaws.com'), '{"Statement": [{"Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}]}');
  const noRegion = at('{"Statement": [{"Condition": {"StringEquals": {"kms:ViaService": "|"}}}]}');
  assert.equal(
    noRegion.pick('s3.<region>.amazonaws.com'),
    '{"Statement": [{"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}',
  );
  assert.deepEqual(at('{"Statement": [{"Condition": {"Bool": {"kms:GrantIsForAWSResource": |}}}]}').labels, ['true', 'false']);
  const acct = at('{"Statement": [{"Condition": {"StringEquals": {"kms:CallerAccount": ["111", "|"]}}}]}', { account: '111122223333' });
  assert.equal(acct.pick('111122223333'), '{"Statement": [{"Condition": {"StringEquals": {"kms:CallerAccount": ["111", "111122223333"]}}}]}');
});

test('principals: type keys and values, the account root when known', () => {
  assert.deepEqual(at('{"Statement": [{"Principal": {"|"}}]}').labels, ['AWS', 'Service']);
  const c = at('{"Statement": [{"Principal": {"AWS": "|"}}]}', { account: '111122223333' });
  assert.equal(c.pick('arn:aws:iam::111122223333:root'), '{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}');
});

test('statement snippets between statements produce valid JSON', () => {
  const c = at('{"Version": "2012-10-17", "Statement": [\n  |\n]}');
  assert.ok(c.labels.length >= 6);
  for (const item of c.list.items) {
    const out = applyCompletion(c.text, item);
    assert.doesNotThrow(() => JSON.parse(out), item.label);
  }
  const d = at('{"Statement": [{"Sid": "a", "Effect": "Allow"} |]}');
  for (const item of d.list.items) assert.doesNotThrow(() => JSON.parse(applyCompletion(d.text, item)), item.label);
});

test('an empty document offers the default key policy', () => {
  const c = at('|', { account: '111122223333' });
  const out = c.pick('Default key policy');
  const policy = JSON.parse(out);
  assert.equal(policy.Statement[0].Principal.AWS, 'arn:aws:iam::111122223333:root');
});

test('the value under the cursor is offered too: an item does not hide itself', () => {
  const c = at('{"Statement": [{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:De|crypt"]}]}');
  assert.ok(c.labels.includes('kms:Decrypt'), 'kms:Decrypt is the item being edited, not one already listed');
  assert.ok(!c.labels.includes('kms:Encrypt'), 'the other items stay out');
  assert.equal(c.pick('kms:Decrypt'), '{"Statement": [{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt"]}]}');
  const single = at('{"Statement": [{"Action": "kms:Encr|ypt"}]}');
  assert.equal(single.pick('kms:Encrypt'), '{"Statement": [{"Action": "kms:Encrypt"}]}');
  assert.ok(
    at('{"Statement": [{"Action": ["kms:Describe*", "kms:Describe|*"]}]}').labels.includes('kms:Describe*') === false,
    'a second copy of a listed wildcard is still hidden',
  );
});

test('the key or operator under the cursor is offered too', () => {
  const key = at('{"Statement": [{"Eff|ect": "Allow", "Sid": "x"}]}');
  assert.ok(key.labels.includes('Effect'));
  assert.ok(!key.labels.includes('Sid'));
  assert.equal(key.pick('Effect'), '{"Statement": [{"Effect": "Allow", "Sid": "x"}]}');
  assert.ok(at('{"Vers|ion": "2012-10-17", "Statement": []}').labels.includes('Version'));
  const op = at('{"Statement": [{"Condition": {"StringEq|uals": {"kms:ViaService": "x"}, "Bool": {}}}]}');
  assert.ok(op.labels.includes('StringEquals'));
  assert.ok(!op.labels.includes('Bool'));
  assert.ok(at('{"Statement": [{"Principal": {"Serv|ice": "x", "AWS": "y"}}]}').labels.includes('Service'));
});
