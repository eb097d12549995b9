/**
 * The hostile inputs of issue 15, end to end through the built CLI: each is refused with exit status 2 and one
 * line naming the field and the accepted form (never "internal error", never a stack trace, never a silent
 * answer), and the activity report that outgrows its group limit says so and exits 3.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureCliBuilt, makeTree, removeTree, ROOT, runCli } from './cliHarness';

const POLICY = path.join(ROOT, 'examples', 'console-default.kms.json');
const APP = 'arn:aws:iam::111122223333:role/App';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    'far-time.json': JSON.stringify({ principal: APP, action: 'kms:Decrypt', time: '8640000000001' }),
    'short-account.json': JSON.stringify({ principal: APP, action: 'kms:Decrypt', account: '12' }),
    'bad-region.json': JSON.stringify({ principal: APP, action: 'kms:Decrypt', region: 'Frankfurt' }),
    'typo-action.json': JSON.stringify({ principal: APP, action: 'kms:Decrpyt' }),
    'folder/inside.json': '{}',
  });
});
after(() => removeTree(dir));

/** Runs the CLI in the test folder and asserts the one-line refusal and exit status 2. */
function refuses(args: readonly string[], stderr: string): void {
  const r = runCli(args, { cwd: dir });
  assert.equal(r.stderr, `${stderr}\n`, args.join(' '));
  assert.equal(r.stdout, '');
  assert.equal(r.code, 2);
}

describe('times within the dates JavaScript can hold', () => {
  const far = '8640000000001';
  const range = `must lie within the dates JavaScript can hold: epoch seconds from -8640000000000 to 8640000000000 (got "${far}")`;

  test('simulate --time beyond the range', () => {
    refuses(['simulate', POLICY, '-p', APP, '-a', 'kms:Decrypt', '--time', far], `kms-policy simulate: --time ${range}`);
  });

  test('a request file\'s "time" beyond the range', () => {
    refuses(['simulate', POLICY, '-r', 'far-time.json'], `kms-policy simulate: far-time.json: "time" ${range}`);
  });

  test('an unreadable --time', () => {
    refuses(
      ['simulate', POLICY, '-p', APP, '-a', 'kms:Decrypt', '--time', 'noon'],
      'kms-policy simulate: --time must be an ISO 8601 time such as 2026-09-01T10:00:00Z or epoch seconds such as 1788256800 (got "noon")',
    );
  });

  test('activity --since as an age goes back at most ten years', () => {
    refuses(
      ['activity', '-t', path.join(ROOT, 'examples', 'trails'), '--since', '100000000d'],
      'kms-policy activity: --since must be an age of at most 3650d (ten years; 87600h, 5256000m), or a date such as 2015-01-01 for an older start (got "100000000d")',
    );
    refuses(
      ['activity', '-t', path.join(ROOT, 'examples', 'trails'), '--until', '87601h'],
      'kms-policy activity: --until must be an age of at most 3650d (ten years; 87600h, 5256000m), or a date such as 2015-01-01 for an older start (got "87601h")',
    );
  });
});

describe('key facts in a request file are checked as the flags are', () => {
  test('"account": "12" is refused, as --account 12 is', () => {
    refuses(
      ['simulate', POLICY, '-r', 'short-account.json'],
      'kms-policy simulate: short-account.json: "account" must be a 12-digit AWS account id (got "12")',
    );
    const flag = runCli(['simulate', POLICY, '-p', APP, '-a', 'kms:Decrypt', '--account', '12'], { cwd: dir });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^kms-policy simulate: --account must be a 12-digit AWS account id \(got '12'\)\n/);
  });

  test('a malformed "region"', () => {
    refuses(
      ['simulate', POLICY, '-r', 'bad-region.json'],
      'kms-policy simulate: bad-region.json: "region" must be a Region name such as us-east-1 (got "Frankfurt")',
    );
  });
});

describe('unknown actions are refused with the nearest real one', () => {
  test('who-can --action kms:Decrpyt', () => {
    refuses(['who-can', POLICY, '--action', 'kms:Decrpyt'], 'kms-policy who-can: unknown action kms:Decrpyt; did you mean kms:Decrypt?');
  });

  test("who-can: one bad action among good ones, a glob matching nothing, another service's action", () => {
    refuses(
      ['who-can', POLICY, '-a', 'kms:Decrypt', '-a', 'kms:GenerateDataKye'],
      'kms-policy who-can: unknown action kms:GenerateDataKye; did you mean kms:GenerateDataKey?',
    );
    refuses(['who-can', POLICY, '-a', 'kms:Decrypt', '-a', 'kms:Nothing*'], 'kms-policy who-can: no KMS action matches kms:Nothing*');
    refuses(
      ['who-can', POLICY, '-a', 's3:GetObject'],
      'kms-policy who-can: s3:GetObject is not a KMS action: who-can answers for KMS actions (kms:Decrypt, or a glob such as kms:Get*)',
    );
  });

  test('simulate: the flag and the request file alike', () => {
    refuses(['simulate', POLICY, '-p', APP, '-a', 'kms:Decrpyt'], 'kms-policy simulate: unknown action kms:Decrpyt; did you mean kms:Decrypt?');
    refuses(
      ['simulate', POLICY, '-r', 'typo-action.json'],
      'kms-policy simulate: typo-action.json: "action": unknown action kms:Decrpyt; did you mean kms:Decrypt?',
    );
    refuses(
      ['simulate', POLICY, '-p', APP, '-a', 'kms:Get*'],
      'kms-policy simulate: a request is for one action such as kms:Decrypt, not a pattern (got "kms:Get*")',
    );
  });
});

