/**
 * The engine's input readers (engine/input), which the CLI and the language server both read requests,
 * grants and key facts with: good input becomes the simulator's types, and each bad input is an
 * InputError with the exact message both front doors show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionPatternsFrom,
  contextFromJson,
  grantsFromJson,
  identityPoliciesFromJson,
  InputError,
  keyFactProblem,
  keyFactsFrom,
  keyStateFrom,
  requestActionFrom,
  requestFromJson,
  requestTimeFrom,
  windowTimeFrom,
} from '../../../server/src/engine';

/** Runs `read` and returns the InputError's message (failing when it does not throw one). */
function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    assert.ok(e instanceof InputError, `not an InputError: ${String(e)}`);
    return e.message;
  }
  assert.fail('no error');
}

const STATES = 'Creating, Disabled, Enabled, PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable, Updating';

test('a request in REQUEST.json form becomes a simulation request', () => {
  const request = requestFromJson(
    {
      principal: 'arn:aws:iam::111122223333:role/App',
      action: 'kms:Decrypt',
      account: '111122223333',
      region: 'eu-north-1',
      partition: 'aws',
      key: 'arn:aws:kms:eu-north-1:111122223333:key/k-1',
      keySpec: 'RSA_2048',
      keyUsage: 'SIGN_VERIFY',
      time: '2026-09-01T10:00:00Z',
      context: { 'aws:SourceVpce': 'vpce-1', 'kms:GrantOperations': ['Decrypt', 'Encrypt'], n: 3 },
      encryptionContext: { tenant: 't-42' },
      iamAllows: true,
      identityPolicies: [{ Version: '2012-10-17', Statement: [] }, '{"Statement":[]}'],
      grants: { Grants: [{ GranteePrincipal: 'arn:aws:iam::444455556666:role/P', Operations: ['Decrypt'], GrantId: 'g1' }] },
      keyState: 'Disabled',
    },
    'request.json',
  );
  assert.deepEqual(request, {
    principal: 'arn:aws:iam::111122223333:role/App',
    action: 'kms:Decrypt',
    keyAccount: '111122223333',
    region: 'eu-north-1',
    partition: 'aws',
    key: 'arn:aws:kms:eu-north-1:111122223333:key/k-1',
    keySpec: 'RSA_2048',
    keyUsage: 'SIGN_VERIFY',
    time: '2026-09-01T10:00:00Z',
    context: { 'aws:SourceVpce': 'vpce-1', 'kms:GrantOperations': ['Decrypt', 'Encrypt'], n: 3 },
    encryptionContext: { tenant: 't-42' },
    iamAllows: true,
    identityPolicies: ['{"Version":"2012-10-17","Statement":[]}', '{"Statement":[]}'],
    grants: [{ grantee: 'arn:aws:iam::444455556666:role/P', operations: ['Decrypt'], name: 'g1' }],
    keyState: 'Disabled',
  });
});

test('each malformed request member is an InputError with the exact message', () => {
  const cases: [unknown, string][] = [
    [[], 'r.json: a request is a JSON object such as {"principal": "arn:aws:iam::111122223333:role/App", "action": "kms:Decrypt"}'],
    [
      { who: 'x' },
      'r.json: unknown member "who" (a request may have principal, action, account, region, partition, key, context, encryptionContext, iamAllows, identityPolicies, grants, keyState, keySpec, keyUsage, time)',
    ],
    [{ principal: 5 }, 'r.json: "principal" must be a non-empty string'],
    [{ action: '' }, 'r.json: "action" must be a non-empty string'],
    [{ context: [] }, 'r.json: "context" must be an object of condition keys and values'],
    [{ context: { k: { nested: 1 } } }, 'r.json: "context": "k" must be a string, number, boolean or a list of them'],
    [{ encryptionContext: { n: 1 } }, 'r.json: "encryptionContext" must be an object of strings'],
    [{ iamAllows: 'yes' }, 'r.json: "iamAllows" must be true or false'],
    [{ identityPolicies: {} }, 'r.json: "identityPolicies" must be a list of IAM policies'],
    [{ identityPolicies: [7] }, 'r.json: "identityPolicies"[0] must be a policy object'],
    [{ grants: 'all' }, 'r.json: "grants" must be a list of grants (or ListGrants output with "Grants")'],
    [{ keyState: 'Sleeping' }, `r.json: "keyState" must be one of ${STATES} (got "Sleeping")`],
  ];
  for (const [value, message] of cases)
    assert.equal(
      messageOf(() => requestFromJson(value, 'r.json')),
      message,
      JSON.stringify(value),
    );
});

