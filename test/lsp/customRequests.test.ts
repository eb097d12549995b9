/**
 * Every custom request shared/protocol.ts declares has a handler in the bundled server: sent with params it
 * cannot use, each answers InvalidParams with its own message (an unregistered method would answer
 * MethodNotFound), and none takes the server down. The typecheck proves the client and the server use the
 * same RequestType objects; this proves the server registered each of them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { CUSTOM_REQUESTS } from '../../shared/protocol';
import { startServer, type TestServer } from './lspClient';

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(async () => {
  await server.stop();
});

/** The error a request answers with (failing when it answers a result). */
async function errorOf(method: string, params: unknown): Promise<ResponseError<unknown>> {
  try {
    await server.connection.sendRequest(method, params);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `${method}: not a ResponseError: ${String(e)}`);
    return e;
  }
  assert.fail(`${method} answered a result`);
}

test('the check tells a missing handler from a refusal', async () => {
  assert.equal((await errorOf('kmsKeyPolicy/noSuchRequest', {})).code, ErrorCodes.MethodNotFound);
});

test('every declared request has a handler that refuses empty params with InvalidParams and its own message', async () => {
  const expected: Record<string, string> = {
    'kmsKeyPolicy/whoCan': 'No open document (no uri) and no text given.',
    'kmsKeyPolicy/whoCanNamed': 'Give the IAM data: "iam" is a list of { name, text } authorization-details files.',
    'kmsKeyPolicy/simulate': 'No open document (no uri) and no text given.',
    'kmsKeyPolicy/analyze': 'No open document (no uri) and no text given.',
    'kmsKeyPolicy/compare': 'Give the two versions to compare: "before" and "after" are policy texts.',
    'kmsKeyPolicy/activity': 'Give the CloudTrail records, the trail files or the aggregate query answer to analyse.',
  };
  assert.deepEqual(CUSTOM_REQUESTS.map((r) => r.method).sort(), Object.keys(expected).sort(), 'a request added to the protocol needs a case here');
  for (const request of CUSTOM_REQUESTS) {
    const e = await errorOf(request.method, {});
    assert.equal(e.code, ErrorCodes.InvalidParams, `${request.method}: ${e.code} ${e.message}`);
    assert.equal(e.message, expected[request.method], request.method);
  }
  assert.equal(server.process.exitCode, null);
});

test("malformed members are refused with the engine input readers' messages", async () => {
  const text = '{"Version": "2012-10-17", "Statement": []}';
  const cases: [string, object, string][] = [
    ['kmsKeyPolicy/whoCan', { text, account: '1234' }, 'account must be a 12-digit AWS account id (got "1234")'],
    ['kmsKeyPolicy/whoCan', { text, keyArn: 'alias/app' }, 'keyArn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) (got "alias/app")'],
    ['kmsKeyPolicy/whoCan', { text, grants: [{ Operations: ['Decrypt'] }] }, 'grants[0] needs "GranteePrincipal" (a string)'],
    [
      'kmsKeyPolicy/simulate',
      { text },
      'request: a request is a JSON object such as {"principal": "arn:aws:iam::111122223333:role/App", "action": "kms:Decrypt"}',
    ],
    ['kmsKeyPolicy/simulate', { text, request: { principal: 'arn:aws:iam::111122223333:role/App' } }, 'request: a request needs "action"'],
    ['kmsKeyPolicy/analyze', { text, region: 'Frankfurt' }, 'region must be a Region name such as us-east-1 (got "Frankfurt")'],
    ['kmsKeyPolicy/compare', { before: text, after: 7 }, 'Give the two versions to compare: "before" and "after" are policy texts.'],
    [
      'kmsKeyPolicy/activity',
      { records: [], keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', since: 'last week' },
      'since must be a date (2026-09-01), an ISO time (2026-09-01T10:00:00Z) or an age such as 90d (got "last week")',
    ],
    [
      'kmsKeyPolicy/activity',
      { records: [], keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', since: '100000000d' },
      'since must be an age of at most 3650d (ten years; 87600h, 5256000m), or a date such as 2015-01-01 for an older start (got "100000000d")',
    ],
    [
      'kmsKeyPolicy/activity',
      { records: [], keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', keyState: 'Sleeping' },
      'keyState must be one of Creating, Disabled, Enabled, PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable, Updating (got "Sleeping")',
    ],
    [
      'kmsKeyPolicy/activity',
      { records: [], keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', keySpec: 'rsa' },
      'keySpec must be a key spec such as SYMMETRIC_DEFAULT (got "rsa")',
    ],
    ['kmsKeyPolicy/whoCan', { text, actions: ['kms:Decrpyt'] }, 'actions: unknown action kms:Decrpyt; did you mean kms:Decrypt?'],
    ['kmsKeyPolicy/whoCan', { text, actions: ['kms:Nothing*'] }, 'actions: no KMS action matches kms:Nothing*'],
    [
      'kmsKeyPolicy/simulate',
      { text, request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrpyt' } },
      'request: "action": unknown action kms:Decrpyt; did you mean kms:Decrypt?',
    ],
    [
      'kmsKeyPolicy/simulate',
      { text, request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt', account: '12' } },
      'request: "account" must be a 12-digit AWS account id (got "12")',
    ],
    [
      'kmsKeyPolicy/simulate',
      { text, request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt', time: '8640000000001' } },
      'request: "time" must lie within the dates JavaScript can hold: epoch seconds from -8640000000000 to 8640000000000 (got "8640000000001")',
    ],
  ];
  for (const [method, params, message] of cases) {
    const e = await errorOf(method, params);
    assert.deepEqual([e.code, e.message], [ErrorCodes.InvalidParams, message], `${method} ${JSON.stringify(params)}`);
  }
  assert.equal(server.process.exitCode, null);
});
