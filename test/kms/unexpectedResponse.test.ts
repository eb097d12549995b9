/**
 * Answers that are not AWS's, through the real SDK: a server on 127.0.0.1 plays a proxy or gateway in front
 * of KMS (an HTML error page, plain text, an empty body, JSON naming no exception). The client reads each as
 * "unexpected response (HTTP <status>) from <endpoint>", never as an AwsApiError named after the SDK's JSON
 * parser (`SyntaxError`) or its `UnknownError`; a real AWS error body still reads as AWS's exception.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AwsApiError, UnexpectedResponseError, createAwsSession, type AwsSession } from '../../client/src/aws';
import { fakeCredentials } from './helpers';

/** What the stand-in server answers next. */
interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe("answers that are not AWS's", () => {
  let server: http.Server;
  let endpoint: string;
  let answer: Answer = { status: 500, body: '' };
  let aws: AwsSession;
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    aws = createAwsSession({ endpoint, credentials: fakeCredentials(), maxAttempts: 1 });
  });
  after(async () => {
    aws.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The error `call` rejects with once the server gives `next`. */
  async function failure(next: Answer, call: () => Promise<unknown>): Promise<unknown> {
    answer = next;
    try {
      await call();
    } catch (error) {
      return error;
    }
    assert.fail(`the call succeeded on HTTP ${next.status}`);
  }

  const pages: [string, Answer][] = [
    ['a 500 with an HTML page', { status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>', contentType: 'text/html' }],
    ['a 502 in plain text', { status: 502, body: 'Bad Gateway', contentType: 'text/plain' }],
    ['a 503 with an empty body', { status: 503, body: '' }],
    ['a 500 with JSON naming no exception', { status: 500, body: '{"error": "upstream timed out"}', contentType: 'application/json' }],
    ["a 200 with a captive portal's page", { status: 200, body: '<html>Sign in to the hotel Wi-Fi</html>', contentType: 'text/html' }],
  ];
  for (const [what, page] of pages) {
    test(`${what} reads as an unexpected response from the endpoint`, async () => {
      const error = await failure(page, () => aws.getKeyPolicy('us-east-1', KEY_ARN));
      assert.ok(error instanceof UnexpectedResponseError, `not an UnexpectedResponseError: ${String(error)}`);
      assert.ok(!(error instanceof AwsApiError));
      assert.equal(error.message, `unexpected response (HTTP ${page.status}) from ${endpoint}`);
      assert.equal(error.name, 'Error');
      assert.deepEqual([error.action, error.httpStatusCode, error.endpoint], ['kms:GetKeyPolicy', page.status, endpoint]);
    });
  }

  test('listing keys stops on it rather than filing it as a denied call', async () => {
    const error = await failure(pages[0]![1], () => aws.listKeys('us-east-1'));
    assert.ok(error instanceof UnexpectedResponseError);
    assert.equal(error.message, `unexpected response (HTTP 500) from ${endpoint}`);
  });

  test('the CloudTrail client reads it the same way', async () => {
    const error = await failure(pages[1]![1], () => aws.lookupKeyEvents(KEY_ARN));
    assert.ok(error instanceof UnexpectedResponseError);
    assert.deepEqual([error.message, error.action], [`unexpected response (HTTP 502) from ${endpoint}`, 'cloudtrail:LookupEvents']);
  });

  test("an AWS error body is still AWS's exception, verbatim", async () => {
    const error = await failure(
      { status: 400, body: '{"__type":"NotFoundException","message":"Key does not exist"}', contentType: 'application/x-amz-json-1.1' },
      () => aws.getKeyPolicy('us-east-1', KEY_ARN),
    );
    assert.ok(error instanceof AwsApiError, `not an AwsApiError: ${String(error)}`);
    assert.deepEqual([error.name, error.message, error.action, error.httpStatusCode], ['NotFoundException', 'Key does not exist', 'kms:GetKeyPolicy', 400]);
  });
});
