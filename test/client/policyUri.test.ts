/** Live-policy URIs: the path of a key's policy and its parsing, with the exact errors for bad paths. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyRefId, livePolicyPath, parseLivePolicyPath } from '../../client/src/livePolicy/policyUri';

test("a key's policy path round-trips", () => {
  const ref = { region: 'eu-west-1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
  const path = livePolicyPath(ref);
  assert.equal(path, '/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab/policy.kms.json');
  assert.deepEqual(parseLivePolicyPath(path), ref);
  assert.equal(keyRefId(ref), 'eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab');
});

test('multi-Region key ids and GovCloud Regions are accepted', () => {
  assert.deepEqual(parseLivePolicyPath('/us-gov-west-1/mrk-1234abcd12ab34cd56ef1234567890ab/policy.kms.json'), {
    region: 'us-gov-west-1',
    keyId: 'mrk-1234abcd12ab34cd56ef1234567890ab',
  });
});

test('other paths are refused with what was expected', () => {
  assert.throws(() => parseLivePolicyPath('/eu-west-1/abc/other.json'), {
    message: 'Not a live key policy path: "/eu-west-1/abc/other.json" (expected /<region>/<keyId>/policy.kms.json).',
  });
  assert.throws(() => parseLivePolicyPath('/Europe/abc/policy.kms.json'), { message: 'Not an AWS Region code: "Europe".' });
  assert.throws(() => parseLivePolicyPath('/eu-west-1/a b/policy.kms.json'), { message: 'Not a KMS key id: "a b".' });
  assert.throws(() => livePolicyPath({ region: 'eu-west-1', keyId: '../x' }), { message: 'Not a KMS key id: "../x".' });
});
