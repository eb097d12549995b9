/** `kms-policy simulate` and `kms-policy who-can` end to end, on the examples/ policies. */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ensureCliBuilt, makeTree, removeTree, ROOT, runCli } from './cliHarness';

const EXAMPLES = path.join(ROOT, 'examples');
const APP = 'arn:aws:iam::111122223333:role/AppServer';

interface SimJson {
  decision: string;
  reason: string;
  statements: { index: number; sid?: string; applies: boolean }[];
}

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    'request.json': JSON.stringify({ principal: 'arn:aws:iam::444455556666:role/Analyst', action: 'kms:Decrypt', iamAllows: true }),
    'grant-request.json': JSON.stringify({
      principal: 'arn:aws:iam::111122223333:role/Reporting',
      action: 'kms:Decrypt',
      context: { 'kms:EncryptionContext:tenant': 't-42' },
      grants: [
        {
          GrantId: 'a1b2c3',
          Name: 'reporting-read',
          GranteePrincipal: 'arn:aws:iam::111122223333:role/Reporting',
          Operations: ['Decrypt', 'DescribeKey'],
          Constraints: { EncryptionContextSubset: { tenant: 't-42' } },
        },
      ],
    }),
    'list-grants.json': JSON.stringify({
      Grants: [
        {
          GrantId: 'g9',
          GranteePrincipal: 'arn:aws:iam::111122223333:role/Reporting',
          Operations: ['Decrypt'],
          KeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      ],
    }),
    'typo.json': JSON.stringify({ principle: APP, action: 'kms:Decrypt' }),
    'not-json.json': '{ "principal": ',
    'array.json': '[1, 2]\n',
  });
});
after(() => removeTree(dir));

const sim = (args: string[], input?: string) => runCli(['simulate', ...args], { cwd: EXAMPLES, ...(input !== undefined ? { input } : {}) });
const inDir = (f: string): string => path.join(dir, f);

