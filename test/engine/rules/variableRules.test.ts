import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanVariables } from '../../../server/src/engine/facts';
import { malformedPolicyVariable } from '../../../server/src/engine/rules/malformedPolicyVariable';
import { variableInUnsupportedElement } from '../../../server/src/engine/rules/variableInUnsupportedElement';
import { variableNeedsVersion } from '../../../server/src/engine/rules/variableNeedsVersion';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (value: unknown) => ({ StringEquals: { 'kms:EncryptionContext:user': value } });

test('scanVariables classifies escapes, defaults and each malformation', () => {
  const scan = (s: string) => scanVariables(s).map((t) => [s.slice(t.start, t.end), t.escape, t.problem ?? 'ok']);
  assert.deepEqual(scan("a${aws:username}b${*}${aws:PrincipalTag/team, 'none'}"), [
    ['${aws:username}', false, 'ok'],
    ['${*}', true, 'ok'],
    ["${aws:PrincipalTag/team, 'none'}", false, 'ok'],
  ]);
  assert.deepEqual(scan('${aws:username'), [['${aws:username', false, 'missing-brace']]);
  assert.deepEqual(scan('${a${aws:userid}'), [['${a', false, 'missing-brace'], ['${aws:userid}', false, 'ok']]);
  assert.deepEqual(scan('x${}y${ }'), [['${}', false, 'empty'], ['${ }', false, 'empty']]);
  assert.deepEqual(scan('${aws: username}'), [['${aws: username}', false, 'space']]);
  assert.deepEqual(scan('${aws:username, none}'), [['${aws:username, none}', false, 'missing-quote']]);
  assert.deepEqual(scan('no variables $ { }'), []);
});

test('KP430 reports the malformed variable and repairs it', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', cond(['${aws:username', 'x-${aws: username}', "${aws:PrincipalTag/team, none}", 'a${}b'])),
  ]);
  const fs = lint(malformedPolicyVariable, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['${aws:username', '${aws: username}', '${aws:PrincipalTag/team, none}', '${}']);
  assert.match(fs[0]!.message, /has no closing "}"/);
  assert.match(fs[1]!.message, /has spaces in its key name/);
  assert.match(fs[2]!.message, /must be in single quotes, e\.g\. \$\{aws:PrincipalTag\/team, 'none'\}/);
  assert.match(fs[3]!.message, /names no key/);
  const values = (i: number) => (json(applyFix(text, fs[i]!)) as any).Statement[0].Condition.StringEquals['kms:EncryptionContext:user'];
  assert.equal(values(0)[0], '${aws:username}');
  assert.equal(values(1)[1], 'x-${aws:username}');
  assert.equal(values(2)[2], "${aws:PrincipalTag/team, 'none'}");
  assert.equal(fs[3]!.fixes, undefined);
});

test('KP430 is quiet on well-formed variables and escapes, and points at the whole string when it has JSON escapes', () => {
  const good = policyText([allow(ROOT, 'kms:Decrypt', cond(["${aws:username}", "${aws:PrincipalTag/team, 'x'}", '${*}${?}${$}']))]);
  assert.deepEqual(lint(malformedPolicyVariable, good), []);
  const escaped = good.replace('"${aws:username}"', '"\\u0024{aws:username"');
  const f = one(lint(malformedPolicyVariable, escaped));
  assert.equal(reported(escaped, f), '"\\u0024{aws:username"');
  assert.equal(f.fixes, undefined);
});

test('KP431 fires on variables in Principal, Action, Sid, condition keys and the head of a Resource ARN', () => {
  const text = policyText([
    {
      Sid: 'For ${aws:username}',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' },
      Action: 'kms:${x}',
      Resource: ['arn:aws:kms:${aws:RequestedRegion}:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:key/${aws:username}'],
      Condition: { StringEquals: { 'kms:EncryptionContext:${aws:username}': 'x', 'kms:CallerAccount': '${aws:PrincipalAccount}' } },
    },
  ]);
  const fs = lint(variableInUnsupportedElement, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['${aws:username}', '${aws:username}', '${x}', '${aws:RequestedRegion}', '${aws:username}']);
  assert.deepEqual(fs.map((f) => f.at.pointer), [
    '/Statement/0/Sid',
    '/Statement/0/Principal/AWS',
    '/Statement/0/Action',
    '/Statement/0/Resource/0',
    '/Statement/0/Condition/StringEquals/kms:EncryptionContext:${aws:username}',
  ]);
  assert.match(fs[1]!.message, /not supported in a Principal: "\$\{aws:username\}" is read literally/);
  assert.match(fs[3]!.message, /the first five parts of a Resource ARN/);
});

test('KP432 fires under 2008-10-17 and without Version, with a fix to 2012-10-17', () => {
  const old = policyText([allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))], '2008-10-17');
  const f = one(lint(variableNeedsVersion, old));
  assert.equal(f.code, 'KP432');
  assert.equal(reported(old, f), '${aws:username}');
  assert.match(f.message, /In Version "2008-10-17", "\$\{aws:username\}" is not substituted/);
  assert.equal((json(applyFix(old, f)) as any).Version, '2012-10-17');
  const none = JSON.stringify({ Statement: [allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))] }, null, 2);
  const g = one(lint(variableNeedsVersion, none));
  assert.match(g.message, /In a policy without a Version/);
  const fixed = applyFix(none, g);
  assert.deepEqual(Object.keys(json(fixed) as object), ['Version', 'Statement']);
  assert.ok(fixed.startsWith('{\n  "Version": "2012-10-17",\n  "Statement"'));
});

test('KP432 sees a variable written with a JSON escape (\\u0024{…}), where the text itself holds no "${"', () => {
  const escaped = policyText([allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))], '2008-10-17').replace('${aws:username}', '\\u0024{aws:username}');
  assert.ok(!escaped.includes('${'));
  assert.match(one(lint(variableNeedsVersion, escaped)).message, /is not substituted/);
});

test('KP432 is quiet under 2012-10-17, with no variables, and leaves other Versions to KP103', () => {
  assert.deepEqual(lint(variableNeedsVersion, policyText([allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))])), []);
  assert.deepEqual(lint(variableNeedsVersion, policyText([allow(ROOT, 'kms:Decrypt', cond('x'))], '2008-10-17')), []);
  assert.deepEqual(lint(variableNeedsVersion, policyText([allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))], '2012-10-18')), []);
});
