/**
 * StatementFacts.impossibleTests and canMatch: the condition tests that can never be true, read once for the
 * rules that say what a statement grants, and the catalog fact behind the fixed-value ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';
import { factsOf } from '../../server/src/engine/facts';
import { fixedValue } from '../../server/src/engine/catalog';

/** The facts of the only statement of a policy with this Condition. */
function withCondition(condition: unknown) {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: condition }],
  });
  const statement = parsePolicy(text).policy?.statements[0];
  assert.ok(statement);
  return factsOf(statement);
}

const reasons = (condition: unknown): string[] => withCondition(condition).impossibleTests.map((t) => `${t.reason} ${t.test.entry.key.value}`);

test('an empty value list under a positive operator without IfExists never holds', () => {
  assert.deepEqual(reasons({ ArnEquals: { 'aws:PrincipalArn': [] } }), ['empty-values aws:PrincipalArn']);
  assert.deepEqual(reasons({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': [] } }), ['empty-values kms:EncryptionContextKeys']);
  assert.equal(withCondition({ ArnEquals: { 'aws:PrincipalArn': [] } }).canMatch, false);
});

test('empty lists that can still hold: IfExists, ForAllValues, negated operators, Null', () => {
  for (const op of ['ArnEqualsIfExists', 'ForAllValues:StringEquals', 'StringNotEquals', 'Null']) {
    assert.deepEqual(reasons({ [op]: { 'aws:PrincipalArn': [] } }), [], op);
  }
  assert.equal(withCondition({ StringEquals: { 'kms:CallerAccount': '111122223333' } }).canMatch, true);
});

test('a test that the fixed aws:SecureTransport=true fails never holds; one it passes does', () => {
  assert.deepEqual(fixedValue('AWS:SECURETRANSPORT')?.values, ['true']);
  assert.equal(fixedValue('aws:SourceIp'), undefined);
  assert.deepEqual(reasons({ Bool: { 'aws:SecureTransport': 'false' } }), ['fixed-value aws:SecureTransport']);
  assert.deepEqual(reasons({ Bool: { 'aws:SecureTransport': false } }), ['fixed-value aws:SecureTransport']);
  assert.deepEqual(reasons({ BoolIfExists: { 'aws:securetransport': 'false' } }), ['fixed-value aws:securetransport']);
  assert.deepEqual(reasons({ StringNotEquals: { 'aws:SecureTransport': 'true' } }), ['fixed-value aws:SecureTransport']);
  assert.deepEqual(reasons({ Null: { 'aws:SecureTransport': 'true' } }), ['fixed-value aws:SecureTransport']);
  assert.deepEqual(reasons({ Bool: { 'aws:SecureTransport': 'true' }, Null: { 'aws:SecureTransport': 'false' } }), []);
});
