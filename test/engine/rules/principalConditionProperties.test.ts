/**
 * Property test: whatever odd principals and conditions a policy holds, no KP3xx/KP4xx rule throws, every
 * finding points inside the text, and every fix applies cleanly and leaves valid JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ALL_RULES, applyEdits, createPolicyService } from '../../../server/src/engine/index';

const MINE = ALL_RULES.filter((r) => /^KP[34]\d\d$/.test(r.code));

const token = fc.constantFrom(
  'kms:ViaService',
  'KMS:viaservice',
  'kms:EncryptionContext:',
  'kms:EncryptionContext:a',
  'aws:ResourceTag/',
  'aws:TagKeys',
  'kms:GrantOperations',
  'aws:SourceIp',
  'aws:SourceVpce',
  'kms:RequestAlias',
  'kms:CustomerMasterKeySpec',
  's3:prefix',
  'ViaService',
  'StringEquals',
  'stringequals',
  'ForAllValues:StringLike',
  'ForAnyValues:StringEquals',
  'NullIfExists',
  'ForAnyValue:Null',
  'Bool',
  'NumericLessThan',
  'DateGreaterThan',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'BinaryEquals',
  'StringNotEqualsIfExists',
  '${aws:username}',
  '${aws:username',
  '${}',
  '${aws:x, y}',
  '${aws:TagKeys}',
  '10.0.0.1/8',
  '*',
  '?',
  'alias/x',
  'arn:aws:kms:us-east-1:1:alias/x',
  'true',
  'x',
  '',
  'vpce-1',
  'arn:aws:iam::111122223333:root',
  'arn:aws:iam::*:root',
  'AROAEXAMPLEID1234567',
  'logs',
  'cloudtrail.amazonaws.com',
);
const scalar = fc.oneof(token, fc.integer(), fc.boolean(), fc.string({ maxLength: 6 }));
const values = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant({}), fc.constant(null));
const keys = fc.dictionary(token, values, { maxKeys: 3 });
const condition = fc.oneof(fc.dictionary(token, fc.oneof(keys, scalar), { maxKeys: 3 }), scalar);
const principal = fc.oneof(
  token,
  fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'aws'), fc.oneof(token, fc.array(token, { maxLength: 3 }), fc.integer()), {
    maxKeys: 3,
  }),
);
const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny', 'allow'),
    Principal: principal,
    NotPrincipal: principal,
    Action: fc.oneof(
      fc.constantFrom('kms:*', 'kms:Decrypt', 'kms:DescribeKey', 's3:*'),
      fc.array(fc.constantFrom('kms:Describe*', 'kms:CreateGrant', 'kms:Encrypt'), { maxLength: 3 }),
    ),
    NotAction: fc.constantFrom('kms:Decrypt', 'kms:*'),
    Resource: fc.constantFrom('*', 'arn:aws:kms:${aws:x}:1:key/${aws:username}'),
    Condition: condition,
  },
  { requiredKeys: ['Effect'] },
);
const policy = fc.record(
  { Version: fc.constantFrom('2012-10-17', '2008-10-17', 5), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) },
  { requiredKeys: ['Statement'] },
);

test('no KP3xx/KP4xx rule throws, findings stay in the text, and fixes keep the JSON valid', () => {
  const service = createPolicyService({ context: { account: '111122223333' } }, MINE);
  fc.assert(
    fc.property(policy, fc.boolean(), (p, pretty) => {
      const text = JSON.stringify(p, null, pretty ? 2 : undefined);
      const result = service.lint(service.parse(text));
      assert.deepEqual(result.failures, []);
      for (const f of result.findings) {
        assert.ok(f.at.offset >= 0 && f.at.offset + f.at.length <= text.length, `${f.code} span`);
        for (const fix of f.fixes ?? []) JSON.parse(applyEdits(text, fix.edits));
      }
    }),
    { numRuns: 400, seed: 20251128 },
  );
});
