import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viaServiceValue } from '../../../server/src/engine/rules/viaServiceValue';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROLE = { AWS: 'arn:aws:iam::111122223333:role/App' };
const via = (value: unknown, operator = 'StringEquals'): string =>
  policyText([allow(ROLE, 'kms:Decrypt', { [operator]: { 'kms:ViaService': value } })]);
const viaValue = (text: string): unknown => (json(text) as any).Statement[0].Condition.StringEquals['kms:ViaService'];

test('KP502 reports a value without Region as an error and fills in the Region from the settings', () => {
  const text = via('ec2.amazonaws.com');
  const f = one(lint(viaServiceValue, text, { context: { region: 'eu-west-1' } }));
  assert.equal(f.code, 'KP502');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"ec2.amazonaws.com"');
  assert.match(f.message, /"ec2.amazonaws.com" has no Region; .*like "ec2.eu-west-1.amazonaws.com"\), so it never matches/);
  assert.equal(viaValue(applyFix(text, f)), 'ec2.eu-west-1.amazonaws.com');
});

test('KP502 reports a bare service name, without a fix when the Region is unknown', () => {
  const f = one(lint(viaServiceValue, via(['s3.us-east-1.amazonaws.com', 's3'])));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /"s3" has no Region/);
  assert.equal(f.fixes, undefined);
});

test('KP502 reports capitals under a case-sensitive operator and lower-cases them', () => {
  const text = via('EC2.us-east-1.amazonaws.com');
  const f = one(lint(viaServiceValue, text));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /StringEquals compares case-sensitively, so "EC2.us-east-1.amazonaws.com" never matches/);
  assert.equal(viaValue(applyFix(text, f)), 'ec2.us-east-1.amazonaws.com');
  assert.deepEqual(lint(viaServiceValue, via('EC2.us-east-1.amazonaws.com', 'StringEqualsIgnoreCase')), []);
});

test('KP502 suggests a known service by spelling or by name, as a warning', () => {
  const typo = via('secretmanager.us-east-1.amazonaws.com');
  const f = one(lint(viaServiceValue, typo));
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /did you mean "secretsmanager"/);
  assert.equal(viaValue(applyFix(typo, f)), 'secretsmanager.us-east-1.amazonaws.com');
  const ebs = via('ebs.us-east-1.amazonaws.com');
  const g = one(lint(viaServiceValue, ebs));
  assert.match(g.message, /did you mean "ec2" \(Amazon EC2 and Amazon EBS\)/);
  assert.equal(viaValue(applyFix(ebs, g)), 'ec2.us-east-1.amazonaws.com');
});

test('KP502 gives only info for a well-formed value of an unknown service', () => {
  const f = one(lint(viaServiceValue, via('quantumledger.us-east-1.amazonaws.com')));
  assert.equal(f.severity, 'info');
  assert.match(f.message, /"quantumledger" is not a service known/);
});

test('KP502 accepts good values, wildcards under Like, variables and Null', () => {
  const text = policyText([
    allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': ['ec2.us-east-1.amazonaws.com', 'rds.cn-north-1.amazonaws.com.cn'] } }),
    allow(ROLE, 'kms:Decrypt', { StringLike: { 'kms:ViaService': ['*.us-east-1.amazonaws.com', 's3.*'] } }),
    allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.${aws:RequestedRegion}.amazonaws.com' } }),
    allow(ROLE, 'kms:Decrypt', { Null: { 'kms:ViaService': 'false' } }),
    allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-gov-west-1.amazonaws.com' } }),
  ]);
  assert.deepEqual(lint(viaServiceValue, text), []);
});

test('KP502 reports a wildcard value that cannot reach the amazonaws.com domain', () => {
  const f = one(lint(viaServiceValue, via('ec2.us-east-?.example.com', 'StringLike')));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /can never match kms:ViaService/);
});