test('grants: ListGrants output, the list alone, or the lower-case form; each mistake named by its index', () => {
  const listed = {
    GranteePrincipal: 'arn:aws:iam::444455556666:role/P',
    Operations: ['Decrypt'],
    Constraints: { EncryptionContextSubset: { app: 'x' } },
    RetiringPrincipal: 'arn:aws:iam::444455556666:root',
    Name: 'n',
  };
  const expected = {
    grantee: 'arn:aws:iam::444455556666:role/P',
    operations: ['Decrypt'],
    constraints: { encryptionContextSubset: { app: 'x' } },
    retiringPrincipal: 'arn:aws:iam::444455556666:root',
    name: 'n',
  };
  assert.deepEqual(grantsFromJson({ Grants: [listed] }, 'g'), [expected]);
  assert.deepEqual(grantsFromJson([listed], 'g'), [expected]);
  assert.deepEqual(grantsFromJson([{ grantee: 'arn:aws:iam::444455556666:role/P', operations: ['Decrypt'] }], 'g'), [
    { grantee: 'arn:aws:iam::444455556666:role/P', operations: ['Decrypt'] },
  ]);
  const cases: [unknown, string][] = [
    [{ Grants: 'x' }, 'grants must be a list of grants (or ListGrants output with "Grants")'],
    [[1], 'grants[0] must be a grant object'],
    [[listed, { GranteePrincipal: 42 }], 'grants[1] needs "GranteePrincipal" (a string)'],
    [[{ GranteePrincipal: 'p', Operations: [] }], 'grants[0] needs "Operations" (a non-empty list of strings)'],
    [[{ GranteePrincipal: 'p', Operations: ['Decrypt'], Constraints: [] }], 'grants[0]: "Constraints" must be an object'],
    [
      [{ GranteePrincipal: 'p', Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { a: 1 } } }],
      'grants[0]: "EncryptionContextEquals" must be an object of strings',
    ],
  ];
  for (const [value, message] of cases)
    assert.equal(
      messageOf(() => grantsFromJson(value, 'grants')),
      message,
      JSON.stringify(value),
    );
});

test('key states, context values and identity policies on their own', () => {
  assert.equal(keyStateFrom('PendingDeletion', '--key-state'), 'PendingDeletion');
  assert.equal(
    messageOf(() => keyStateFrom(3, 'keyState')),
    `keyState must be one of ${STATES} (got 3)`,
  );
  assert.deepEqual(contextFromJson({ a: true }, 'c'), { a: true });
  assert.deepEqual(identityPoliciesFromJson([], 'p'), []);
});

