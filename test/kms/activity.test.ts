/**
 * Key activity from the local endpoint's CloudTrail, through the real SDK: LookupEvents (paged, filtered by the
 * key ARN) into the engine's aggregator, joined with the key's live policy, and tightened. Every allowed call
 * of the trail is replayed against the proposal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAwsSession, type AwsSession, type KeyEvent } from '../../client/src/aws';
import {
  ActivityAggregator,
  activityReport,
  candidateStatements,
  compile,
  eventSample,
  isAccessDenied,
  keyActivityOf,
  readTrailRecord,
  replay,
  type ActivityReportJson,
} from '../../server/src/engine';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';
import { canonicalAction } from '../../server/src/engine/simulate/knowledge';
import type { LocalKms } from '../../tools/localKms/server';
import { seedKeyId } from '../../tools/localKms/seed';
import { IDS, fakeCredentials, startEndpoint } from './helpers';

const A = '111122223333';
const X = '444455556666';
const arnOf = (name: string): string => `arn:aws:kms:us-east-1:${A}:key/${seedKeyId(name, false)}`;

let kms: LocalKms;
let aws: AwsSession;
before(async () => {
  kms = await startEndpoint({ seed: true });
  aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin) });
});
after(async () => {
  aws.dispose();
  await kms.close();
});

interface Live {
  readonly events: readonly KeyEvent[];
  readonly policy: string;
  readonly report: ActivityReportJson;
}

async function live(name: string, aliases: readonly string[]): Promise<Live> {
  const key = arnOf(name);
  const progress: number[] = [];
  const { events, truncated } = await aws.lookupKeyEvents(key, {
    since: new Date(Date.now() - 90 * 86_400_000),
    onProgress: (n) => progress.push(n),
  });
  assert.equal(truncated, false);
  assert.equal(progress[progress.length - 1], events.length);
  const policy = await aws.getKeyPolicy('us-east-1', key);
  const agg = new ActivityAggregator({ key, aliases, since: Date.now() - 90 * 86_400_000 });
  for (const e of events) agg.add(e.record);
  const summary = agg.finish();
  const report = activityReport(summary, keyActivityOf(summary)!, parsePolicy(policy), { tighten: true });
  return { events, policy, report };
}

/** Replays every recorded allowed call against the proposal; returns how many were checked. */
function replayAll(l: Live, key: string): number {
  const before = compile(l.policy);
  const after = compile(l.report.proposal!.text);
  let checked = 0;
  for (const e of l.events) {
    const r = readTrailRecord(e.record);
    assert.equal(r.kind, 'event');
    if (r.kind !== 'event' || isAccessDenied(r.event.errorCode)) continue;
    const action = canonicalAction(`kms:${r.event.name}`.toLowerCase())!;
    const sample = eventSample(r.event);
    if (replay(before, sample, action, { arn: key })?.decision === 'allow') {
      checked++;
      assert.equal(replay(after, sample, action, { arn: key })?.decision, 'allow', `${action} by ${r.event.principal.id}`);
    } else {
      assert.ok(candidateStatements(before, sample, action, key).length > 0, `${action} by ${r.event.principal.id} has a statement now`);
      checked++;
      assert.ok(candidateStatements(after, sample, action, key).length > 0, `${action} by ${r.event.principal.id} keeps a statement`);
    }
  }
  return checked;
}

const group = (r: ActivityReportJson, principal: string, operation: string) => r.activity.find((g) => g.principal === principal && g.operation === operation);

