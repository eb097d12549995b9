import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownService } from '../../../server/src/engine/rules/unknownService';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';
import { allow, applyFix, deny, lint, one, policyText, reported } from './ruleKit';

test('KP210 reports an unknown service prefix with did-you-mean, and the kms fix is preferred', () => {
  const text = policyText([allow('*', ['kms:Encrypt', 'ksm:Decrypt'])]);
  const f = one(lint(unknownService, text));
  assert.equal(f.code, 'KP210');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"ksm:Decrypt"');
  assert.equal(
    f.message,
    '"ksm" is not an AWS service prefix, so "ksm:Decrypt" never matches any request. Did you mean "kms:Decrypt" or "ssm:Decrypt"?',
  );
  assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [['Change to kms:Decrypt', true], ['Change to ssm:Decrypt', false]]);
  assert.equal(applyFix(text, f), policyText([allow('*', ['kms:Encrypt', 'kms:Decrypt'])]));
  assert.equal(applyFix(text, f, 'Change to ssm:Decrypt'), policyText([allow('*', ['kms:Encrypt', 'ssm:Decrypt'])]));
});

test('KP210 reports a made-up service without suggestions, in Action and NotAction, in any statement', () => {
  const text = policyText([deny('*', 'foo:Bar'), { ...allow('*', []), Action: undefined, NotAction: ['kmss:Encrypt*', 's4:GetObject'] }]);
  const found = lint(unknownService, text);
  assert.deepEqual(found.map((f) => reported(text, f)), ['"foo:Bar"', '"kmss:Encrypt*"', '"s4:GetObject"']);
  assert.equal(found[0]!.message, '"foo" is not an AWS service prefix, so "foo:Bar" never matches any request. Write a KMS action as "kms:ActionName".');
  assert.equal(found[0]!.fixes, undefined);
  // A pattern keeps its wildcard; the kms fix is preferred because kms:Encrypt* matches real actions.
  assert.deepEqual(found[1]!.fixes?.map((x) => [x.title, x.preferred ?? false]), [['Change to kms:Encrypt*', true]]);
  assert.equal(JSON.parse(applyFix(text, found[1]!)).Statement[1].NotAction[0], 'kms:Encrypt*');
  // Another service's prefix is offered, but not preferred: in a key policy it would still do nothing (KP205).
  assert.deepEqual(found[2]!.fixes?.map((x) => [x.title, x.preferred ?? false]), [['Change to s3:GetObject', false]]);
});

test('KP210 does not prefer kms when the name is no kms action', () => {
  const text = policyText([allow('*', ['ksm:GetObject'])]);
  const f = one(lint(unknownService, text));
  assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [['Change to kms:GetObject', false], ['Change to ssm:GetObject', false]]);
});

test('KP210 must not fire on real services in any case, "*", wildcard prefixes or malformed actions', () => {
  const text = policyText([
    allow('*', ['kms:Decrypt', 'KMS:Encrypt', 'kms:Nope', 's3:GetObject', 'access-analyzer:ValidatePolicy', 'SMS:GetConnectors', '*', 'k*:Decrypt', '*:Describe*', 'Decrypt', ':x', 'kms:']),
  ]);
  assert.deepEqual(lint(unknownService, text), []);
});

test('with the full pack, an unknown prefix is reported once, by KP210 only', () => {
  const text = policyText([allow({ AWS: 'arn:aws:iam::111122223333:root' }, ['kms:*', 'ksm:Decrypt', 'foo:Bar', 'dms:StartReplicationTask'])]);
  const service = createPolicyService({}, ALL_RULES);
  const findings = service.lint(service.parse(text)).findings.filter((f) => /^KP2/.test(f.code));
  assert.deepEqual(findings.map((f) => [f.code, reported(text, f)]), [
    ['KP210', '"ksm:Decrypt"'],
    ['KP210', '"foo:Bar"'],
    ['KP205', '"dms:StartReplicationTask"'],
  ]);
});
