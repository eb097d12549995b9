/** What the Activity row under a key shows in each state, and the rows of a loaded report (built by the engine from the example trail). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, test } from 'node:test';
import type { ActivityReportJson } from '../../shared/protocol';
import { activityRow, activityRows, activityUnavailableMarkdown, type ActivityState } from '../../client/src/explorer/activityModel';
import { ActivityAggregator, activityReport, keyActivityOf } from '../../server/src/engine';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function exampleReport(): ActivityReportJson {
  const agg = new ActivityAggregator({ key: KEY });
  const dir = path.join(ROOT, 'examples', 'trails');
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => /\.json(\.gz)?$/.test(x))
    .sort()) {
    const bytes = fs.readFileSync(path.join(dir, f));
    for (const r of (JSON.parse((f.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8')) as { Records: unknown[] }).Records) agg.add(r);
  }
  const summary = agg.finish();
  const policy = parsePolicy(fs.readFileSync(path.join(ROOT, 'examples', 'console-default.kms.json'), 'utf8'));
  return activityReport(summary, keyActivityOf(summary)!, policy);
}

describe('the Activity row', () => {
  test('says what it is doing in each state, with a context value for the menus', () => {
    const rows = (['idle', 'loading', 'failed', 'cancelled'] as const).map((status) => {
      const state = (
        status === 'loading' ? { status, events: 150 } : status === 'failed' ? { status, error: 'AccessDeniedException: no' } : { status }
      ) as ActivityState;
      const r = activityRow(state, 30);
      return [r.icon, r.description, r.contextValue];
    });
    assert.deepEqual(rows, [
      ['pulse', 'CloudTrail, last 30 days · expand to read', 'kmsActivity'],
      ['loading~spin', 'reading CloudTrail… 150 events', 'kmsActivity.loading'],
      ['error', 'could not read CloudTrail', 'kmsActivity'],
      ['debug-stop', 'cancelled · refresh to read again', 'kmsActivity'],
    ]);
  });

  test('loaded: events, callers and the window; partial results are flagged', () => {
    const report = exampleReport();
    const loaded = activityRow({ status: 'loaded', report, days: 90, loadedAt: new Date() }, 90);
    assert.equal(loaded.description, '171 events · 5 callers · last 90 days');
    assert.equal(loaded.contextValue, 'kmsActivity.loaded');
    const partial = activityRow(
      {
        status: 'loaded',
        report: { ...report, partial: true, problems: ['The event lookup stopped at its limit'] },
        days: 90,
        loadedAt: new Date(),
      },
      90,
    );
    assert.equal(partial.icon, 'warning');
    assert.match(partial.description ?? '', / · partial window$/);
    assert.match(partial.tooltip ?? '', /⚠️ The event lookup stopped at its limit/);
  });
});

describe('the rows of a loaded report', () => {
  const rows = activityRows(exampleReport(), 90);

  test('callers first (most events first), each with its operations', () => {
    const callers = rows.filter((r) => r.id.startsWith('caller:'));
    assert.deepEqual(
      callers.map((r) => r.label),
      [
        'role AppServer (111122223333)',
        'user alice (111122223333)',
        'role ReportingRole (111122223333)',
        'a principal of account 444455556666 (not recorded)',
        'service kms.amazonaws.com',
      ],
    );
    assert.equal(callers[0]!.description, '155 · Decrypt 127 · GenerateDataKey 25 · CreateGrant 3');
    const decrypt = callers[0]!.children![0]!;
    assert.equal(decrypt.label, 'Decrypt');
    assert.match(decrypt.description ?? '', /^127 · 2026-09-01 – 2026-11-25 · direct 86, via s3 41 · InvalidCiphertextException 2$/);
    assert.equal(decrypt.icon, 'warning');
    assert.equal(callers[2]!.children![0]!.icon, 'circle-slash', 'only refused calls');
  });

  test('then unused access and denied attempts', () => {
    const unused = rows.find((r) => r.id === 'unused')!;
    assert.equal(unused.label, `Unused access (${unused.children!.length})`);
    assert.ok(unused.children!.some((c) => c.label === 'role BatchJobs' && c.description === '9 actions · Allow use of the key'));
    const denied = rows.find((r) => r.id === 'denied')!;
    assert.equal(denied.label, 'Denied attempts (8)');
    assert.deepEqual(denied.children!.map((c) => c.description).sort(), ['2× · last 2026-09-26', '6× · last 2026-11-21']);
  });

  test('an empty window says so; too many callers are cut with a pointer to the report', () => {
    const report = exampleReport();
    assert.deepEqual(
      activityRows({ ...report, activity: [], unusedAccess: undefined, deniedAttempts: [] }, 7).map((r) => r.label),
      ['No CloudTrail events for this key in the last 7 days'],
    );
    const cut = activityRows(report, 90, 2);
    assert.equal(cut.find((r) => r.id === 'more')?.label, '3 more callers: see the activity report');
  });
});

describe('the live who-can report without activity', () => {
  test('says the activity is unavailable, why (on one line) and what is not shown', () => {
    assert.equal(
      activityUnavailableMarkdown(
        'CloudTrail could not be read: AccessDeniedException: User: arn:aws:iam::111122223333:user/alice\n is not authorized to perform: cloudtrail:LookupEvents',
        30,
      ),
      [
        '## Who can vs who did',
        '',
        '> ⚠️ **Activity unavailable:** CloudTrail could not be read: AccessDeniedException: User: arn:aws:iam::111122223333:user/alice is not authorized to perform: cloudtrail:LookupEvents',
        '>',
        '> The answer above comes from the key policy alone: whether each principal used its rights in the last 30 days, unused access and denied attempts are not shown.',
        '',
      ].join('\n'),
    );
  });
});
