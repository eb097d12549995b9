/** The sections a live who-can report gains: who can vs who did, unused access and denied attempts, as the activity report renders them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ActivityAggregator,
  activityReport,
  keyActivityOf,
  renderActivityJoinMarkdown,
  renderActivityMarkdown,
  type ActivityReportJson,
} from '../../../server/src/engine/activity';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { A, KEY, consolePolicy, rec, who } from './trailRecords';

function report(policy: string | undefined, problems: readonly string[] = []): ActivityReportJson {
  const agg = new ActivityAggregator({ key: KEY, since: Date.parse('2026-09-01T00:00:00Z') });
  const records = [
    rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1'), time: '2026-10-01T12:00:00Z' }),
    rec({ name: 'Decrypt', who: who.session('AppServer', 'i-2'), time: '2026-10-03T08:00:00Z', via: 's3.amazonaws.com' }),
    rec({
      name: 'GenerateDataKey',
      who: who.session('AppServer', 'i-1'),
      time: '2026-10-02T12:00:00Z',
      params: { keyId: KEY, keySpec: 'AES_256' },
    }),
    rec({
      name: 'Decrypt',
      who: who.session('ReportingRole', 'qs'),
      time: '2026-10-04T09:00:00Z',
      error: 'AccessDenied',
      message: 'not authorized',
    }),
    rec({
      name: 'Decrypt',
      who: who.session('ReportingRole', 'qs'),
      time: '2026-10-05T09:00:00Z',
      error: 'AccessDenied',
      message: 'not authorized',
    }),
  ];
  for (const r of records) agg.add(r);
  const summary = agg.finish();
  return activityReport(summary, keyActivityOf(summary)!, policy === undefined ? undefined : parsePolicy(policy), { problems });
}

/** The lines of `markdown` under `heading`, up to the next heading. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no ${heading} in:\n${markdown}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l !== '');
}

describe('who can vs who did beside a who-can answer', () => {
  const r = report(consolePolicy());
  const join = renderActivityJoinMarkdown(r);

  test('each principal class says which rights it used (calls, last use) and which it did not', () => {
    const rows = section(join, '## Who can vs who did');
    assert.equal(rows[0], 'CloudTrail: 5 events of this key from 2026-10-01 to 2026-10-05 (window: since 2026-09-01).');
    const app = rows.find((l) => l.startsWith('| role AppServer<br>'));
    assert.ok(app, rows.join('\n'));
    const [, through, usedCell, unusedCell] = app.split(' | ').map((c) => c.trim());
    assert.equal(through, 'Allow use of the key');
    assert.equal(usedCell, '`kms:Decrypt` (2, 2026-10-03)<br>`kms:GenerateDataKey` (1, 2026-10-02)');
    assert.match(unusedCell!, /`kms:Encrypt`/);
    assert.doesNotMatch(unusedCell!, /`kms:Decrypt`/);
    const batch = rows.find((l) => l.startsWith('| role BatchJobs<br>'));
    assert.ok(batch?.includes('| _nothing_ |'), batch);
  });

  test('rights granted and never used are listed as unused access', () => {
    const unused = section(join, '## Unused access');
    const batch = unused.find((l) => l.startsWith('- **role BatchJobs** (Allow use of the key): '));
    assert.ok(batch, unused.join('\n'));
    assert.match(batch, /`kms:Decrypt`/);
    assert.ok(!unused.some((l) => l.startsWith('- **role AppServer**') && l.includes('`kms:Decrypt`,')), 'AppServer used Decrypt');
  });

  test('denied attempts are listed with what the key policy says now', () => {
    const denied = section(join, '## Denied attempts');
    // The console policy delegates to IAM: the key policy would allow the call, the caller's IAM policies refused it.
    assert.equal(
      denied[2],
      `| role ReportingRole (${A}) | Decrypt | 2 | 2026-10-04 | 2026-10-05 | would allow it. Statement 1 ("Enable IAM User Permissions") lets IAM policies in the caller's account allow kms:Decrypt, so the caller's own IAM policies (or an SCP or RCP) refused it. |`,
    );
  });

  test("the sections are the activity report's own, not a second rendering", () => {
    const full = renderActivityMarkdown(r, 'Activity');
    for (const heading of ['## Unused access', '## Denied attempts']) assert.deepEqual(section(join, heading), section(full, heading), heading);
    assert.deepEqual(section(join, '## Who can vs who did').slice(1), section(full, '## Who can vs who did'));
    assert.ok(!join.includes('## Who did'), 'who did stays in the activity report');
  });

  test('partial input is marked', () => {
    const partial = renderActivityJoinMarkdown(
      report(consolePolicy(), ['The event lookup stopped at its limit before the start of the window: older events are missing.']),
    );
    const rows = section(partial, '## Who can vs who did');
    assert.equal(rows[1], '> **PARTIAL RESULTS: not every event could be analysed; counts are lower bounds.**');
    assert.equal(rows[2], '> ⚠️ The event lookup stopped at its limit before the start of the window: older events are missing.');
  });

  test('without a policy to analyse, the section says so and the denied attempts still show', () => {
    const bare = renderActivityJoinMarkdown(report(undefined));
    assert.deepEqual(section(bare, '## Who can vs who did').slice(1), ['_The key policy could not be analysed, so the activity is not set beside who can._']);
    assert.ok(!bare.includes('## Unused access'));
    assert.equal(section(bare, '## Denied attempts').length, 3);
  });
});
