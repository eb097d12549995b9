/**
 * The tightened policy: narrowed to what was used, delegation and administrators kept, lint clean, every
 * recorded allowed call still allowed (replayed one by one through the simulator), never a lockout, and
 * never wider than the current policy.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ActivityAggregator,
  candidateStatements,
  eventSample,
  isAccessDenied,
  keyActivityOf,
  MAX_REPLACEMENTS,
  policyUsage,
  readTrailRecord,
  replay,
  tightenPolicy,
  type Tightening,
} from '../../../server/src/engine/activity';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { canonicalAction } from '../../../server/src/engine/simulate/knowledge';
import { compile, evaluate, lockout, type CompiledPolicy } from '../../../server/src/engine/simulate';
import { A, EXAMPLE_KEY, KEY, KEY_ID, ROOT, X, consolePolicy, exampleTrail, rec, who } from './trailRecords';

const APP = `arn:aws:iam::${A}:role/AppServer`;

function tighten(policyText: string, records: readonly unknown[], key = KEY): Tightening {
  const agg = new ActivityAggregator({ key });
  for (const r of records) agg.add(r);
  const activity = keyActivityOf(agg.finish())!;
  const doc = parsePolicy(policyText);
  const policy = compile(doc);
  return tightenPolicy(doc, policyUsage(policy, activity.groups, { arn: key }), { arn: key }, policy);
}

/**
 * Replays every recorded call of `key` the current policy allows against the proposal. Calls the simulator
 * cannot decide from the trail (conditions on unrecorded facts, callers known by account only) must still
 * find a statement naming them for the action. Returns how many calls were checked.
 */
function replayEveryCall(current: string, proposal: string, records: readonly unknown[], key = KEY): number {
  const before = compile(current);
  const after = compile(proposal);
  const aliases = new Map<string, string>();
  let checked = 0;
  for (const raw of records) {
    const r = readTrailRecord(raw);
    if (r.kind !== 'event') continue;
    const e = r.event;
    for (const ref of e.refs) if (ref.kind === 'alias' && e.refs.some((x) => x.kind === 'key' && x.arn === key)) aliases.set(ref.arn, key);
    const mine = e.refs.some((x) => x.arn === key || aliases.get(x.arn) === key);
    if (!mine || isAccessDenied(e.errorCode) || e.eventType === 'AwsServiceEvent') continue;
    const action = canonicalAction(`kms:${e.name}`.toLowerCase());
    if (!action) continue;
    const sample = eventSample(e);
    const d = replay(before, sample, action, { arn: key });
    if (d?.decision === 'allow') {
      checked++;
      assert.equal(
        replay(after, sample, action, { arn: key })?.decision,
        'allow',
        `${action} by ${e.principal.caller ?? e.principal.id} at ${new Date(e.time).toISOString()} is refused by the proposal`,
      );
    } else if (candidateStatements(before, sample, action, key).length > 0) {
      checked++;
      assert.ok(candidateStatements(after, sample, action, key).length > 0, `${action} by ${e.principal.id} loses every statement naming it`);
    }
  }
  return checked;
}

const RANK = { ok: 0, fragile: 1, locked: 2 } as const;