describe('paths that are not regular files', () => {
  test('an empty path', () => {
    refuses(
      ['simulate', '', '-p', APP, '-a', 'kms:Decrypt'],
      'kms-policy simulate: cannot read policy: an empty path names no file (give a file, or - for standard input)',
    );
    refuses(
      ['who-can', POLICY, '-a', 'kms:Decrypt', '--grants', ''],
      'kms-policy who-can: cannot read grants: an empty path names no file (give a file, or - for standard input)',
    );
    refuses(['activity', '--trail', ''], 'kms-policy activity: cannot read trail: an empty path names no file or directory');
    refuses(['lint', ''], 'kms-policy: cannot read "": an empty path names no file');
  });

  test('a directory where a file is needed', () => {
    refuses(['simulate', 'folder', '-p', APP, '-a', 'kms:Decrypt'], 'kms-policy simulate: cannot read policy folder: is a directory');
    refuses(['simulate', POLICY, '-r', 'folder'], 'kms-policy simulate: cannot read request folder: is a directory');
  });

  test('a character device', () => {
    refuses(
      ['simulate', '/dev/null', '-p', APP, '-a', 'kms:Decrypt'],
      'kms-policy simulate: cannot read policy /dev/null: is a character device, not a regular file',
    );
    refuses(['lint', '/dev/zero'], 'kms-policy: cannot read /dev/zero: is a character device, not a regular file');
    refuses(['activity', '--trail', '/dev/null'], 'kms-policy activity: no trail files to read: /dev/null: is a character device, not a regular file');
  });

  test('a named pipe nobody writes to is refused at once, not waited on', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(dir, 'pipe.json');
    if (!fs.existsSync(fifo)) assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    refuses(
      ['simulate', 'pipe.json', '-p', APP, '-a', 'kms:Decrypt'],
      'kms-policy simulate: cannot read policy pipe.json: is a named pipe (FIFO), not a regular file',
    );
    refuses(['lint', 'pipe.json'], 'kms-policy: cannot read pipe.json: is a named pipe (FIFO), not a regular file');
    refuses(['activity', '--trail', 'pipe.json'], 'kms-policy activity: no trail files to read: pipe.json: is a named pipe (FIFO), not a regular file');
  });
});

describe('activity beyond its group limit', () => {
  let trails: string;
  /** One Decrypt of the key by each of `n` users: n distinct pairs of principal and operation. */
  const trail = (n: number): string => {
    const records: string[] = [];
    for (let i = 0; i < n; i++) {
      records.push(
        JSON.stringify({
          eventVersion: '1.10',
          userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/u${i}`, accountId: '111122223333', userName: `u${i}` },
          eventTime: '2026-09-01T00:00:00Z',
          eventSource: 'kms.amazonaws.com',
          eventName: 'Decrypt',
          awsRegion: 'us-east-1',
          resources: [{ ARN: KEY, type: 'AWS::KMS::Key' }],
          eventType: 'AwsApiCall',
        }),
      );
    }
    return `{"Records":[${records.join(',')}]}`;
  };
  before(() => {
    trails = makeTree({ 'many.json': trail(50_003) });
  });
  after(() => removeTree(trails));

  test('the report says how many events it left out and why; exit status 3', () => {
    const message =
      '3 events were not analysed: the trail has more than 50,000 pairs of principal and operation, the most the analysis keeps in memory; analyse a shorter window (since, until) to include them.';
    const text = runCli(['activity', '-t', 'many.json', '-k', KEY], { cwd: trails });
    assert.equal(text.stderr, '');
    assert.equal(text.code, 3);
    assert.deepEqual(text.stdout.split('\n').slice(1, 5), [
      'Events: 50,000 events of this key from 2026-09-01 to 2026-09-01.',
      'Read 50,003 records.',
      'PARTIAL RESULTS: not every event could be analysed; counts are lower bounds.',
      `  ! ${message}`,
    ]);
  });

  test('the help documents exit status 3', () => {
    assert.match(runCli(['activity', '--help']).stdout, /\n3 done but the trail has more than 50,000 pairs of principal and operation/);
  });
});
