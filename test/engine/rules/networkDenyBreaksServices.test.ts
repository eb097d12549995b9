import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkDenyBreaksServices } from '../../../server/src/engine/rules/networkDenyBreaksServices';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

test('KP513 fires on a Deny outside an IP range, and the fix exempts AWS services', () => {
  const text = policyText([allow(ROOT, 'kms:*'), deny('*', 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })]);
  const f = one(lint(networkDenyBreaksServices, text));
  assert.equal(f.code, 'KP513');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"aws:SourceIp"');
  assert.match(f.message, /also blocks AWS services/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[1].Condition, {
    NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    Bool: { 'aws:ViaAWSService': 'false' },
  });
});

test('KP513 fires on VPC endpoint Denies (negated and Null forms)', () => {
  const text = policyText([
    deny('*', 'kms:Decrypt', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    deny('*', 'kms:Decrypt', { Null: { 'aws:sourcevpc': 'true' } }),
  ]);
  const fs = lint(networkDenyBreaksServices, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"aws:SourceVpce"', '"aws:sourcevpc"']);
});

test('KP513 is quiet with a service exception, on positive Denies and on Allows', () => {
  const text = policyText([
    deny('*', 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Bool: { 'aws:ViaAWSService': 'false' } }),
    deny('*', 'kms:*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, Null: { 'kms:ViaService': 'true' } }),
    deny('*', 'kms:*', { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }),
    allow(ROOT, 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
  ]);
  assert.deepEqual(lint(networkDenyBreaksServices, text), []);
});