describe('the example: console policy and the example trail', () => {
  const policyText = fs.readFileSync(path.join(ROOT, 'examples', 'console-default.kms.json'), 'utf8');
  const records = exampleTrail();
  const t = tighten(policyText, records, EXAMPLE_KEY);
  const proposed = JSON.parse(t.text) as { Statement: Record<string, unknown>[] };

  test('usage statements are narrowed to the principal and actions used; delegation and administrators are kept as written', () => {
    const current = JSON.parse(policyText) as { Statement: Record<string, unknown>[] };
    assert.deepEqual(
      t.statements.map((s) => `${s.change}:${s.role}`),
      ['kept:delegation', 'kept:administrators', 'narrowed:usage', 'narrowed:usage'],
    );
    assert.deepEqual(proposed.Statement[0], current.Statement[0]);
    assert.deepEqual(proposed.Statement[1], current.Statement[1]);
    assert.deepEqual(proposed.Statement[2], {
      ...current.Statement[2],
      Principal: { AWS: [APP] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    });
    assert.deepEqual(proposed.Statement[3], { ...current.Statement[3], Principal: { AWS: [APP] }, Action: ['kms:CreateGrant'] });
    assert.deepEqual(t.statements[2]!.removedPrincipals, [`arn:aws:iam::${A}:role/BatchJobs`]);
  });

  test("the proposal keeps the file's layout: only the narrowed values change", () => {
    const before = new Set(policyText.split('\n'));
    const after = new Set(t.text.split('\n'));
    assert.deepEqual(
      t.text
        .split('\n')
        .filter((line) => !before.has(line))
        .map((l) => l.trim()),
      ['"arn:aws:iam::111122223333:role/AppServer"', '"kms:GenerateDataKey"', '"arn:aws:iam::111122223333:role/AppServer"', '"kms:CreateGrant"'],
    );
    assert.deepEqual(
      policyText
        .split('\n')
        .filter((line) => !after.has(line))
        .map((l) => l.trim()),
      [
        '"arn:aws:iam::111122223333:role/AppServer",',
        '"arn:aws:iam::111122223333:role/BatchJobs"',
        '"kms:Encrypt",',
        '"kms:ReEncrypt*",',
        '"kms:GenerateDataKey*",',
        '"kms:DescribeKey"',
        '"arn:aws:iam::111122223333:role/AppServer",',
        '"arn:aws:iam::111122223333:role/BatchJobs"',
        '"kms:CreateGrant",',
        '"kms:ListGrants",',
        '"kms:RevokeGrant"',
      ],
    );
  });

  test('it lints clean: no errors, no warnings, nothing new', () => {
    assert.deepEqual(t.lint, { errors: 0, warnings: 0, newFindings: [] });
  });

  test('it never locks out, and the key stays as manageable as before', () => {
    assert.deepEqual(t.lockout, { before: 'ok', after: 'ok' });
    assert.equal(lockout(compile(t.text), { account: A, key: EXAMPLE_KEY }).status, 'ok');
  });

  test('every recorded call the current policy allows is still allowed, replayed one by one', () => {
    const checked = replayEveryCall(policyText, t.text, records, EXAMPLE_KEY);
    assert.ok(checked >= 150, `${checked} calls replayed`);
    assert.equal(t.replay.lost.length, 0);
    assert.equal(t.replay.allowed, t.replay.checked);
  });
});

describe('narrowing', () => {
  const publicPolicy = (): string =>
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'Open',
            Effect: 'Allow',
            Principal: '*',
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Resource: '*',
          },
        ],
      },
      null,
      2,
    );

  test('"*" is replaced by the callers that used it: roles for sessions, account roots for callers known by account, services', () => {
    const records = [
      rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') }),
      rec({ name: 'Decrypt', who: who.account(X, 'etl') }),
      rec({ name: 'DescribeKey', who: who.service('cloudtrail.amazonaws.com'), params: { keyId: KEY } }),
    ];
    const t = tighten(publicPolicy(), records);
    const open = (JSON.parse(t.text) as { Statement: Record<string, unknown>[] }).Statement[1]!;
    assert.deepEqual(open.Principal, { AWS: [APP, `arn:aws:iam::${X}:root`], Service: 'cloudtrail.amazonaws.com' });
    assert.deepEqual(open.Action, ['kms:Decrypt', 'kms:DescribeKey']);
    assert.equal(replayEveryCall(publicPolicy(), t.text, records), 3);
  });

  test(`beyond ${MAX_REPLACEMENTS} different callers, "*" stays and the actions are still narrowed`, () => {
    const records = Array.from({ length: MAX_REPLACEMENTS + 1 }, (_, i) => rec({ name: 'Decrypt', who: who.user(`user${i}`) }));
    const t = tighten(publicPolicy(), records);
    const open = (JSON.parse(t.text) as { Statement: Record<string, unknown>[] }).Statement[1]!;
    assert.equal(open.Principal, '*');
    assert.deepEqual(open.Action, ['kms:Decrypt']);
    assert.match(t.statements[1]!.why, /kept "\*": 21 different callers used it/);
  });

  test('an unused statement is removed; NotAction becomes the actions used; Denies stay', () => {
    const policyText = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'App',
            Effect: 'Allow',
            Principal: { AWS: APP },
            NotAction: ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
            Resource: '*',
          },
          { Sid: 'Unused', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Old` }, Action: 'kms:Decrypt', Resource: '*' },
          {
            Sid: 'NoDelete',
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:ScheduleKeyDeletion',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin` } },
          },
        ],
      },
      null,
      2,
    );
    const t = tighten(policyText, [rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') })]);
    const statements = (JSON.parse(t.text) as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ['Root', 'App', 'NoDelete'],
    );
    assert.deepEqual(statements[1], { Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: ['kms:Decrypt'], Resource: '*' });
    assert.deepEqual(
      t.statements.map((s) => s.change),
      ['kept', 'narrowed', 'removed', 'kept'],
    );
    assert.equal(t.statements[2]!.why, 'Removed statement 3 ("Unused"): no recorded call used it in the window.');
    assert.deepEqual(t.lint.newFindings, []);
  });

  test('a policy whose only manager is a usage statement is not locked: that statement is kept', () => {
    const policyText = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Owner` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
        ],
      },
      null,
      2,
    );
    const t = tighten(policyText, [rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') })]);
    const statements = (JSON.parse(t.text) as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual(statements[0], JSON.parse(policyText).Statement[0]);
    assert.deepEqual(statements[1]!.Action, ['kms:Decrypt']);
    assert.ok(RANK[t.lockout.after] <= RANK[t.lockout.before], `${t.lockout.before} → ${t.lockout.after}`);
    assert.notEqual(t.lockout.after, 'locked');
    assert.match(t.notes[0]!, /^The first draft would leave the key locked \(nobody could change its policy\)/);
  });

  test('a policy with syntax problems is not tightened', () => {
    const text = consolePolicy().replace('"Version"', '// a comment\n  "Version"');
    const t = tighten(text, [rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') })]);
    assert.equal(t.changed, false);
    assert.equal(t.text, text);
    assert.deepEqual(t.notes, ['No tightening is proposed: the policy has syntax problems KMS would reject; fix them first.']);
  });

  test('nothing used and nothing to narrow: the proposal is the current text', () => {
    const t = tighten(consolePolicy(), [
      rec({ name: 'Decrypt', who: who.session('AppServer', 'i-1') }),
      rec({ name: 'Decrypt', who: who.session('BatchJobs', 'b') }),
      ...[
        'Encrypt',
        'ReEncrypt',
        'GenerateDataKey',
        'GenerateDataKeyWithoutPlaintext',
        'GenerateDataKeyPair',
        'GenerateDataKeyPairWithoutPlaintext',
        'DescribeKey',
      ].flatMap((name) =>
        ['AppServer', 'BatchJobs'].map((role) =>
          rec({ name, who: who.session(role, 'x'), params: name === 'ReEncrypt' ? { destinationKeyId: KEY_ID } : { keyId: KEY } }),
        ),
      ),
      ...['CreateGrant', 'ListGrants', 'RevokeGrant'].flatMap((name) =>
        ['AppServer', 'BatchJobs'].map((role) => rec({ name, who: who.session(role, 'x'), via: 'ec2.amazonaws.com', params: { keyId: KEY } })),
      ),
    ]);
    assert.equal(t.changed, false);
    assert.equal(t.text, consolePolicy());
    assert.deepEqual(t.notes, ['Nothing to tighten: every statement that grants use of the key was used as written, or is kept.']);
  });
});

describe('for any policy and any activity', () => {
  const principals = [APP, `arn:aws:iam::${A}:role/Batch`, `arn:aws:iam::${X}:role/Partner`, `arn:aws:iam::${A}:user/alice`];
  const callers = [
    who.session('AppServer', 's'),
    who.session('Batch', 'b'),
    who.session('Partner', 'p', X),
    who.user('alice'),
    who.user('mallory', '999988887777'),
    who.account(X, 'q'),
    who.service('logs.amazonaws.com'),
  ];
  const actionSets = [
    ['kms:Decrypt'],
    ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
    ['kms:*'],
    ['kms:Describe*', 'kms:Get*'],
    ['kms:CreateGrant', 'kms:ListGrants'],
    ['kms:PutKeyPolicy', 'kms:DisableKey'],
  ];
  const statement = fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      principal: fc.oneof(
        fc.constant('*' as unknown),
        fc.subarray(principals, { minLength: 1 }).map((p) => ({ AWS: p })),
        fc.constant({ AWS: `arn:aws:iam::${A}:root` }),
        fc.constant({ Service: 'logs.amazonaws.com' }),
      ),
      actions: fc.constantFrom(...actionSets),
      condition: fc.constantFrom(undefined, { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, { StringEquals: { 'kms:CallerAccount': A } }),
    })
    .map((s) => ({
      Effect: s.effect,
      Principal: s.principal,
      Action: s.actions,
      Resource: '*',
      ...(s.condition ? { Condition: s.condition } : {}),
    }));
  const event = fc
    .record({
      caller: fc.constantFrom(...callers),
      name: fc.constantFrom('Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'CreateGrant', 'PutKeyPolicy', 'ReEncrypt'),
      via: fc.constantFrom(undefined, 's3.amazonaws.com'),
      denied: fc.boolean(),
    })
    .map((e) =>
      rec({
        name: e.name,
        who: e.caller,
        ...(e.via ? { via: e.via } : {}),
        ...(e.denied ? { error: 'AccessDenied' } : {}),
        params: e.name === 'ReEncrypt' ? { destinationKeyId: KEY_ID } : { keyId: KEY },
      }),
    );

  const probes = callers.flatMap((c) =>
    ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:DescribeKey'].flatMap((action) =>
      [undefined, 's3.us-east-1.amazonaws.com'].map((via) => ({ caller: c, action, via })),
    ),
  );
  const allows = (p: CompiledPolicy, probe: (typeof probes)[number]): boolean => {
    const arn = probe.caller.arn as string | undefined;
    const principal =
      arn ?? (probe.caller.type === 'AWSService' ? (probe.caller.invokedBy as string) : `arn:aws:iam::${probe.caller.accountId as string}:root`);
    return (
      evaluate(p, {
        principal,
        action: probe.action,
        key: KEY,
        iamAllows: true,
        ...(probe.via ? { context: { 'kms:ViaService': probe.via } } : {}),
      }).decision === 'allow'
    );
  };

  test('the proposal never locks the key, loses no allowed call, and allows nothing the current policy refuses', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), fc.array(event, { maxLength: 12 }), (statements, records) => {
        const policyText = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
        const t = tighten(policyText, records);
        assert.ok(RANK[t.lockout.after] <= RANK[t.lockout.before], `lockout ${t.lockout.before} → ${t.lockout.after}`);
        assert.deepEqual(t.replay.lost, []);
        replayEveryCall(policyText, t.text, records);
        const before = compile(policyText);
        const after = compile(t.text);
        for (const probe of probes)
          if (allows(after, probe))
            assert.ok(allows(before, probe), `the proposal allows ${probe.action} to ${JSON.stringify(probe.caller)} which the current policy refuses`);
      }),
      { numRuns: 150 },
    );
  });
});