test('key facts: each form, the words a message uses, and the first malformed fact of a request', () => {
  const cases: [Parameters<typeof keyFactProblem>[0], string, string | undefined][] = [
    ['account', '111122223333', undefined],
    ['account', '11112222333', 'a 12-digit AWS account id'],
    ['region', 'eu-north-1', undefined],
    ['region', 'us-gov-west-1', undefined],
    ['region', 'Europe', 'a Region name such as us-east-1'],
    ['partition', 'aws-cn', undefined],
    ['partition', 'azure', 'a partition such as aws, aws-cn or aws-us-gov'],
    ['keyArn', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', undefined],
    ['keyArn', 'arn:aws:kms:us-east-1:111122223333:alias/app', 'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)'],
    ['keySpec', 'RSA_2048', undefined],
    ['keySpec', 'rsa', 'a key spec such as SYMMETRIC_DEFAULT'],
    ['keyUsage', 'SIGN_VERIFY', undefined],
    ['keyUsage', 'sign', 'a key usage such as ENCRYPT_DECRYPT'],
  ];
  for (const [fact, value, problem] of cases) assert.equal(keyFactProblem(fact, value), problem, `${fact} ${value}`);
  assert.deepEqual(keyFactsFrom({ account: '111122223333', region: '', keyArn: undefined }), { account: '111122223333' });
  assert.equal(
    messageOf(() => keyFactsFrom({ account: '1234' })),
    'account must be a 12-digit AWS account id (got "1234")',
  );
  assert.equal(
    messageOf(() => keyFactsFrom({ account: '111122223333', region: 7 })),
    'region must be a Region name such as us-east-1 (got 7)',
  );
});

test('window times: a date, an ISO time or an age before now; anything else named with the accepted forms', () => {
  const now = Date.parse('2026-10-15T12:00:00Z');
  assert.equal(windowTimeFrom('2026-09-01', 'since', now), Date.parse('2026-09-01T00:00:00Z'));
  assert.equal(windowTimeFrom('2026-09-01T10:00:00.000Z', 'since', now), Date.parse('2026-09-01T10:00:00Z'));
  assert.equal(windowTimeFrom('2026-09-01T10:00:00+02:00', 'since', now), Date.parse('2026-09-01T08:00:00Z'));
  assert.equal(windowTimeFrom('90d', 'since', now), now - 90 * 86_400_000);
  assert.equal(windowTimeFrom('12h', 'since', now), now - 12 * 3_600_000);
  assert.equal(windowTimeFrom('30m', 'since', now), now - 30 * 60_000);
  for (const bad of ['yesterday', '2026-13-45', '09/01/2026', '90 days', '']) {
    assert.equal(
      messageOf(() => windowTimeFrom(bad, '--since', now)),
      `--since must be a date (2026-09-01), an ISO time (2026-09-01T10:00:00Z) or an age such as 90d (got ${JSON.stringify(bad)})`,
      bad,
    );
  }
});

test('window times: an age goes back at most ten years, in any unit; an older start is a date', () => {
  const now = Date.parse('2026-10-15T12:00:00Z');
  assert.equal(windowTimeFrom('3650d', 'since', now), now - 3650 * 86_400_000);
  assert.equal(windowTimeFrom('87600h', 'since', now), now - 3650 * 86_400_000);
  assert.equal(windowTimeFrom('2001-01-01', 'since', now), Date.parse('2001-01-01T00:00:00Z'));
  const tooOld = (age: string): string =>
    `--since must be an age of at most 3650d (ten years; 87600h, 5256000m), or a date such as 2015-01-01 for an older start (got "${age}")`;
  for (const age of ['3651d', '87601h', '5256001m', '100000000d', `${'9'.repeat(400)}d`])
    assert.equal(
      messageOf(() => windowTimeFrom(age, '--since', now)),
      tooOld(age),
      age,
    );
});

test('request times: ISO 8601 or epoch seconds within the dates JavaScript can hold', () => {
  for (const good of ['2026-09-01T10:00:00Z', '2026', '1788256800', '8640000000000', '-8640000000000']) assert.equal(requestTimeFrom(good, 'time'), good);
  assert.equal(
    messageOf(() => requestTimeFrom('soon', '--time')),
    '--time must be an ISO 8601 time such as 2026-09-01T10:00:00Z or epoch seconds such as 1788256800 (got "soon")',
  );
  for (const far of ['8640000000001', '-8640000000001', '99999999999999999999']) {
    assert.equal(
      messageOf(() => requestTimeFrom(far, 'r.json: "time"')),
      `r.json: "time" must lie within the dates JavaScript can hold: epoch seconds from -8640000000000 to 8640000000000 (got "${far}")`,
      far,
    );
  }
});

test('who-can actions: KMS actions and globs that match one; a misspelt action gets the nearest real one', () => {
  assert.deepEqual(actionPatternsFrom(['kms:Decrypt', 'Encrypt', 'kms:Get*', '*', 'KMS:describekey']), [
    'kms:Decrypt',
    'Encrypt',
    'kms:Get*',
    '*',
    'KMS:describekey',
  ]);
  const cases: [unknown, string | undefined, string][] = [
    [['kms:Decrpyt'], undefined, 'unknown action kms:Decrpyt; did you mean kms:Decrypt?'],
    [['kms:Decrypt', 'Decrpyt'], 'actions', 'actions: unknown action Decrpyt; did you mean kms:Decrypt?'],
    [['kms:Frobnicate'], undefined, 'unknown action kms:Frobnicate (a KMS action is kms: and the name of a KMS API operation, such as kms:Decrypt)'],
    [['kms:Nothing*'], undefined, 'no KMS action matches kms:Nothing*'],
    [['s3:GetObject'], 'actions', 'actions: s3:GetObject is not a KMS action: who-can answers for KMS actions (kms:Decrypt, or a glob such as kms:Get*)'],
    [[], 'actions', 'actions: give a list of actions such as ["kms:Decrypt"] (KMS actions or globs such as kms:Get*)'],
    ['kms:Decrypt', 'actions', 'actions: give a list of actions such as ["kms:Decrypt"] (KMS actions or globs such as kms:Get*)'],
    [['kms:Decrypt', 7], 'actions', 'actions: give a list of actions such as ["kms:Decrypt"] (KMS actions or globs such as kms:Get*)'],
  ];
  for (const [value, where, message] of cases)
    assert.equal(
      messageOf(() => actionPatternsFrom(value, where)),
      message,
      JSON.stringify(value),
    );
});

test("a request action: one existing KMS action, or another service's action passed on", () => {
  for (const good of ['kms:Decrypt', 'decrypt', 's3:GetObject']) assert.equal(requestActionFrom(good), good);
  assert.equal(
    messageOf(() => requestActionFrom('kms:Decrpyt')),
    'unknown action kms:Decrpyt; did you mean kms:Decrypt?',
  );
  assert.equal(
    messageOf(() => requestActionFrom('kms:Get*', 'r.json: "action"')),
    'r.json: "action": a request is for one action such as kms:Decrypt, not a pattern (got "kms:Get*")',
  );
});

test("a request's key facts, key, time and action are checked as the flags of the same name are", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ account: '12' }, 'r.json: "account" must be a 12-digit AWS account id (got "12")'],
    [{ region: 'Frankfurt' }, 'r.json: "region" must be a Region name such as us-east-1 (got "Frankfurt")'],
    [{ partition: 'azure' }, 'r.json: "partition" must be a partition such as aws, aws-cn or aws-us-gov (got "azure")'],
    [
      { key: 'alias/app' },
      'r.json: "key" must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (got "alias/app")',
    ],
    [
      { key: 'arn:aws:kms:us-east-1:111122223333:alias/app' },
      'r.json: "key" must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (got "arn:aws:kms:us-east-1:111122223333:alias/app")',
    ],
    [{ keySpec: 'rsa' }, 'r.json: "keySpec" must be a key spec such as SYMMETRIC_DEFAULT (got "rsa")'],
    [{ keyUsage: 'sign' }, 'r.json: "keyUsage" must be a key usage such as ENCRYPT_DECRYPT (got "sign")'],
    [
      { time: '8640000000001' },
      'r.json: "time" must lie within the dates JavaScript can hold: epoch seconds from -8640000000000 to 8640000000000 (got "8640000000001")',
    ],
    [{ action: 'kms:Decrpyt' }, 'r.json: "action": unknown action kms:Decrpyt; did you mean kms:Decrypt?'],
  ];
  for (const [value, message] of cases)
    assert.equal(
      messageOf(() => requestFromJson({ principal: 'arn:aws:iam::111122223333:role/App', ...value }, 'r.json')),
      message,
      JSON.stringify(value),
    );
  assert.deepEqual(requestFromJson({ key: '1234abcd-12ab-34cd-56ef-1234567890ab' }, 'r.json'), {
    key: '1234abcd-12ab-34cd-56ef-1234567890ab',
  });
});
