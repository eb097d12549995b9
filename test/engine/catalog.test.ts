/**
 * The catalog's lookups: actions (exact, case-insensitive, glob), condition keys (exact, case, templates,
 * unknown), "did you mean" suggestions and key values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionSupportsKey,
  allActions,
  allConditionKeys,
  conditionKeysForAction,
  editDistance,
  findAction,
  findConditionKey,
  isGlobalKey,
  matchActions,
  matchesGlob,
  suggest,
  suggestActions,
  suggestConditionKeys,
  valuesForKey,
  viaServiceValues,
} from '../../server/src/engine/catalog/index';

const names = (list: readonly { name: string }[]): string[] => list.map((a) => a.name);

test('findAction: exact, prefixed, any case; other services and unknown names are undefined', () => {
  const decrypt = findAction('Decrypt');
  assert.ok(decrypt);
  assert.equal(decrypt.fullName, 'kms:Decrypt');
  assert.equal(decrypt.accessLevel, 'Write');
  assert.equal(decrypt.onKey, true);
  assert.equal(decrypt.documentationUrl, 'https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html');
  assert.deepEqual(names(decrypt.resourceTypes), ['key']);
  assert.equal(findAction('kms:Decrypt'), decrypt);
  assert.equal(findAction('KMS:dEcRyPt'), decrypt);
  assert.equal(findAction('s3:Decrypt'), undefined);
  assert.equal(findAction('kms:Decrypth'), undefined);
  assert.equal(findAction(''), undefined);
});

test('actions carry access levels, resource types and documentation pages from the data', () => {
  assert.equal(allActions().length, 56);
  const putKeyPolicy = findAction('PutKeyPolicy');
  assert.deepEqual(putKeyPolicy?.accessLevels, ['Permissions management', 'Write']);
  const createKey = findAction('kms:CreateKey');
  assert.deepEqual(createKey?.resourceTypes, []);
  assert.equal(createKey?.onKey, false);
  assert.deepEqual(names(findAction('CreateAlias')?.resourceTypes ?? []), ['alias', 'key']);
  assert.equal(findAction('ReEncryptFrom')?.documentationUrl, 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html');
  const sorted = [...names(allActions())].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  assert.deepEqual(names(allActions()), sorted);
});

test('matchActions: IAM globs, any case', () => {
  assert.deepEqual(names(matchActions('kms:Describe*')), ['DescribeCustomKeyStores', 'DescribeKey']);
  assert.deepEqual(names(matchActions('kms:?ecrypt')), ['Decrypt']);
  assert.deepEqual(names(matchActions('KMS:describe*')), ['DescribeCustomKeyStores', 'DescribeKey']);
  assert.equal(matchActions('kms:*').length, 56);
  assert.equal(matchActions('*').length, 56);
  assert.equal(matchActions('k*:Decrypt').length, 1);
  assert.deepEqual(names(matchActions('kms:ReEncrypt*')), ['ReEncryptFrom', 'ReEncryptTo']);
  assert.deepEqual(names(matchActions('kms:GenerateDataKey*')), [
    'GenerateDataKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext',
  ]);
  assert.deepEqual(matchActions('s3:*'), []);
  assert.deepEqual(matchActions('Decrypt'), []);
  assert.deepEqual(matchActions('kms:Decrypt.'), [], 'a dot is literal, not a regex wildcard');
  assert.deepEqual(matchActions('kms:'), []);
});

test('matchesGlob: * spans any run, ? exactly one character, case as asked', () => {
  assert.equal(matchesGlob('a*c', 'abbbc', false), true);
  assert.equal(matchesGlob('a?c', 'abbc', false), false);
  assert.equal(matchesGlob('A?C', 'abc', false), false);
  assert.equal(matchesGlob('A?C', 'abc', true), true);
  assert.equal(matchesGlob('a+b', 'a+b', false), true);
});

test('findConditionKey: exact names ignore case and give the canonical spelling', () => {
  const via = findConditionKey('kms:viaservice');
  assert.ok(via);
  assert.equal(via.canonical, 'kms:ViaService');
  assert.equal(via.variable, undefined);
  assert.equal(via.info.type, 'String');
  assert.equal(via.info.global, false);
  const keys = findConditionKey('kms:EncryptionContextKeys');
  assert.equal(keys?.info.type, 'ArrayOfString');
  assert.equal(keys?.info.multiValued, true);
  assert.equal(findConditionKey('kms:ValidTo')?.info.type, 'Date');
  assert.equal(findConditionKey('kms:GrantConstraintSourceArn')?.info.type, 'ARN');
  assert.equal(findConditionKey('kms:ScheduleKeyDeletionPendingWindowInDays')?.info.type, 'Numeric');
  assert.equal(findConditionKey('kms:BypassPolicyLockoutSafetyCheck')?.info.type, 'Bool');
  assert.deepEqual(findConditionKey('kms:GranteePrincipal')?.info.actions, ['CreateGrant']);
});

test('findConditionKey: templates resolve by prefix and keep the variable as written', () => {
  const ec = findConditionKey('kms:EncryptionContext:Department');
  assert.equal(ec?.info.name, 'kms:EncryptionContext:${EncryptionContextKey}');
  assert.equal(ec?.variable, 'Department');
  assert.equal(ec?.canonical, 'kms:EncryptionContext:Department');
  const s3 = findConditionKey('KMS:encryptioncontext:aws:s3:arn');
  assert.equal(s3?.variable, 'aws:s3:arn');
  assert.equal(s3?.canonical, 'kms:EncryptionContext:aws:s3:arn');
  const tag = findConditionKey('aws:principaltag/Team');
  assert.equal(tag?.info.name, 'aws:PrincipalTag/${TagKey}');
  assert.equal(tag?.variable, 'Team');
  assert.equal(tag?.info.actions, 'all');
  const resourceTag = findConditionKey('aws:ResourceTag/Env');
  assert.equal(resourceTag?.info.global, true);
  assert.equal(resourceTag?.info.iamPolicyOnly, true);
  assert.ok(Array.isArray(resourceTag?.info.actions) && resourceTag.info.actions.includes('Decrypt'));
  assert.equal(findConditionKey('aws:RequestTag/Env')?.info.name, 'aws:RequestTag/${TagKey}');
  assert.equal(findConditionKey('aws:ResourceTag/'), undefined, 'a bare prefix names no tag');
  assert.equal(findConditionKey('kms:EncryptionContext:'), undefined);
  assert.equal(findConditionKey('kms:EncryptionContext:${EncryptionContextKey}')?.variable, undefined);
});

test('findConditionKey: the enumerated RecipientAttestation family resolves member by member', () => {
  const pcr = findConditionKey('kms:recipientattestation:pcr7');
  assert.equal(pcr?.canonical, 'kms:RecipientAttestation:PCR7');
  assert.equal(pcr?.info.family, 'kms:RecipientAttestation:');
  assert.equal(findConditionKey('kms:RecipientAttestation:ImageSha384')?.info.family, 'kms:RecipientAttestation:');
  assert.equal(findConditionKey('kms:RecipientAttestation:PCR99'), undefined);
  const family = allConditionKeys().filter((k) => k.family === 'kms:RecipientAttestation:');
  assert.equal(family.length, 1 + 32 + 24);
});

test('findConditionKey: unknown keys are undefined; global keys are told apart', () => {
  assert.equal(findConditionKey('kms:EncryptionContex:Dept'), undefined);
  assert.equal(findConditionKey('kms:NoSuchKey'), undefined);
  assert.equal(findConditionKey('aws:NoSuchKey'), undefined);
  assert.equal(isGlobalKey('aws:SourceVpce'), true);
  assert.equal(isGlobalKey('AWS:PrincipalOrgID'), true);
  assert.equal(isGlobalKey('ec2:SourceInstanceArn'), true);
  assert.equal(isGlobalKey('kms:CallerAccount'), false);
  assert.equal(isGlobalKey('aws:NoSuchKey'), false);
  assert.equal(findConditionKey('aws:SourceIp')?.info.type, 'IPAddress');
  assert.equal(findConditionKey('aws:PrincipalArn')?.info.category, 'principal');
});

test('every condition key has a description; deprecated keys name their replacement', () => {
  for (const k of allConditionKeys()) assert.notEqual(k.description, '', `${k.name} has no description`);
  assert.equal(findConditionKey('kms:CustomerMasterKeySpec')?.info.replacedBy, 'kms:KeySpec');
  assert.equal(findConditionKey('kms:CustomerMasterKeyUsage')?.info.replacedBy, 'kms:KeyUsage');
  assert.equal(findConditionKey('kms:KeySpec')?.info.replacedBy, undefined);
  assert.equal(findConditionKey('kms:ResourceAliases')?.info.iamPolicyOnly, true);
});

test('actionSupportsKey: action keys, resource-type keys, unrestricted global keys', () => {
  assert.equal(actionSupportsKey('kms:Decrypt', 'kms:EncryptionContext:Dept'), true);
  assert.equal(actionSupportsKey('kms:DescribeKey', 'kms:EncryptionContext:Dept'), false);
  assert.equal(actionSupportsKey('kms:Decrypt', 'kms:KeySpec'), true, 'from the key resource type');
  assert.equal(actionSupportsKey('kms:CreateKey', 'kms:KeySpec'), true);
  assert.equal(actionSupportsKey('kms:ListKeys', 'kms:KeySpec'), false);
  assert.equal(actionSupportsKey('kms:Decrypt', 'aws:PrincipalOrgID'), true);
  assert.equal(actionSupportsKey('kms:Decrypt', 'aws:RequestTag/Env'), false, 'kms sets request tags only on tagging calls');
  assert.equal(actionSupportsKey('kms:TagResource', 'aws:RequestTag/Env'), true);
  assert.equal(actionSupportsKey('kms:CreateGrant', 'kms:GrantOperations'), true);
  assert.equal(actionSupportsKey('kms:NoSuchAction', 'kms:ViaService'), false);
  assert.equal(actionSupportsKey('kms:Decrypt', 'kms:NoSuchKey'), false);
  const forSign = conditionKeysForAction('Sign').map((k) => k.name);
  assert.ok(forSign.includes('kms:SigningAlgorithm') && forSign.includes('kms:MessageType') && forSign.includes('kms:KeyUsage'));
  assert.deepEqual(conditionKeysForAction('kms:NoSuchAction'), []);
});

test('every key an action lists resolves, and the key lists the action back', () => {
  for (const action of allActions()) {
    for (const key of action.conditionKeys) {
      const info = findConditionKey(key)?.info;
      assert.ok(info, `${action.name}: ${key} unknown`);
      assert.ok(info.actions === 'all' || info.actions.includes(action.name), `${key} does not list ${action.name}`);
    }
  }
});

test('editDistance and suggest', () => {
  assert.equal(editDistance('Decrypth', 'Decrypt'), 1);
  assert.equal(editDistance('Dcerypt', 'Decrypt'), 1, 'adjacent transposition counts once');
  assert.equal(editDistance('DECRYPT', 'decrypt'), 0);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3, 'stops once over the limit');
  assert.deepEqual(suggest('Encrpyt', ['Decrypt', 'Encrypt', 'Sign']), ['Encrypt']);
  assert.deepEqual(suggest('Decrypth', ['Encrypt', 'Decrypt', 'decrypt']), ['Decrypt', 'decrypt'], 'nearest first');
  assert.deepEqual(suggest('zzzzzz', ['Decrypt', 'Encrypt']), []);
  assert.deepEqual(suggest('abcd', ['abce', 'abcf', 'abcg', 'abch']).length, 3);
});

test('suggestActions: near real actions, prefixed', () => {
  assert.deepEqual(suggestActions('kms:Decrypth'), ['kms:Decrypt']);
  assert.deepEqual(suggestActions('kms:GenerateDataKeyWithoutPlaintxt'), ['kms:GenerateDataKeyWithoutPlaintext']);
  assert.equal(suggestActions('kms:DescribeKeys')[0], 'kms:DescribeKey');
  assert.deepEqual(suggestActions('kms:Xyzzy'), []);
});

test('suggestConditionKeys: fixes template prefixes and keeps the variable', () => {
  assert.equal(suggestConditionKeys('kms:EncryptionContex:Dept')[0], 'kms:EncryptionContext:Dept');
  assert.equal(suggestConditionKeys('kms:EncrytpionContext:aws:s3:arn')[0], 'kms:EncryptionContext:aws:s3:arn');
  assert.equal(suggestConditionKeys('aws:PrincpalTag/Team')[0], 'aws:PrincipalTag/Team');
  assert.deepEqual(suggestConditionKeys('kms:EncryptionContext'), ['kms:EncryptionContext:${EncryptionContextKey}', 'kms:EncryptionContextKeys']);
  assert.deepEqual(suggestConditionKeys('kms:ViaServce'), ['kms:ViaService']);
  assert.deepEqual(suggestConditionKeys('kms:Qwertyuiop'), []);
});

test('valuesForKey: enumerations, ViaService endpoints for a Region, Bool, open-ended keys', () => {
  assert.deepEqual(valuesForKey('kms:EncryptionAlgorithm'), ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']);
  assert.deepEqual(valuesForKey('kms:encryptionalgorithm'), valuesForKey('kms:EncryptionAlgorithm'));
  assert.deepEqual(valuesForKey('kms:MultiRegionKeyType'), ['PRIMARY', 'REPLICA']);
  assert.deepEqual(valuesForKey('kms:GrantConstraintType'), ['EncryptionContextEquals', 'EncryptionContextSubset']);
  assert.ok(valuesForKey('kms:GrantOperations')?.includes('Decrypt'));
  assert.ok(valuesForKey('kms:KeyUsage')?.includes('ENCRYPT_DECRYPT'));
  assert.deepEqual(valuesForKey('kms:CustomerMasterKeyUsage'), valuesForKey('kms:KeyUsage'));
  assert.deepEqual(valuesForKey('kms:GrantIsForAWSResource'), ['true', 'false']);
  assert.deepEqual(valuesForKey('aws:SecureTransport'), ['true', 'false']);
  assert.equal(valuesForKey('kms:ViaService'), undefined);
  const via = valuesForKey('kms:ViaService', { region: 'eu-west-1' });
  assert.ok(via?.includes('s3.eu-west-1.amazonaws.com'));
  assert.ok(via?.includes('ec2.eu-west-1.amazonaws.com'));
  assert.deepEqual(via, viaServiceValues('eu-west-1'));
  assert.equal(valuesForKey('kms:CallerAccount'), undefined);
  assert.equal(valuesForKey('kms:EncryptionContext:Dept'), undefined);
  assert.equal(valuesForKey('kms:NoSuchKey'), undefined);
});

test('catalog records are frozen', () => {
  const decrypt = findAction('Decrypt');
  assert.ok(decrypt && Object.isFrozen(decrypt));
  assert.ok(Object.isFrozen(allActions()));
  assert.ok(Object.isFrozen(allConditionKeys()));
  assert.ok(Object.isFrozen(findConditionKey('kms:ViaService')?.info));
  assert.ok(Object.isFrozen(decrypt.resourceTypes[0].conditionKeys));
  assert.ok(Object.isFrozen(findConditionKey('kms:ViaService')?.info.actions));
});
