/** kmsKeyPolicy/activity over JSON-RPC: trail files the server streams (with work-done progress), records the client sends, and bad input. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { ActivityRequest, type ActivityParams } from '../../shared/protocol';
import { startServer, type TestServer } from './lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TRAILS = path.join(ROOT, 'examples', 'trails');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const POLICY = fs.readFileSync(path.join(ROOT, 'examples', 'console-default.kms.json'), 'utf8');

let server: TestServer;
before(async () => {
  server = await startServer({ account: '111122223333' });
});
after(async () => {
  await server.stop();
});

function records(): unknown[] {
  return fs
    .readdirSync(TRAILS)
    .filter((x) => /\.json(\.gz)?$/.test(x))
    .sort()
    .flatMap((f) => {
      const bytes = fs.readFileSync(path.join(TRAILS, f));
      return (JSON.parse((f.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8')) as { Records: unknown[] }).Records;
    });
}

test('trail files: the server streams them, reports progress, and answers the report with Markdown and a proposal', async () => {
  const token = 'activity-progress-1';
  const kinds: string[] = [];
  const done = new Promise<void>((resolve) => {
    server.connection.onProgress(WorkDoneProgress.type, token, (p: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
      kinds.push(p.kind);
      if (p.kind === 'end') resolve();
    });
  });
  const params: ActivityParams = {
    text: POLICY,
    keyArn: KEY,
    trailFiles: [pathToFileURL(TRAILS).toString()],
    tighten: true,
    workDoneToken: token,
  };
  const result = await server.connection.sendRequest(ActivityRequest, params);
  await done;
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
  assert.equal(result.report.key, KEY);
  assert.equal(result.report.counts.events, 171);
  assert.equal(result.report.partial, false);
  assert.deepEqual(
    result.report.proposal?.statements.map((s) => s.change),
    ['kept', 'kept', 'narrowed', 'narrowed'],
  );
  assert.match(result.markdown, /^# Activity of alias\/app-orders\n/);
  for (const heading of ['## Who did', '## Who can vs who did', '## Unused access', '## Denied attempts', '## Tightened policy (proposal)'])
    assert.ok(result.markdown.includes(`\n${heading}\n`), heading);
});

test('records the client fetched give the same report as the files', async () => {
  const fromRecords = await server.connection.sendRequest(ActivityRequest, { text: POLICY, keyArn: KEY, records: records() });
  const fromFiles = await server.connection.sendRequest(ActivityRequest, { text: POLICY, keyArn: KEY, trailFiles: [TRAILS] });
  assert.deepEqual(fromRecords.report.activity, fromFiles.report.activity);
  assert.deepEqual(fromRecords.report.unusedAccess, fromFiles.report.unusedAccess);
  assert.equal(fromRecords.report.counts.unread, 0, 'records sent are all read');
});

test('bad input is an InvalidParams error with a message, and the server lives on', async () => {
  // Params as a client might send them, right or wrong: sent by the method name, unchecked.
  const expectError = async (params: object, message: string | RegExp): Promise<void> => {
    await assert.rejects(server.connection.sendRequest(ActivityRequest.method, params), (e: { code?: number; message?: string }) => {
      assert.equal(e.code, -32602);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message ?? '', message);
      return true;
    });
  };
  await expectError({ keyArn: 'alias/x', records: [] }, 'Not a key ARN: alias/x');
  await expectError({ keyArn: KEY }, 'Give the CloudTrail records or the trail files to analyse.');
  await expectError({ trailFiles: ['relative/trail.json'] }, 'Trail files must be file URIs or absolute paths: relative/trail.json');
  await expectError(
    { trailFiles: [TRAILS] },
    /^The trail names 2 keys; give the key ARN\. Keys: arn:aws:kms:us-east-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab \(171 events\), /,
  );
  await expectError({ keyArn: KEY, records: [], grants: [{ GranteePrincipal: 42 }] }, /^grants\[0\]/);
  const ok = await server.connection.sendRequest(ActivityRequest, { keyArn: KEY, records: [] });
  assert.equal(ok.report.counts.events, 0);
  assert.equal(ok.report.whoCanVsWhoDid, undefined, 'no policy: who did only');
});
