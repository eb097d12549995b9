import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privateIpInSourceIp } from '../../../server/src/engine/rules/privateIpInSourceIp';
import { cidrHostBits } from '../../../server/src/engine/rules/cidrHostBits';
import { invalidVpcValue } from '../../../server/src/engine/rules/invalidVpcValue';
import { aliasConditionValue } from '../../../server/src/engine/rules/aliasConditionValue';
import { redundantNumericValues } from '../../../server/src/engine/rules/redundantNumericValues';
import { readCidrBlock, privateBlockOf } from '../../../server/src/engine/catalog';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (text: string) => (json(text) as any).Statement[0].Condition;

test('readCidrBlock reads IPv4 and IPv6, finds host bits and private blocks', () => {
  assert.deepEqual(
    ['10.1.2.3/16', '203.0.113.0/24', '192.168.1.1', '2001:db8::1/32', '::ffff:10.0.0.1/128', 'fd00::/8', '300.1.1.1', '1.2.3/8', '10.0.0.0/33', '2001:db8:::1'].map((s) => {
      const b = readCidrBlock(s);
      return b ? [b.network, b.hostBitsSet, privateBlockOf(b) ?? null] : null;
    }),
    [
      ['10.1.0.0/16', true, 'private (RFC 1918)'],
      ['203.0.113.0/24', false, null],
      ['192.168.1.1/32', false, 'private (RFC 1918)'],
      ['2001:db8::/32', true, null],
      ['::ffff:a00:1/128', false, null],
      ['fd00::/8', false, 'unique local (IPv6)'],
      null,
      null,
      null,
      null,
    ],
  );
  assert.equal(privateBlockOf(readCidrBlock('0.0.0.0/0')!), undefined, 'a range wider than a private block is not private');
});

test('KP414 fires on private ranges in aws:SourceIp, for both IpAddress and NotIpAddress', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/16', '203.0.113.0/24'] } }),
    deny('*', 'kms:*', { NotIpAddressIfExists: { 'aws:sourceip': '192.168.0.0/24' } }),
  ]);
  const fs = lint(privateIpInSourceIp, text);
  assert.deepEqual(fs.map((f) => [f.code, reported(text, f)]), [['KP414', '"10.0.0.0/16"'], ['KP414', '"192.168.0.0/24"']]);
  assert.match(fs[0]!.message, /private \(RFC 1918\) range, which aws:SourceIp never holds .* aws:VpcSourceIp/);
  assert.match(fs[1]!.message, /excluding it with NotIpAddressIfExists excludes nothing/);
});

test('KP414 is quiet on public ranges and on aws:VpcSourceIp', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24', 'aws:VpcSourceIp': '10.0.0.0/8' } })]);
  assert.deepEqual(lint(privateIpInSourceIp, text), []);
});

test('KP415 fires on host bits and rewrites to the network address', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': ['203.0.113.7/24', '198.51.100.0/24'] } })]);
  const f = one(lint(cidrHostBits, text));
  assert.equal(f.code, 'KP415');
  assert.equal(reported(text, f), '"203.0.113.7/24"');
  assert.match(f.message, /covers the whole network 203\.0\.113\.0\/24/);
  assert.deepEqual(cond(applyFix(text, f)).IpAddress['aws:SourceIp'], ['203.0.113.0/24', '198.51.100.0/24']);
  assert.deepEqual(lint(cidrHostBits, policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:SourceIp': '203.0.113.7/24' } })])), []);
});

test('KP416 fires on malformed VPC and VPC endpoint ids', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:SourceVpc': ['vpc-1a2b3c4d', 'VPC-1A2B3C4D', 'vpce-1a2b3c4d'], 'aws:SourceVpce': ['vpce-0123456789abcdef0', 'vpc-1a2b3c4d'] } }),
  ]);
  const fs = lint(invalidVpcValue, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"VPC-1A2B3C4D"', '"vpce-1a2b3c4d"', '"vpc-1a2b3c4d"']);
  assert.match(fs[0]!.message, /is not a VPC id \(vpc- followed by 8 or 17 lowercase hex digits/);
  assert.match(fs[2]!.message, /is not a VPC endpoint id/);
  assert.equal(cond(applyFix(text, fs[0]!)).StringEquals['aws:SourceVpc'][1], 'vpc-1a2b3c4d');
  assert.equal(fs[1]!.fixes, undefined);
});

test('KP416 allows patterns under StringLike and variables', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringLike: { 'aws:SourceVpce': 'vpce-*' }, StringEquals: { 'aws:SourceVpc': '${aws:PrincipalTag/vpc}' } })]);
  assert.deepEqual(lint(invalidVpcValue, text), []);
});

test('KP423 fires on alias ARNs and names without alias/, with fixes', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:RequestAlias': ['arn:aws:kms:us-east-1:111122223333:alias/app', 'app-key', 'alias/ok'] } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['*-prod', 'prod-*'] } }),
  ]);
  const fs = lint(aliasConditionValue, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"arn:aws:kms:us-east-1:111122223333:alias/app"', '"app-key"', '"prod-*"']);
  assert.match(fs[0]!.message, /holds alias names such as "alias\/ExampleAlias", not alias ARNs/);
  assert.match(fs[1]!.message, /values start with "alias\/"/);
  assert.equal(cond(applyFix(text, fs[0]!)).StringEquals['kms:RequestAlias'][0], 'alias/app');
  assert.equal(cond(applyFix(text, fs[1]!)).StringEquals['kms:RequestAlias'][1], 'alias/app-key');
  assert.equal(fs[2]!.fixes, undefined, 'a pattern is not rewritten');
});

test('KP417 fires on several bounds for a Numeric ordering operator and keeps the widest', () => {
  const text = policyText([allow(ROOT, 'kms:ScheduleKeyDeletion', { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [20, '14', 30] } })]);
  const f = one(lint(redundantNumericValues, text));
  assert.equal(reported(text, f), '[\n            20,\n            "14",\n            30\n          ]');
  assert.match(f.message, /only the smallest bound \("14"\) matters/);
  assert.equal(cond(applyFix(text, f)).NumericGreaterThanEquals['kms:ScheduleKeyDeletionPendingWindowInDays'], '14');
  const quiet = policyText([allow(ROOT, 'kms:ScheduleKeyDeletion', { NumericEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [7, 30] }, NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } })]);
  assert.deepEqual(lint(redundantNumericValues, quiet), []);
});
