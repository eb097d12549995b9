/**
 * One mistake gives one finding over the whole rule pack: a mistake several rules can see (a Condition nested
 * in itself, a qualified NullIfExists) is reported by the rule that explains it, and the others stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, createPolicyService } from '../../server/src/engine/index';

const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const use = (condition: unknown) => ({
  Sid: 'Use',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
  Action: 'kms:Decrypt',
  Resource: '*',
  Condition: condition,
});

/** The codes of every finding of the full pack on a policy of the root statement and `statement`. */
function codes(statement: unknown): string[] {
  const service = createPolicyService({ context: { account: '111122223333', region: 'us-east-1' } }, ALL_RULES);
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [ROOT, statement] }, null, 2);
  return service.lint(service.parse(text)).findings.map((f) => f.code);
}

test('a Condition nested in itself is one error (main gave five: KP401, and KP403 and KP101 per operator)', () => {
  assert.deepEqual(codes(use({ Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, Bool: { 'aws:ViaAWSService': 'true' } } })), [
    'KP401',
  ]);
});

test("a key written in its operator's place is one error", () => {
  assert.deepEqual(codes(use({ 'kms:ViaService': { StringEquals: 's3.us-east-1.amazonaws.com' } })), ['KP401']);
});

test('ForAnyValue:NullIfExists is one error (KP410), not KP410 and KP411', () => {
  assert.deepEqual(codes(use({ 'ForAnyValue:NullIfExists': { 'kms:EncryptionContextKeys': 'false' } })), ['KP410']);
});
