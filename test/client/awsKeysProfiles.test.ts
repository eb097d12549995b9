/** Profile names from the shared config and credentials files, with the env overrides read but never written. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseIniSections, profilesFrom, readProfiles, sharedFilePaths } from '../../client/src/explorer/awsKeysProfiles';

const CONFIG = `# shared config
[default]
region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile  admin ]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
s3 =
  max_concurrent_requests = 10

[services local]
kms =
  endpoint_url = http://127.0.0.1:4599

; legacy SSO
[profile legacy-sso]
sso_start_url = https://old.awsapps.com/start
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret

[ci]
credential_process = /usr/local/bin/creds
`;

test('profiles: [default], [profile x], credentials sections; sso-session and services are not profiles', () => {
  const profiles = profilesFrom(CONFIG, CREDENTIALS);
  assert.deepEqual(
    profiles.map((p) => [p.name, p.kind, p.region ?? '', p.files.join('+')]),
    [
      ['default', 'static', 'us-east-1', 'config+credentials'],
      ['admin', 'role', '', 'config'],
      ['ci', 'process', '', 'credentials'],
      ['dev', 'sso', 'eu-west-1', 'config'],
      ['legacy-sso', 'sso', '', 'config'],
    ],
  );
});

test('indented sub-properties do not leak into the section', () => {
  const sections = parseIniSections(CONFIG);
  assert.deepEqual(sections.get('profile  admin '), undefined);
  assert.deepEqual(sections.get('profile  admin'), { role_arn: 'arn:aws:iam::111122223333:role/Admin', source_profile: 'default', s3: '' });
});

test('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured, ~ expanded', () => {
  assert.deepEqual(sharedFilePaths({}, '/home/u'), { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' });
  assert.deepEqual(sharedFilePaths({ AWS_CONFIG_FILE: '~/cfg', AWS_SHARED_CREDENTIALS_FILE: '/etc/creds' }, '/home/u'), {
    config: '/home/u/cfg',
    credentials: '/etc/creds',
  });
});

test('readProfiles reads both files; a missing file is empty; process.env is not changed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-profiles-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, 'custom-config'), CONFIG);
  writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS);
  const envBefore = JSON.stringify(process.env);
  const profiles = await readProfiles({ AWS_CONFIG_FILE: join(dir, 'custom-config') }, dir);
  assert.deepEqual(
    profiles.map((p) => p.name),
    ['default', 'admin', 'ci', 'dev', 'legacy-sso'],
  );
  const onlyCredentials = await readProfiles({}, dir);
  assert.deepEqual(
    onlyCredentials.map((p) => p.name),
    ['default', 'ci'],
  );
  assert.equal(JSON.stringify(process.env), envBefore);
});
