import { test } from 'node:test';
import assert from 'node:assert/strict';
import { malformedAction } from '../../../server/src/engine/rules/malformedAction';
import { parseAction } from '../../../server/src/engine/facts';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP202 reports an action without a service prefix and adds kms:', () => {
  const text = policyText([allow('*', ['Decrypt', 'kms:Encrypt'])]);
  const f = one(lint(malformedAction, text));
  assert.equal(f.code, 'KP202');
  assert.equal(reported(text, f), '"Decrypt"');
  assert.match(f.message, /"Decrypt" is not a valid action: it has no service prefix \(write "service:Action", e\.g\. "kms:Decrypt"\)\. It never matches, so it has no effect\. Did you mean "kms:Decrypt"\?/);
  assert.equal(applyFix(text, f), policyText([allow('*', ['kms:Decrypt', 'kms:Encrypt'])]));
});

test('KP202 trims spaces and reports empty parts and extra colons', () => {
  const text = policyText([allow('*', [' kms:Decrypt', 'kms:', ':Decrypt', 'kms:Decrypt:x', 'kms:De crypt'])]);
  const found = lint(malformedAction, text);
  assert.deepEqual(found.map((f) => reported(text, f)), ['" kms:Decrypt"', '"kms:"', '":Decrypt"', '"kms:Decrypt:x"', '"kms:De crypt"']);
  assert.match(found[1]!.message, /the action name after ":" is empty\. It never matches, so it has no effect\. Write it as "kms:ActionName"\./);
  assert.match(found[2]!.message, /the service prefix before ":" is empty/);
  assert.match(found[3]!.message, /more than one ":"/);
  assert.match(found[4]!.message, /the action name "De crypt" has characters an action name cannot have/);
  assert.equal(JSON.parse(applyFix(text, found[0]!)).Statement[0].Action[0], 'kms:Decrypt');
  assert.deepEqual(found.slice(1).map((f) => f.fixes), [undefined, undefined, undefined, undefined]);
});

test('KP202 leaves well-formed actions alone, unknown service prefixes included (KP210)', () => {
  const text = policyText([allow('*', ['ksm:Decrypt', 'kmss:Encrypt*', 'sms:GetConnectors', 'foo:Bar', 'kms:Decrypt'])]);
  assert.deepEqual(lint(malformedAction, text), []);
});

test('parseAction', () => {
  assert.deepEqual(parseAction('*'), { kind: 'all' });
  assert.deepEqual(parseAction('k*:Get?'), { kind: 'action', service: 'k*', name: 'Get?', serviceWildcard: true, nameWildcard: true });
  assert.equal(parseAction('kms').kind, 'malformed');
});
