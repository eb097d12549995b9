import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidPrincipalFormat } from '../../../server/src/engine/rules/invalidPrincipalFormat';
import { principalPartialWildcard } from '../../../server/src/engine/rules/principalPartialWildcard';
import { invalidServicePrincipal } from '../../../server/src/engine/rules/invalidServicePrincipal';
import { unsupportedPrincipalType } from '../../../server/src/engine/rules/unsupportedPrincipalType';
import { iamGroupPrincipal } from '../../../server/src/engine/rules/iamGroupPrincipal';
import { uniqueIdPrincipal } from '../../../server/src/engine/rules/uniqueIdPrincipal';
import { malformedPrincipalArn } from '../../../server/src/engine/rules/malformedPrincipalArn';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = 'arn:aws:iam::111122223333:root';

test('KP302 fires on a bare ARN string and offers the {"AWS": ...} form', () => {
  const text = policyText([allow(ROOT, 'kms:*')]);
  const f = one(lint(invalidPrincipalFormat, text));
  assert.equal(f.code, 'KP302');
  assert.equal(reported(text, f), `"${ROOT}"`);
  assert.match(f.message, /Principal is the string "arn:aws:iam::111122223333:root"; it must be "\*" or an object/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].Principal, { AWS: ROOT });
});

test('KP302 wraps a bare service name under Service, and gives no fix for an unreadable string', () => {
  const text = policyText([allow('logs.amazonaws.com', 'kms:Decrypt'), allow('someone', 'kms:Decrypt')]);
  const fs = lint(invalidPrincipalFormat, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"logs.amazonaws.com"', '"someone"']);
  assert.deepEqual((json(applyFix(text, fs[0]!)) as any).Statement[0].Principal, { Service: 'logs.amazonaws.com' });
  assert.equal(fs[1]!.fixes, undefined);
});

test('KP302 leaves arrays and numbers to KP101 (data-type-mismatch)', () => {
  const text = policyText([allow([ROOT], 'kms:Decrypt'), { Effect: 'Deny', NotPrincipal: 5, Action: 'kms:*', Resource: '*' }]);
  assert.deepEqual(lint(invalidPrincipalFormat, text), []);
});

test('KP302 fires on an unknown principal-type key and fixes its case', () => {
  const text = policyText([allow({ aws: ROOT, Services: 'logs.amazonaws.com', Bogus: 'x' }, 'kms:*')]);
  const fs = lint(invalidPrincipalFormat, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"aws"', '"Services"', '"Bogus"']);
  assert.match(fs[0]!.message, /did you mean "AWS"\?/);
  assert.deepEqual(Object.keys((json(applyFix(text, fs[0]!)) as any).Statement[0].Principal), ['AWS', 'Services', 'Bogus']);
  assert.deepEqual(Object.keys((json(applyFix(text, fs[1]!)) as any).Statement[0].Principal), ['aws', 'Service', 'Bogus']);
  assert.equal(fs[2]!.fixes, undefined);
});

test('KP302 checks NotPrincipal too, and is quiet on "*" and well-formed objects', () => {
  const bad = policyText([{ Effect: 'Deny', NotPrincipal: { Aws: ROOT }, Action: 'kms:*', Resource: '*' }]);
  assert.match(one(lint(invalidPrincipalFormat, bad)).message, /^"Aws" is not a principal type: NotPrincipal keys are/);
  const good = policyText([
    allow('*', 'kms:Decrypt'),
    allow({ AWS: [ROOT, '444455556666'], Service: 'logs.amazonaws.com' }, 'kms:*'),
    allow({ Federated: 'cognito-identity.amazonaws.com' }, 'kms:Decrypt'),
  ]);
  assert.deepEqual(lint(invalidPrincipalFormat, good), []);
});

test('KP303 fires on partial wildcards in AWS and Service principals', () => {
  const text = policyText([allow({ AWS: ['arn:aws:iam::*:root', 'arn:aws:iam::111122223333:role/*', ROOT], Service: '*' }, 'kms:Decrypt')]);
  const fs = lint(principalPartialWildcard, text);
  assert.deepEqual(fs.map((f) => [f.code, reported(text, f)]), [
    ['KP303', '"arn:aws:iam::*:root"'],
    ['KP303', '"arn:aws:iam::111122223333:role/*"'],
    ['KP303', '"*"'],
  ]);
  assert.match(fs[0]!.message, /KMS accepts only a bare "\*".*aws:PrincipalArn \(ArnLike\)/);
  assert.match(fs[2]!.message, /name each service principal/);
  assert.deepEqual(lint(principalPartialWildcard, policyText([allow('*', 'kms:Decrypt'), allow({ AWS: '*' }, 'kms:Decrypt')])), []);
});

test('KP304 fires on malformed service principals and fixes case and the missing domain', () => {
  const text = policyText([allow({ Service: ['CloudTrail.amazonaws.com', 'logs', 'arn:aws:iam::111122223333:root', 'ec2.amazonaws.com'] }, 'kms:Decrypt')]);
  const fs = lint(invalidServicePrincipal, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"CloudTrail.amazonaws.com"', '"logs"', '"arn:aws:iam::111122223333:root"']);
  assert.match(fs[0]!.message, /did you mean "cloudtrail.amazonaws.com"\?/);
  assert.deepEqual((json(applyFix(text, fs[0]!)) as any).Statement[0].Principal.Service[0], 'cloudtrail.amazonaws.com');
  assert.deepEqual((json(applyFix(text, fs[1]!)) as any).Statement[0].Principal.Service[1], 'logs.amazonaws.com');
  assert.equal(fs[2]!.fixes, undefined);
  assert.deepEqual(lint(invalidServicePrincipal, policyText([allow({ Service: ['logs.us-east-1.amazonaws.com', 'delivery.logs.amazonaws.com'] }, 'kms:Decrypt')])), []);
});

test('KP305 fires on Federated and CanonicalUser keys', () => {
  const text = policyText([allow({ Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc', AWS: ROOT }, 'kms:Decrypt')]);
  const fs = lint(unsupportedPrincipalType, text);
  assert.deepEqual(fs.map((f) => [f.code, reported(text, f)]), [['KP305', '"Federated"'], ['KP305', '"CanonicalUser"']]);
  assert.match(fs[0]!.message, /Principal type "Federated" is not supported in a key policy/);
  assert.deepEqual(lint(unsupportedPrincipalType, policyText([allow({ AWS: ROOT, Service: 'logs.amazonaws.com' }, 'kms:*')])), []);
});

test('KP306 fires on an IAM group ARN and not on users or roles', () => {
  const text = policyText([allow({ AWS: ['arn:aws:iam::111122223333:group/Admins', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*')]);
  const f = one(lint(iamGroupPrincipal, text));
  assert.equal(reported(text, f), '"arn:aws:iam::111122223333:group/Admins"');
  assert.match(f.message, /IAM group "Admins" cannot be a principal.*arn:aws:iam::111122223333:root/);
  assert.deepEqual(lint(iamGroupPrincipal, policyText([allow({ AWS: 'arn:aws:iam::111122223333:user/group' }, 'kms:*')])), []);
});

test('KP307 fires on unique ids and removes one from a list', () => {
  const text = policyText([allow({ AWS: ['AROAEXAMPLEID1234567', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*'), allow({ AWS: 'AIDAEXAMPLEID1234567' }, 'kms:*')]);
  const fs = lint(uniqueIdPrincipal, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"AROAEXAMPLEID1234567"', '"AIDAEXAMPLEID1234567"']);
  assert.match(fs[0]!.message, /an IAM role's unique id/);
  assert.match(fs[1]!.message, /an IAM user's unique id/);
  assert.deepEqual((json(applyFix(text, fs[0]!)) as any).Statement[0].Principal.AWS, ['arn:aws:iam::111122223333:role/Admin']);
  assert.equal(fs[1]!.fixes, undefined, 'removing the only principal would change the statement, so no fix');
  assert.deepEqual(lint(uniqueIdPrincipal, policyText([allow({ AWS: 'arn:aws:iam::111122223333:role/AROA' }, 'kms:*')])), []);
});

test('KP308 fires on malformed AWS principals with the reason', () => {
  const text = policyText([
    allow({ AWS: ['arn:aws:iam::11112222333:root', '1111-2222-3333', ' arn:aws:iam::111122223333:root', 'arn:aws:kms:us-east-1:111122223333:key/abc', 'admin', ''] }, 'kms:*'),
  ]);
  const fs = lint(malformedPrincipalArn, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), [
    '"arn:aws:iam::11112222333:root"',
    '"1111-2222-3333"',
    '" arn:aws:iam::111122223333:root"',
    '"arn:aws:kms:us-east-1:111122223333:key/abc"',
    '"admin"',
    '""',
  ]);
  assert.match(fs[0]!.message, /must be exactly 12 digits/);
  assert.match(fs[4]!.message, /"admin" is neither an account id/);
  assert.match(fs[5]!.message, /An empty principal names nobody/);
  assert.equal((json(applyFix(text, fs[1]!)) as any).Statement[0].Principal.AWS[1], '111122223333');
  assert.equal((json(applyFix(text, fs[2]!)) as any).Statement[0].Principal.AWS[2], ROOT);
  assert.equal(fs[3]!.fixes, undefined);
});

test('KP308 is quiet on every valid principal form', () => {
  const text = policyText([
    allow({ AWS: [ROOT, '111122223333', 'arn:aws:iam::111122223333:role/path/Admin', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:sts::111122223333:assumed-role/Admin/s1', 'arn:aws-us-gov:iam::111122223333:root', '*'] }, 'kms:*'),
  ]);
  assert.deepEqual(lint(malformedPrincipalArn, text), []);
});