describe('simulate', () => {
  test('flags: a key user may decrypt; the text explains which statement allowed it', () => {
    const r = sim(['console-default.kms.json', '--principal', APP, '--action', 'kms:Decrypt']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const [first] = r.stdout.split('\n');
    assert.match(first!, /^ALLOW {2}kms:Decrypt by .*AppServer.* \[key-policy\]$/);
    assert.match(r.stdout, /● key policy statement 3 "Allow use of the key" \(Allow\): applies/);
  });

  test('a denied request still exits 0; --format json gives decision, reason and statements', () => {
    const r = sim(['console-default.kms.json', '-p', 'arn:aws:iam::111122223333:role/KeyAdmin', '-a', 'kms:Decrypt', '-f', 'json']);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout) as SimJson;
    assert.equal(j.decision, 'deny');
    assert.deepEqual(Object.keys(j), ['decision', 'reason', 'statements']);
    assert.deepEqual(
      j.statements.map((s) => s.index),
      [0, 1, 2, 3],
    );
    assert.equal(j.statements.find((s) => s.index === 2)!.applies, false);
  });

  test('--request file: a cross-account caller whose IAM allows it; flags override the file', () => {
    const r = sim(['cross-account.kms.json', '--request', inDir('request.json'), '-f', 'json']);
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.stdout) as SimJson).decision, 'allow');
    const disabled = sim(['cross-account.kms.json', '--request', inDir('request.json'), '--key-state', 'Disabled', '-f', 'json']);
    assert.deepEqual([(JSON.parse(disabled.stdout) as SimJson).decision, (JSON.parse(disabled.stdout) as SimJson).reason], ['deny', 'key-state']);
    const otherAction = sim(['cross-account.kms.json', '--request', inDir('request.json'), '--action', 'kms:ScheduleKeyDeletion', '-f', 'json']);
    assert.equal((JSON.parse(otherAction.stdout) as SimJson).decision, 'deny');
  });

  test('grants in ListGrants form decide with their encryption-context constraint', () => {
    const allowed = JSON.parse(sim(['aws-default.kms.json', '-r', inDir('grant-request.json'), '-f', 'json']).stdout) as SimJson;
    assert.deepEqual([allowed.decision, allowed.reason], ['allow', 'grant']);
    const wrongTenant = sim(['aws-default.kms.json', '-r', inDir('grant-request.json'), '--context', 'kms:EncryptionContext:tenant=t-7', '-f', 'json']);
    assert.equal((JSON.parse(wrongTenant.stdout) as SimJson).decision, 'deny');
    const listed = sim([
      'aws-default.kms.json',
      '-p',
      'arn:aws:iam::111122223333:role/Reporting',
      '-a',
      'kms:Decrypt',
      '--grants',
      inDir('list-grants.json'),
      '-f',
      'json',
    ]);
    assert.equal((JSON.parse(listed.stdout) as SimJson).reason, 'grant');
  });

  test('--iam-allows turns the account delegation into an allow; conditions read --context', () => {
    const user = ['aws-default.kms.json', '-p', 'arn:aws:iam::111122223333:user/bob', '-a', 'kms:Encrypt', '-f', 'json'];
    assert.deepEqual(
      ['deny', 'allow'],
      [JSON.parse(sim(user).stdout) as SimJson, JSON.parse(sim([...user, '--iam-allows']).stdout) as SimJson].map((j) => j.decision),
    );
    const trail = ['cloudtrail.kms.json', '-p', 'arn:aws:iam::111122223333:role/Auditor', '-a', 'kms:Decrypt', '-f', 'json'];
    const withContext = JSON.parse(
      sim([...trail, '-c', 'kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events']).stdout,
    ) as SimJson;
    assert.equal(withContext.decision, 'allow');
    assert.equal((JSON.parse(sim(trail).stdout) as SimJson).decision, 'deny');
  });

  test('the policy can come from standard input', () => {
    const r = sim(
      ['-', '-p', APP, '-a', 'kms:Decrypt', '--account', '111122223333', '-f', 'json'],
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"' + APP + '"},"Action":"kms:Decrypt","Resource":"*"}]}',
    );
    assert.equal((JSON.parse(r.stdout) as SimJson).decision, 'allow');
  });

  describe('bad input exits 2 with a clear message', () => {
    const cases: [string[], string][] = [
      [
        ['console-default.kms.json', '-p', APP],
        "kms-policy simulate: simulate needs --action (or a --request file with it)\nRun 'kms-policy simulate --help' for usage.\n",
      ],
      [
        ['console-default.kms.json'],
        "kms-policy simulate: simulate needs --principal and --action (or a --request file with them)\nRun 'kms-policy simulate --help' for usage.\n",
      ],
      [
        ['-p', APP, '-a', 'kms:Decrypt'],
        "kms-policy simulate: no policy: name the key policy file (or - for standard input)\nRun 'kms-policy simulate --help' for usage.\n",
      ],
      [['missing.json', '-p', APP, '-a', 'kms:Decrypt'], 'kms-policy simulate: cannot read policy missing.json: no such file or directory\n'],
      [['console-default.kms.json', '-r', 'nope.json'], 'kms-policy simulate: cannot read request nope.json: no such file or directory\n'],
      [
        ['console-default.kms.json', '-p', APP, '-a', 'kms:Decrypt', '--key-state', 'Off'],
        'kms-policy simulate: --key-state must be one of Creating, Disabled, Enabled, PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable, Updating (got "Off")\n',
      ],
      [
        ['console-default.kms.json', '-p', APP, '-a', 'kms:Decrypt', '-c', 'novalue'],
        "kms-policy simulate: --context needs KEY=VALUE (got 'novalue')\nRun 'kms-policy simulate --help' for usage.\n",
      ],
      [['-', '-r', '-'], "kms-policy simulate: only one input can be read from standard input (-)\nRun 'kms-policy simulate --help' for usage.\n"],
    ];
    for (const [args, stderr] of cases) {
      test(args.join(' '), () => {
        const r = sim(args);
        assert.equal(r.stderr, stderr);
        assert.equal(r.stdout, '');
        assert.equal(r.code, 2);
      });
    }

    test('a malformed request file names the file and the problem', () => {
      const typo = sim(['console-default.kms.json', '-r', inDir('typo.json')]);
      assert.match(typo.stderr, /^kms-policy simulate: .*typo\.json: unknown member "principle" \(a request may have principal, action, /);
      assert.equal(typo.code, 2);
      const broken = sim(['console-default.kms.json', '-r', inDir('not-json.json')]);
      assert.match(broken.stderr, /^kms-policy simulate: request .*not-json\.json is not valid JSON: /);
      assert.equal(broken.code, 2);
    });

    test('the simulator refuses an unreadable principal or an unknown action', () => {
      const principal = sim(['console-default.kms.json', '-p', 'not a principal', '-a', 'kms:Decrypt']);
      assert.match(principal.stderr, /^kms-policy simulate: "not a principal" is not a principal/);
      assert.equal(principal.code, 2);
      const action = sim(['console-default.kms.json', '-p', APP, '-a', 'kms:Decrpyt']);
      assert.equal(action.stderr, 'kms-policy simulate: unknown action kms:Decrpyt; did you mean kms:Decrypt?\n');
      assert.equal(action.code, 2);
    });

    test('a document that is not a policy', () => {
      const r = sim([inDir('array.json'), '-p', APP, '-a', 'kms:Decrypt']);
      assert.equal(r.stderr, `kms-policy simulate: ${inDir('array.json')} is not a key policy: the top level is not a JSON object\n`);
      assert.equal(r.code, 2);
    });
  });
});

