import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownElement } from '../../../server/src/engine/rules/unknownElement';
import { applyFix, lint, one, policyText, reported } from './ruleKit';

const base = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };

test('KP102 reports a wrong-case element with a preferred fix that restores the name', () => {
  const text = policyText([{ effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]);
  const f = one(lint(unknownElement, text));
  assert.equal(f.code, 'KP102');
  assert.equal(reported(text, f), '"effect"');
  assert.match(f.message, /"effect" is not an element of a statement; KMS rejects the policy\. Element names are case-sensitive: write "Effect"\./);
  assert.equal(f.fixes?.[0]?.title, 'Change to "Effect"');
  assert.equal(f.fixes?.[0]?.preferred, true);
  assert.deepEqual(JSON.parse(applyFix(text, f)).Statement[0], base);
});

test('KP102 suggests the nearest element for a misspelling, top level included', () => {
  const top = JSON.stringify({ Version: '2012-10-17', Statment: [base] });
  const f = one(lint(unknownElement, top));
  assert.equal(reported(top, f), '"Statment"');
  assert.match(f.message, /Did you mean "Statement"\?/);
  assert.equal(f.fixes?.[0]?.preferred, undefined);
  assert.deepEqual(Object.keys(JSON.parse(applyFix(top, f))), ['Version', 'Statement']);
  const text = policyText([{ ...base, Actions: ['kms:Decrypt'], Resorce: '*' }]);
  const found = lint(unknownElement, text);
  assert.deepEqual(found.map((x) => reported(text, x)), ['"Actions"', '"Resorce"']);
  // "Action" already exists in the statement, so renaming "Actions" would duplicate it: no fix.
  assert.equal(found[0]!.fixes, undefined);
  assert.equal(found[1]!.fixes, undefined);
});

test('KP102 names the element list when nothing is close, and flags elements at the wrong level', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Effect: 'Allow', Statement: [{ ...base, Comment: 'x', Version: '2012-10-17' }] });
  const found = lint(unknownElement, text);
  assert.deepEqual(found.map((f) => reported(text, f)), ['"Effect"', '"Comment"', '"Version"']);
  assert.match(found[0]!.message, /"Effect" belongs in a statement, not in a key policy/);
  assert.match(found[1]!.message, /A statement may only use "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"\./);
  assert.match(found[2]!.message, /"Version" belongs in the top level of the policy, not in a statement/);
  const removed = JSON.parse(applyFix(text, found[0]!, 'Remove "Effect"'));
  assert.deepEqual(Object.keys(removed), ['Version', 'Statement']);
});

test('KP102 accepts every documented element', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-policy',
    Statement: [
      { Sid: 'A b', ...base, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, NotAction: 'kms:Describe*', NotResource: '*' },
    ],
  });
  assert.deepEqual(lint(unknownElement, text), []);
});
