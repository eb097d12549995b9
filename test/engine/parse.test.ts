import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';

const kinds = (text: string) => parsePolicy(text).syntaxProblems.map((p) => p.kind);

test('a valid policy yields no syntax problems and a full model', () => {
  const text = JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:role/KeyUser', '444455556666'], Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:Encrypt'],
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'], 'kms:CallerAccount': '111122223333' },
            Bool: { 'kms:GrantIsForAWSResource': true },
          },
        },
      ],
    },
    null,
    2,
  );
  const doc = parsePolicy(text, 'file:///p.json');
  assert.deepEqual(doc.syntaxProblems, []);
  const p = doc.policy!;
  assert.equal(p.version?.value, '2012-10-17');
  assert.equal(p.id?.value, 'key-default-1');
  assert.equal(p.statementIsArray, true);
  assert.equal(p.statements.length, 2);
  const [s0, s1] = p.statements;
  assert.equal(s0!.sid?.value, 'Enable IAM User Permissions');
  assert.deepEqual(
    s0!.principal!.entries.map((e) => e.ref),
    [{ kind: 'account', account: '111122223333', partition: 'aws', form: 'arn' }],
  );
  assert.deepEqual(
    s0!.action!.items.map((a) => a.value),
    ['kms:*'],
  );
  assert.equal(s0!.action!.isArray, false);
  assert.equal(s0!.action!.items[0]!.pointer, '/Statement/0/Action');
  assert.equal(text.slice(s0!.action!.items[0]!.offset, s0!.action!.items[0]!.offset + s0!.action!.items[0]!.length), '"kms:*"');
  assert.deepEqual(
    s1!.principal!.entries.map((e) => [e.type, e.ref.kind]),
    [
      ['AWS', 'role'],
      ['AWS', 'account'],
      ['Service', 'service'],
    ],
  );
  assert.equal(s1!.action!.items[1]!.pointer, '/Statement/1/Action/1');
  const clauses = s1!.condition!.clauses;
  assert.deepEqual(
    clauses.map((c) => c.operator.value),
    ['StringEquals', 'Bool'],
  );
  assert.deepEqual(
    clauses[0]!.keys.map((k) => [k.key.value, k.isArray, k.values.map((v) => v.value)]),
    [
      ['kms:ViaService', true, ['s3.us-east-1.amazonaws.com']],
      ['kms:CallerAccount', false, ['111122223333']],
    ],
  );
  assert.equal(clauses[1]!.keys[0]!.values[0]!.value, true);
  assert.equal(clauses[0]!.keys[0]!.values[0]!.pointer, '/Statement/1/Condition/StringEquals/kms:ViaService/0');
});

test('a single-object Statement is normalised to one statement with pointers under /Statement', () => {
  const doc = parsePolicy('{"Statement":{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}}');
  assert.equal(doc.policy!.statementIsArray, false);
  assert.equal(doc.policy!.statements.length, 1);
  assert.equal(doc.policy!.statements[0]!.principal!.entries[0]!.ref.kind, 'any');
  assert.equal(doc.policy!.statements[0]!.action!.items[0]!.pointer, '/Statement/Action');
});

test('comments and trailing commas are reported but analysis goes on', () => {
  const text = '{\n  // note\n  "Version": "2012-10-17",\n  "Statement": [ {"Effect": "Allow",}, ]\n}';
  const doc = parsePolicy(text);
  assert.deepEqual(
    doc.syntaxProblems.map((p) => p.kind),
    ['comment', 'trailing-comma', 'trailing-comma'],
  );
  const comment = doc.syntaxProblems[0]!;
  assert.equal(text.slice(comment.offset, comment.offset + comment.length), '// note');
  const comma = doc.syntaxProblems[1]!;
  assert.equal(text.charAt(comma.offset), ',');
  assert.equal(doc.policy!.version!.value, '2012-10-17');
  assert.equal(doc.policy!.statements[0]!.effect!.value, 'Allow');
});

test('duplicate members are reported with the earlier one as related, and the last value wins', () => {
  const text = '{"Statement": [{"Effect": "Deny", "Effect": "Allow"}]}';
  const doc = parsePolicy(text);
  const dup = doc.syntaxProblems.find((p) => p.kind === 'duplicate-key')!;
  assert.equal(dup.pointer, '/Statement/0/Effect');
  assert.equal(dup.offset, text.lastIndexOf('"Effect"'));
  assert.equal(dup.related!.offset, text.indexOf('"Effect"'));
  assert.equal(doc.policy!.statements[0]!.effect!.value, 'Allow');
});

test('a BOM is reported and offsets stay aligned with the original text', () => {
  const text = '\uFEFF{"Version": "2012-10-17"}';
  const doc = parsePolicy(text);
  assert.deepEqual(kinds(text), ['bom']);
  const v = doc.policy!.version!;
  assert.equal(text.slice(v.offset, v.offset + v.length), '"2012-10-17"');
});

test('empty and whitespace-only text', () => {
  assert.deepEqual(kinds(''), ['empty']);
  assert.deepEqual(kinds('  \n '), ['empty']);
  assert.equal(parsePolicy('').policy, undefined);
});

test('non-object roots give no policy model', () => {
  const doc = parsePolicy('[1,2]');
  assert.deepEqual(doc.syntaxProblems, []);
  assert.equal(doc.policy, undefined);
  assert.equal(doc.root!.type, 'array');
});

