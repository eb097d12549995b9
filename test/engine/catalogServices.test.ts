/**
 * The catalog's AWS service prefixes (the generated list, isKnownService and suggestServices) and its
 * hand-maintained list of service principals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SERVICE_PRINCIPALS,
  allServicePrefixes,
  findServicePrincipal,
  isKnownService,
  servicePrincipalPlaceholder,
  suggestServicePrincipals,
  suggestServices,
} from '../../server/src/engine/catalog/index';

test('the service prefix list is sorted, unique, lower case and holds the services KMS works with', () => {
  const all = allServicePrefixes();
  assert.equal(all.length, 456);
  assert.deepEqual([...all].sort(), all);
  assert.equal(new Set(all).size, all.length);
  for (const s of all) assert.match(s, /^[a-z0-9][a-z0-9-]*$/);
  for (const s of ['kms', 'iam', 'sts', 's3', 'ec2', 'access-analyzer', 'secretsmanager']) assert.ok(all.includes(s), s);
  assert.ok(Object.isFrozen(all));
});

test('isKnownService: real prefixes in any case; slips, made-up names and whole actions are unknown', () => {
  assert.deepEqual(['kms', 'KMS', 'Kms', 's3', 'access-analyzer', 'dms', 'sms'].map(isKnownService), [true, true, true, true, true, true, true]);
  assert.deepEqual(['ksm', 'kmss', 'foo', '', 'kms:Decrypt', 'k*', ' kms'].map(isKnownService), [false, false, false, false, false, false, false]);
});

test('suggestServices: nearest first, kms wins ties, nothing for known or far-off prefixes', () => {
  assert.deepEqual(suggestServices('ksm'), ['kms', 'ssm']);
  assert.deepEqual(suggestServices('KMSS'), ['kms']);
  assert.deepEqual(suggestServices('mks'), ['kms', 'eks']);
  assert.deepEqual(suggestServices('s4'), ['s3']);
  assert.deepEqual(suggestServices('secretmanager'), ['secretsmanager']);
  assert.deepEqual(suggestServices('kms'), []);
  assert.deepEqual(suggestServices('foo'), []);
});

test('the service principal list: sorted, unique, well formed, each row with a source', () => {
  const names = SERVICE_PRINCIPALS.map((p) => p.principal);
  assert.deepEqual([...names].sort(), names);
  assert.equal(new Set(names).size, names.length);
  for (const p of SERVICE_PRINCIPALS) {
    assert.match(p.principal, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, p.principal);
    assert.ok(p.source.length > 0 && p.service.length > 0, p.principal);
  }
  assert.equal(findServicePrincipal('logs.us-east-1.amazonaws.com')?.principal, 'logs.amazonaws.com');
  assert.equal(findServicePrincipal('s3.amazonaws.com.cn')?.principal, 's3.amazonaws.com');
  assert.equal(findServicePrincipal('cloudtrail.us-east-1.amazonaws.com'), undefined, 'CloudTrail has no Region form');
  assert.deepEqual(
    [
      'logs.region.amazonaws.com',
      'logs.<region>.amazonaws.com',
      'logs.${AWS::Region}.amazonaws.com',
      'logs.us-east-1.amazonaws.com',
      'delivery.logs.amazonaws.com',
    ].map(servicePrincipalPlaceholder),
    ['region', '<region>', '${AWS::Region}', undefined, undefined],
  );
  assert.equal(suggestServicePrincipals('cloudtrial.amazonaws.com')[0], 'cloudtrail.amazonaws.com', 'nearest first');
});