describe('app-data: application roles, S3, a refused reporting role', () => {
  let l: Live;
  before(async () => {
    l = await live('app-data', ['alias/app-data', 'alias/app-data-legacy']);
  });

  test('every event LookupEvents returns for the key is attributed, grouped under roles with sources and errors', () => {
    assert.equal(l.events.length, 145);
    assert.equal(l.report.counts.events, 145);
    const app = l.report.activity.filter((g) => g.principal === `arn:aws:iam::${A}:role/AppServerRole`);
    assert.equal(
      app.reduce((n, g) => n + g.count, 0),
      115,
    );
    assert.equal(
      app.reduce((n, g) => n + (g.sources['s3.amazonaws.com'] ?? 0), 0),
      45,
    );
    assert.deepEqual(group(l.report, `arn:aws:iam::${A}:role/ReportingRole`, 'Decrypt')?.errors, {
      AccessDenied: {
        count: 9,
        message: `User: arn:aws:sts::${A}:assumed-role/ReportingRole/quicksight-refresh is not authorized to perform: kms:Decrypt on resource: ${arnOf('app-data')} because no resource-based policy allows the kms:Decrypt action`,
      },
    });
    assert.equal(group(l.report, `arn:aws:iam::${A}:user/alice`, 'CreateGrant')?.count, 1);
  });

  test('who can vs who did: the key administrator role never acted; the refused role is refused by IAM, not by the key policy', () => {
    const keyAdmin = l.report.whoCanVsWhoDid!.find((c) => c.principal === `arn:aws:iam::${A}:role/KeyAdminRole`)!;
    assert.deepEqual(keyAdmin.used, []);
    const pipeline = l.report.whoCanVsWhoDid!.find((c) => c.principal === `arn:aws:iam::${A}:role/DataPipelineRole` && c.used.length > 0)!;
    assert.deepEqual(
      pipeline.used.map((u) => u.action),
      ['kms:Decrypt'],
    );
    const denied = l.report.deniedAttempts.find((d) => d.principal === `arn:aws:iam::${A}:role/ReportingRole`)!;
    assert.equal(denied.count, 9);
    assert.equal(denied.keyPolicyNow?.reason, 'iam-delegation');
  });

  test('the proposal lints clean, keeps the key manageable and allows every call that was allowed', () => {
    const p = l.report.proposal!;
    assert.equal(p.changed, true);
    assert.deepEqual(p.lint, { errors: 0, warnings: 0, newFindings: [] });
    assert.deepEqual(p.lockout, { before: 'ok', after: 'ok' });
    assert.ok(replayAll(l, arnOf('app-data')) >= 130);
  });
});

describe("partner-shared: a partner account's role, and CloudTrail's own key", () => {
  test('the partner role is recorded by ARN; its account entry goes, its role entry stays', async () => {
    const l = await live('partner-shared', ['alias/partner-shared']);
    const partner = group(l.report, `arn:aws:iam::${X}:role/PartnerAnalytics`, 'Decrypt')!;
    assert.equal(partner.succeeded, 25);
    const used = l.report.whoCanVsWhoDid!.find((c) => c.principal === `arn:aws:iam::${X}:role/PartnerAnalytics` && c.used.length > 0)!;
    assert.deepEqual(
      used.used.map((u) => u.action),
      ['kms:Decrypt'],
    );
    const users = (JSON.parse(l.report.proposal!.text) as { Statement: { Sid: string; Principal: { AWS: unknown } }[] }).Statement.find(
      (s) => s.Sid === 'Allow use of the key',
    )!;
    assert.deepEqual(users.Principal.AWS, [`arn:aws:iam::${X}:role/PartnerAnalytics`]);
    assert.ok(replayAll(l, arnOf('partner-shared')) >= 25);
  });

  test("CloudTrail's calls depend on aws:SourceArn, which the trail does not record: unverified, and kept", async () => {
    const l = await live('cloudtrail-logs', ['alias/cloudtrail-logs']);
    const used = l.report.whoCanVsWhoDid!.find((c) => c.principal === 'cloudtrail.amazonaws.com' && c.used.length > 0)!;
    assert.deepEqual(
      used.used.map((u) => [u.action, u.unverified]),
      [['kms:GenerateDataKey', true]],
    );
    const statements = (JSON.parse(l.report.proposal!.text) as { Statement: { Sid: string; Condition?: unknown }[] }).Statement;
    const encrypt = statements.find((s) => s.Sid === 'Allow CloudTrail to encrypt logs');
    assert.ok(encrypt?.Condition, 'the statement CloudTrail uses stays, with its conditions');
    assert.ok(replayAll(l, arnOf('cloudtrail-logs')) >= 40);
  });
});