test('100,000-deep nesting is refused quickly, without a stack overflow', () => {
  const text = '['.repeat(100_000) + ']'.repeat(100_000);
  const doc = parsePolicy(text);
  assert.deepEqual(
    doc.syntaxProblems.map((p) => p.kind),
    ['too-deep'],
  );
  assert.equal(doc.syntaxProblems[0]!.offset, 256);
  const objects = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
  assert.deepEqual(kinds(objects), ['too-deep']);
});

test('deep but legal nesting below the limit still parses', () => {
  const text = '{"Statement":[{"Condition":' + '{"a":'.repeat(200) + '1' + '}'.repeat(200) + '}]}';
  const doc = parsePolicy(text);
  assert.deepEqual(doc.syntaxProblems, []);
  assert.equal(doc.policy!.statements.length, 1);
});

test('wrong types everywhere give a model, not an exception', () => {
  const doc = parsePolicy(
    '{"Version": 1, "Statement": [5, "x", {"Effect": 3, "Action": [1, "kms:Decrypt", null], "Principal": ["a"], "Condition": {"StringEquals": 4, "Bool": {"k": {"x": 1}}}}]}',
  );
  const s = doc.policy!.statements;
  assert.equal(doc.policy!.version, undefined);
  assert.deepEqual(
    s.map((x) => x.isObject),
    [false, false, true],
  );
  assert.equal(s[2]!.effect, undefined);
  assert.deepEqual(
    s[2]!.action!.items.map((a) => a.value),
    ['kms:Decrypt'],
  );
  assert.deepEqual(s[2]!.principal!.entries, []);
  assert.deepEqual(
    s[2]!.condition!.clauses.map((c) => [c.operator.value, c.keys.length]),
    [
      ['StringEquals', 0],
      ['Bool', 1],
    ],
  );
  assert.deepEqual(s[2]!.condition!.clauses[1]!.keys[0]!.values, []);
});

test('positions: offsetAt and positionAt agree across CRLF, CR and LF line ends', () => {
  const text = '{\r\n"a": 1,\r"b": 2,\n"c": 3}';
  const doc = parsePolicy(text);
  for (let o = 0; o <= text.length; o++) {
    const pos = doc.positionAt(o);
    if (text.charAt(o - 1) === '\r' && text.charAt(o) === '\n') continue; // inside a CRLF pair
    assert.equal(doc.offsetAt(pos), o, `offset ${o}`);
  }
  assert.deepEqual(doc.positionAt(text.indexOf('"c"')), { line: 3, character: 0 });
});

test('byteLength counts UTF-8 bytes', () => {
  assert.equal(parsePolicy('{"Id":"é€😀"}').byteLength, 7 + 2 + 3 + 4 + 2);
});

test('property: asciiOnly and byteLength are exact for valid JSON, broken JSON, a BOM and junk', () => {
  const texts = fc.oneof(
    fc.jsonValue({ stringUnit: 'binary' }).map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary' }),
    fc.tuple(fc.constantFrom('\ufeff', '{"a":"', '{"a":1,}', '// c\n'), fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
  );
  fc.assert(
    fc.property(texts, (text) => {
      const doc = parsePolicy(text);
      assert.equal(doc.asciiOnly, !/[^\x00-\x7f]/.test(text), JSON.stringify(text));
      assert.equal(doc.byteLength, Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    }),
    { numRuns: 1000 },
  );
});

test('principal strings are typed', () => {
  const doc = parsePolicy(
    JSON.stringify({
      Statement: [
        {
          Principal: {
            AWS: [
              'arn:aws:iam::111122223333:user/path/to/Alice',
              'arn:aws:sts::111122223333:assumed-role/Admin/jane',
              'arn:aws:iam::*:root',
              'AIDAJQABLZS4A3QDU576Q',
              'arn:aws:iam::111122223333:group/Devs',
              'arn:aws-cn:iam::111122223333:role/R',
            ],
            Service: ['ec2.amazonaws.com', 'EC2'],
            Federated: 'cognito-identity.amazonaws.com',
          },
        },
      ],
    }),
  );
  const refs = doc.policy!.statements[0]!.principal!.entries.map((e) => e.ref);
  assert.deepEqual(refs[0], {
    kind: 'user',
    account: '111122223333',
    partition: 'aws',
    arn: 'arn:aws:iam::111122223333:user/path/to/Alice',
    path: '/path/to/',
    name: 'Alice',
  });
  assert.deepEqual(refs[1], {
    kind: 'assumed-role',
    account: '111122223333',
    partition: 'aws',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
    path: '/',
    name: 'Admin',
    session: 'jane',
  });
  assert.deepEqual(refs[2], { kind: 'invalid', reason: 'partial-wildcard', text: 'arn:aws:iam::*:root' });
  assert.deepEqual(refs[3], { kind: 'unique-id', id: 'AIDAJQABLZS4A3QDU576Q', idType: 'user' });
  assert.equal(refs[4]!.kind, 'group');
  assert.equal((refs[5] as { partition: string }).partition, 'aws-cn');
  assert.deepEqual(refs[6], { kind: 'service', service: 'ec2.amazonaws.com' });
  assert.deepEqual(refs[7], { kind: 'invalid', reason: 'bad-service', text: 'EC2' });
  assert.deepEqual(refs[8], { kind: 'federated', provider: 'cognito-identity.amazonaws.com' });
});
