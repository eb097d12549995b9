/**
 * The hand-maintained tables agree with the generated data: every kms action has facts and every fact names a
 * real action (so a new KMS action forces a decision), the grantable set is the API's GrantOperation list, and
 * the value enumerations and descriptions cover what they claim to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KEY_ENUMS,
  KEY_STATES,
  KMS_ACTION_FACTS,
  KMS_ENUMS,
  KMS_KEY_NOTES,
  VIA_SERVICES,
  actionsWithCapability,
  allActions,
  allConditionKeys,
  findAction,
  findConditionKey,
  kmsFacts,
} from '../../server/src/engine/catalog/index';
import { GLOBAL_CONDITION_KEYS } from '../../server/src/engine/catalog/generated/globalConditionKeys';
import { GLOBAL_KEY_DESCRIPTIONS } from '../../server/src/engine/catalog/globalKeyDescriptions';

const sorted = (list: Iterable<string>): string[] => [...list].sort();

test('every generated action has facts, and every fact names a generated action', () => {
  assert.deepEqual(sorted(Object.keys(KMS_ACTION_FACTS)), sorted(allActions().map((a) => a.name)));
  for (const [name, facts] of Object.entries(KMS_ACTION_FACTS)) assert.equal(facts.action, name);
});

test('kmsFacts accepts any spelling of an action', () => {
  assert.equal(kmsFacts('kms:decrypt'), KMS_ACTION_FACTS.Decrypt);
  assert.equal(kmsFacts('Decrypt')?.keyPolicy, 'yes');
  assert.equal(kmsFacts('kms:NoSuchAction'), undefined);
  assert.equal(kmsFacts('s3:GetObject'), undefined);
});

test('IAM-only actions are exactly the actions not authorized on a key or alias', () => {
  const iamOnly = allActions()
    .filter((a) => kmsFacts(a.name)?.keyPolicy === 'iamOnly')
    .map((a) => a.name);
  const noResource = allActions()
    .filter((a) => a.resourceTypes.length === 0)
    .map((a) => a.name);
  assert.deepEqual(iamOnly, noResource);
  assert.equal(kmsFacts('RetireGrant')?.keyPolicy, 'noEffect');
  assert.equal(kmsFacts('SynchronizeMultiRegionKey')?.keyPolicy, 'internal');
});

test('cross-account actions are the ones SEMANTICS §2 step 3 lists', () => {
  const crossAccount = allActions()
    .filter((a) => kmsFacts(a.name)?.crossAccount)
    .map((a) => a.name);
  assert.deepEqual(crossAccount, [
    'CreateGrant',
    'Decrypt',
    'DeriveSharedSecret',
    'DescribeKey',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateMac',
    'GetKeyRotationStatus',
    'GetPublicKey',
    'ListGrants',
    'ReEncryptFrom',
    'ReEncryptTo',
    'RetireGrant',
    'RevokeGrant',
    'Sign',
    'Verify',
    'VerifyMac',
  ]);
  assert.equal(kmsFacts('PutKeyPolicy')?.crossAccount, false);
});

test('grantable actions are the API GrantOperation values that are IAM actions', () => {
  const grantable = allActions()
    .filter((a) => kmsFacts(a.name)?.grantable)
    .map((a) => a.name);
  const operations = KMS_ENUMS.GrantOperations;
  assert.deepEqual(sorted(grantable), sorted(operations.filter((o) => findAction(o))));
  // Grant operations with no IAM action of their own; a new one must be looked at.
  assert.deepEqual(sorted(operations.filter((o) => !findAction(o))), ['Decapsulate', 'Encapsulate']);
});

test('capabilities mark decryption, plaintext, escalation and ABAC actions', () => {
  const names = (cap: Parameters<typeof actionsWithCapability>[0]) => actionsWithCapability(cap).map((a) => a.name);
  assert.deepEqual(names('decrypt'), ['Decrypt', 'ReEncryptFrom']);
  assert.deepEqual(names('plaintext'), ['DeriveSharedSecret', 'GenerateDataKey', 'GenerateDataKeyPair']);
  assert.deepEqual(names('escalation'), ['CreateGrant', 'PutKeyPolicy', 'ReplicateKey']);
  assert.deepEqual(names('abac'), ['CreateAlias', 'DeleteAlias', 'TagResource', 'UntagResource', 'UpdateAlias']);
  assert.ok(names('disruptsAvailability').includes('ScheduleKeyDeletion'));
  assert.ok(names('disruptsAvailability').includes('DisableKey'));
  assert.ok(!names('disruptsAvailability').includes('EnableKey'));
});

test('key states follow SEMANTICS §2.3', () => {
  for (const facts of Object.values(KMS_ACTION_FACTS)) {
    for (const s of facts.blockedInStates ?? []) assert.ok(KEY_STATES.includes(s), `${facts.action}: ${s}`);
  }
  for (const a of ['Decrypt', 'Encrypt', 'GenerateDataKey', 'Sign', 'GenerateMac', 'ReEncryptFrom']) {
    assert.deepEqual(kmsFacts(a)?.blockedInStates, ['Creating', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable'], a);
  }
  assert.ok(!kmsFacts('CreateGrant')?.blockedInStates?.includes('Unavailable'), 'CreateGrant works on an unavailable key');
  assert.ok(kmsFacts('CreateGrant')?.blockedInStates?.includes('Disabled'));
  assert.ok(kmsFacts('ReplicateKey')?.blockedInStates?.includes('Updating'));
  assert.ok(!kmsFacts('Decrypt')?.blockedInStates?.includes('Updating'));
  for (const a of ['DescribeKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'ListResourceTags', 'ListKeyPolicies']) {
    assert.deepEqual(kmsFacts(a)?.blockedInStates, [], a);
  }
  assert.equal(kmsFacts('RotateKeyOnDemand')?.blockedInStates, undefined, 'not in the sources');
});

test('value enumerations are non-empty, unique and attached to real keys', () => {
  for (const [name, values] of Object.entries(KMS_ENUMS)) {
    assert.ok(values.length > 0, name);
    assert.equal(new Set(values).size, values.length, `${name} has duplicates`);
  }
  for (const [key, enumName] of Object.entries(KEY_ENUMS)) {
    const info = findConditionKey(key)?.info;
    assert.ok(info, key);
    assert.equal(info.name.toLowerCase(), key, 'KEY_ENUMS keys are lower-case catalog names');
    assert.ok(KMS_ENUMS[enumName], enumName);
  }
  // Every enumeration the catalog promises is used by some key.
  assert.deepEqual(sorted(new Set(Object.values(KEY_ENUMS))), sorted(Object.keys(KMS_ENUMS)));
  assert.ok(KMS_ENUMS.KeySpec.includes('SYMMETRIC_DEFAULT') && KMS_ENUMS.KeySpec.includes('HMAC_256'));
  assert.deepEqual(KMS_ENUMS.KeyOrigin, ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);
});

test('ViaService services: sorted unique endpoint prefixes, including the common integrations', () => {
  const prefixes = VIA_SERVICES.map((s) => s.prefix);
  assert.deepEqual(prefixes, sorted(new Set(prefixes)));
  for (const p of prefixes) assert.match(p, /^[a-z0-9-]+$/);
  for (const p of ['s3', 'ec2', 'rds', 'secretsmanager', 'ssm', 'lambda', 'dynamodb', 'sqs', 'sns', 'logs']) {
    assert.ok(prefixes.includes(p), p);
  }
  assert.ok(VIA_SERVICES.length >= 40);
});

test('every global key has a hand-written description, and every description names a global key', () => {
  assert.deepEqual(sorted(Object.keys(GLOBAL_KEY_DESCRIPTIONS)), sorted(GLOBAL_CONDITION_KEYS.map((k) => k.name)));
  for (const [name, text] of Object.entries(GLOBAL_KEY_DESCRIPTIONS)) assert.ok(text.length > 10, name);
});

test('key notes name real keys', () => {
  const names = new Set(allConditionKeys().map((k) => k.name));
  for (const [key, note] of Object.entries(KMS_KEY_NOTES)) {
    assert.ok(names.has(key), key);
    if (note.replacedBy) assert.ok(names.has(note.replacedBy), note.replacedBy);
  }
});
