import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidCharacter } from '../../../server/src/engine/rules/invalidCharacter';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP116 reports the first character outside Latin-1, counting the rest, with a fix for a curly quote', () => {
  const text = policyText([{ Sid: 'Key user’s access — prod', ...allow('*', 'kms:Decrypt') }]);
  const f = one(lint(invalidCharacter, text));
  assert.equal(f.code, 'KP116');
  assert.equal(reported(text, f), '’');
  assert.match(f.message, /The character "’" \(U\+2019\) is not allowed in a key policy \(1 more after it\): KMS accepts only tab, LF, CR and U\+0020–U\+00FF/);
  assert.equal(JSON.parse(applyFix(text, f)).Statement[0].Sid, "Key user's access — prod");
});

test('KP116 escapes a straight quote inside a string and uses it bare outside one', () => {
  const inside = policyText([{ Sid: 'the “admins”', ...allow('*', 'kms:Decrypt') }]);
  const f = lint(invalidCharacter, inside)[0]!;
  assert.equal(JSON.parse(applyFix(inside, f)).Statement[0].Sid, 'the "admins”');
  const outside = '{“Version”: "2012-10-17"}';
  const g = one(lint(invalidCharacter, outside));
  assert.equal(g.fixes?.[0]?.edits[0]?.newText, '"');
});

test('KP116 reports an astral character as one two-unit span, and zero-width spaces with a removal fix', () => {
  const text = '{"Sid": "🔑"}';
  const f = one(lint(invalidCharacter, text));
  assert.equal(reported(text, f), '🔑');
  assert.match(f.message, /U\+1F511/);
  assert.equal(f.fixes, undefined);
  const zw = '{"Version": "2012-10-17",\u200b"Statement": []}';
  const g = one(lint(invalidCharacter, zw));
  assert.match(g.message, /The character U\+200B is not allowed/);
  assert.equal(g.fixes?.[0]?.title, 'Remove U+200B');
  assert.equal(applyFix(zw, g), '{"Version": "2012-10-17","Statement": []}');
});

test('KP116 accepts tab, CR, LF and all of Latin-1, and leaves a leading BOM to KP005', () => {
  let latin1 = '';
  for (let c = 0x20; c <= 0xff; c++) if (c !== 0x22 && c !== 0x5c) latin1 += String.fromCharCode(c);
  const text = `{\r\n\t"Sid": ${JSON.stringify(latin1)}\n}`;
  assert.deepEqual(lint(invalidCharacter, text), []);
  assert.deepEqual(lint(invalidCharacter, '\ufeff{"Version": "2012-10-17"}'), []);
});