describe('who-can', () => {
  interface WhoJson {
    actions: string[];
    principals: { principal: string; kind: string; decision: string; actions: string[] }[];
    caveats: string[];
  }

  test('json: every class of principal with its decision', () => {
    const r = runCli(['who-can', 'cloudtrail.kms.json', '--action', 'kms:Decrypt', '--action', 'kms:GenerateDataKey', '-f', 'json'], {
      cwd: EXAMPLES,
    });
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout) as WhoJson;
    assert.deepEqual(j.actions, ['kms:Decrypt', 'kms:GenerateDataKey']);
    const rows = Object.fromEntries(j.principals.map((p) => [p.principal, [p.decision, p.actions]]));
    assert.deepEqual(rows['111122223333'], ['allow', ['kms:Decrypt', 'kms:GenerateDataKey']]);
    assert.deepEqual(rows['*'], ['conditional', ['kms:Decrypt']]);
    assert.deepEqual(rows['cloudtrail.amazonaws.com'], ['conditional', ['kms:GenerateDataKey']]);
    assert.ok(j.caveats.length > 0);
  });

  test('text: a table with a header row', () => {
    const r = runCli(['who-can', 'cross-account.kms.json', '-a', 'kms:Decrypt'], { cwd: EXAMPLES });
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^Who can kms:Decrypt/);
    assert.match(r.stdout, /^PRINCIPAL +KIND +DECISION/m);
    assert.match(r.stdout, /^444455556666 +external-account +allow/m);
  });

  test('bad input exits 2', () => {
    const none = runCli(['who-can', 'cloudtrail.kms.json'], { cwd: EXAMPLES });
    assert.equal(
      none.stderr,
      "kms-policy who-can: who-can needs at least one --action (e.g. --action kms:Decrypt)\nRun 'kms-policy who-can --help' for usage.\n",
    );
    assert.equal(none.code, 2);
    const nothing = runCli(['who-can', 'cloudtrail.kms.json', '-a', 'kms:Nothing*'], { cwd: EXAMPLES });
    assert.equal(nothing.stderr, 'kms-policy who-can: no KMS action matches kms:Nothing*\n');
    assert.equal(nothing.code, 2);
  });
});
