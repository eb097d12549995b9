/**
 * The catalog's cited hand-maintained tables that rules read: withdrawn global keys (globalKeyNotes.ts), key
 * presence (keyPresence.ts) and key spec facts (keySpecFacts.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_KEY_REQUIREMENTS,
  actionFitsKey,
  allActions,
  alwaysPresent,
  findConditionKey,
  KEY_SPEC_USAGES,
  keyRequirement,
  KMS_ENUMS,
  usagesForKeySpec,
  GLOBAL_KEY_NOTES,
  GLOBAL_KEYS_ALWAYS_PRESENT,
  globalKeyNote,
  KMS_KEYS_ALWAYS_PRESENT,
} from '../../server/src/engine/catalog/index';

test('withdrawn global keys: aws:ARN is unsupported, aws:SourceOwner deprecated, looked up in any case', () => {
  assert.deepEqual(
    GLOBAL_KEY_NOTES.map((n) => [n.key, n.status, n.accessAnalyzer]),
    [
      ['aws:ARN', 'unsupported', 'UNSUPPORTED_GLOBAL_CONDITION_KEY'],
      ['aws:SourceOwner', 'deprecated', undefined],
    ],
  );
  assert.equal(globalKeyNote('AWS:arn'), GLOBAL_KEY_NOTES[0]);
  assert.equal(globalKeyNote('aws:sourceowner'), GLOBAL_KEY_NOTES[1]);
  assert.equal(globalKeyNote('aws:PrincipalArn'), undefined);
  assert.equal(globalKeyNote('aws:ARNs'), undefined);
  assert.ok(Object.isFrozen(GLOBAL_KEY_NOTES[0]!.replacements));
});

test('withdrawn global keys: every row is cited and every replacement is a real global key', () => {
  for (const note of GLOBAL_KEY_NOTES) {
    assert.ok(note.source.length > 10, note.key);
    assert.ok(note.replacements.length > 0, note.key);
    for (const r of note.replacements) {
      const found = findConditionKey(r.key);
      assert.equal(found?.info.name, r.key, `${note.key} → ${r.key}`);
      assert.equal(found?.info.global, true, r.key);
    }
  }
  // The data package dropped aws:ARN but still lists aws:SourceOwner: KP402 and KP404 must not both claim a key.
  assert.equal(findConditionKey('aws:ARN'), undefined);
  assert.equal(findConditionKey('aws:SourceOwner')?.info.name, 'aws:SourceOwner');
});

test('alwaysPresent: global keys on every request, with or without an action, in any case', () => {
  for (const key of ['aws:PrincipalArn', 'aws:principalaccount', 'AWS:SecureTransport', 'aws:PrincipalIsAWSService', 'aws:userid']) {
    assert.equal(alwaysPresent(key), true, key);
    assert.equal(alwaysPresent(key, 'kms:Decrypt'), true, key);
  }
  for (const key of [
    'aws:SourceIp',
    'aws:SourceVpce',
    'aws:PrincipalOrgID',
    'aws:SourceAccount',
    'aws:username',
    'aws:MultiFactorAuthPresent',
    'aws:ResourceTag/x',
  ]) {
    assert.equal(alwaysPresent(key, 'kms:Decrypt'), false, key);
  }
});

test('alwaysPresent: kms keys only with an action that always sets them', () => {
  assert.equal(alwaysPresent('kms:CallerAccount'), false, 'no action: cannot tell');
  assert.equal(alwaysPresent('kms:CallerAccount', 'Decrypt'), true);
  assert.equal(alwaysPresent('kms:KeySpec', 'kms:CreateKey'), true, 'a defaulted CreateKey parameter');
  assert.equal(alwaysPresent('kms:KeySpec', 'kms:ListKeys'), false, 'not an operation on a key');
  assert.equal(alwaysPresent('kms:GrantOperations', 'CreateGrant'), true);
  assert.equal(alwaysPresent('kms:grantoperations', 'KMS:creategrant'), true);
  assert.equal(alwaysPresent('kms:GrantOperations', 'ListGrants'), false);
  assert.equal(alwaysPresent('kms:EncryptionAlgorithm', 'GenerateDataKey'), true);
  assert.equal(alwaysPresent('kms:EncryptionAlgorithm', 'Sign'), false);
  assert.equal(alwaysPresent('kms:SigningAlgorithm', 'Verify'), true);
  for (const [key, action] of [
    ['kms:ViaService', 'Decrypt'],
    ['kms:EncryptionContextKeys', 'Decrypt'],
    ['kms:EncryptionContext:dept', 'Encrypt'],
    ['kms:MultiRegionKeyType', 'Decrypt'],
    ['kms:GranteePrincipal', 'CreateGrant'],
    ['kms:MessageType', 'Sign'],
    ['kms:CallerAccount', 'kms:NoSuchAction'],
    ['kms:NoSuchKey', 'Decrypt'],
  ] as const) {
    assert.equal(alwaysPresent(key, action), false, `${key} on ${action}`);
  }
});

test('key presence rows are cited, name catalog keys, and their action lists match the catalog', () => {
  for (const p of GLOBAL_KEYS_ALWAYS_PRESENT) {
    assert.match(p.basis, /SEMANTICS §4\.2/, p.key);
    assert.equal(findConditionKey(p.key)?.info.name, p.key);
    assert.equal(findConditionKey(p.key)?.info.global, true, p.key);
  }
  for (const p of KMS_KEYS_ALWAYS_PRESENT) {
    assert.match(p.basis, /SEMANTICS §3|KMS API/, p.key);
    const info = findConditionKey(p.key)?.info;
    assert.equal(info?.name, p.key);
    // A new action for a request-parameter key must be checked against the API before it counts.
    if (p.actions !== 'supported') assert.deepEqual([...p.actions].sort(), [...(info!.actions as string[])].sort(), p.key);
  }
});

test('key spec usages cover every KeySpec value, in API order, with usages from the KeyUsage enumeration', () => {
  assert.deepEqual(Object.keys(KEY_SPEC_USAGES), KMS_ENUMS.KeySpec);
  for (const [spec, usages] of Object.entries(KEY_SPEC_USAGES)) {
    assert.ok(usages.length > 0, spec);
    for (const u of usages) assert.ok(KMS_ENUMS.KeyUsage.includes(u), `${spec}: ${u}`);
  }
  assert.deepEqual(usagesForKeySpec('rsa_2048'), ['ENCRYPT_DECRYPT', 'SIGN_VERIFY']);
  assert.deepEqual(usagesForKeySpec('ECC_NIST_EDWARDS25519'), ['SIGN_VERIFY']);
  assert.deepEqual(usagesForKeySpec('ML_KEM_512'), ['ENCAPSULATE_DECAPSULATE']);
  assert.equal(usagesForKeySpec('AES_256'), undefined);
});

test('action key requirements name real actions and agree with the algorithm keys the data lists', () => {
  const byAlgorithmKey: Record<string, string> = {
    'kms:EncryptionAlgorithm': 'ENCRYPT_DECRYPT',
    'kms:SigningAlgorithm': 'SIGN_VERIFY',
    'kms:MacAlgorithm': 'GENERATE_VERIFY_MAC',
    'kms:KeyAgreementAlgorithm': 'KEY_AGREEMENT',
  };
  const names = new Set(allActions().map((a) => a.name));
  for (const name of Object.keys(ACTION_KEY_REQUIREMENTS)) assert.ok(names.has(name), name);
  for (const a of allActions()) {
    const usage = a.conditionKeys.map((k) => byAlgorithmKey[k]).find((u) => u !== undefined);
    if (usage) assert.deepEqual(ACTION_KEY_REQUIREMENTS[a.name]?.usages, [usage], a.name);
  }
  assert.equal(keyRequirement('kms:describekey'), undefined);
  assert.equal(keyRequirement('GenerateDataKey')?.keySpecs?.join(), 'SYMMETRIC_DEFAULT');
});

test('actionFitsKey: spec, usage, both, or neither', () => {
  assert.equal(actionFitsKey('Sign', { keySpec: 'SYMMETRIC_DEFAULT' }), false);
  assert.equal(actionFitsKey('Sign', { keySpec: 'RSA_2048' }), true, 'RSA may be a signing key');
  assert.equal(actionFitsKey('Sign', { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' }), false);
  assert.equal(actionFitsKey('kms:GenerateDataKey', { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' }), false);
  assert.equal(actionFitsKey('kms:GenerateDataKey', { keyUsage: 'encrypt_decrypt' }), true);
  assert.equal(actionFitsKey('Decrypt', { keySpec: 'SM2' }), true);
  assert.equal(actionFitsKey('DeriveSharedSecret', { keySpec: 'ECC_SECG_P256K1' }), false);
  assert.equal(actionFitsKey('GetPublicKey', { keySpec: 'HMAC_256' }), false);
  assert.equal(actionFitsKey('GetPublicKey', { keyUsage: 'GENERATE_VERIFY_MAC' }), false);
  assert.equal(actionFitsKey('GetPublicKey', { keyUsage: 'ENCRYPT_DECRYPT' }), true);
  assert.equal(actionFitsKey('DescribeKey', { keySpec: 'HMAC_256' }), true);
  // Unknown specs and usages never make an action impossible.
  assert.equal(actionFitsKey('GenerateDataKey', { keySpec: 'SOMETHING_NEW' }), true);
  assert.equal(actionFitsKey('Sign', { keyUsage: 'NEW_USAGE' }), true);
  assert.equal(actionFitsKey('Sign', {}), true);
});
