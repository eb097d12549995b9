/** kmsKeyPolicy/activity over JSON-RPC: trail files the server streams (with work-done progress), records the client sends, and bad input. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { ActivityRequest, type ActivityParams } from '../../shared/protocol';
import { AGGREGATE_COLUMNS, aggregateRecords } from '../../server/src/engine';
import { asTexts } from '../engine/activity/activityGenerators';
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
  await expectError({ keyArn: KEY }, 'Give the CloudTrail records, the trail files or the aggregate query answer to analyse.');
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

/** The aggregate query's answer for the example trail, as GetQueryResults would give it (texts). */
function aggregateAnswer(): NonNullable<ActivityParams['aggregate']> {
  return { dialect: 'athena', columns: [...AGGREGATE_COLUMNS], rows: asTexts(aggregateRecords(records(), { key: KEY })) };
}

test('the aggregate query answer: the report says which source counted, and unexpected columns are refused', async () => {
  const source = { kind: 'athena' as const, name: 'primary:cloudtrail.org_trail', bytesScanned: 123_456_789, costUsd: 0.0006 };
  const result = await server.connection.sendRequest(ActivityRequest, { text: POLICY, keyArn: KEY, aggregate: aggregateAnswer(), source, tighten: true });
  assert.deepEqual(result.report.source, source);
  assert.match(
    result.markdown,
    /Counted by Athena \(primary:cloudtrail\.org_trail\); scanned 123\.5 MB, about \$0\.00060 \(an estimate at \$5 per TB scanned\)\./,
  );
  assert.ok(result.report.proposal, 'a complete window: a proposal');
  const answer = aggregateAnswer();
  await assert.rejects(
    server.connection.sendRequest(ActivityRequest, { keyArn: KEY, aggregate: { ...answer, columns: answer.columns.map((c) => (c === 'calls' ? 'n' : c)) } }),
    (e: { code?: number; message?: string }) =>
      e.code === -32602 && /^The query answered the columns principal_key, .*, n, .*; expected /.test(e.message ?? ''),
  );
});

test('an incomplete window with tightenOnlyComplete: no proposal, and the report says why', async () => {
  const result = await server.connection.sendRequest(ActivityRequest, {
    text: POLICY,
    keyArn: KEY,
    records: records(),
    truncated: true,
    tighten: true,
    tightenOnlyComplete: true,
  });
  assert.equal(result.report.partial, true);
  assert.equal(result.report.proposal, undefined);
  assert.ok(result.report.notes.some((n) => n.startsWith('No tightened policy is proposed: the window is incomplete')));
  const cli = await server.connection.sendRequest(ActivityRequest, { text: POLICY, keyArn: KEY, records: records(), truncated: true, tighten: true });
  assert.ok(cli.report.proposal, 'without tightenOnlyComplete the proposal is drafted (the CLI warns instead)');
});
