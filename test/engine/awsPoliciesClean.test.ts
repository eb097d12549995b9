/**
 * AWS's own key policies (test/fixtures/aws, sources in its README) must pass the full rule pack without a
 * single error or warning: with no context, and with the key facts each policy was written for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, createPolicyService, type PolicyContext } from '../../server/src/engine/index';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/aws');

/** The key each fixture was written for (account 111122223333 in us-east-1 unless the policy says otherwise). */
const CONTEXT: Readonly<Record<string, PolicyContext>> = {
  'default-programmatic.json': { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'console-symmetric.json': { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'console-cross-account-multi-region.json': { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'console-hmac.json': { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' },
  'console-asymmetric-signing.json': { keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
  'console-asymmetric-encryption.json': { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' },
  'cloudtrail-service.json': { region: 'us-east-2', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'cloudwatch-logs-service.json': { region: 'us-west-2', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'sns-events-service.json': { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
  'aws-managed-ebs.json': { region: 'us-west-2', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
};

/**
 * Findings that are right even on AWS's own text (none today). An AWS managed key's policy allows nobody
 * kms:PutKeyPolicy because AWS maintains it; it is recognised (PolicyFacts.awsManaged), so KP601 stays quiet.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {};

const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('every AWS fixture has a known key context (and there are at least ten)', () => {
  assert.ok(files.length >= 10, `only ${files.length} fixtures`);
  assert.deepEqual(files, Object.keys(CONTEXT).sort());
});

test('the same harness does see errors and warnings (control)', () => {
  const service = createPolicyService({}, ALL_RULES);
  const result = service.lint(service.parse('{"Statement": [{"Effect": "allow", "Principal": "*", "Action": "kms:Decrypt"}]}'));
  const codes = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code);
  for (const code of ['KP104', 'KP108', 'KP110']) assert.ok(codes.includes(code), `${code} missing from ${codes.join(', ')}`);
});

for (const file of files) {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const fileContext = CONTEXT[file] ?? {};
  const contexts: [string, PolicyContext][] = [
    ['no context', {}],
    ['the key context', { account: '111122223333', partition: 'aws', region: 'us-east-1', ...fileContext }],
  ];
  for (const [label, context] of contexts) {
    test(`${file} gives no error or warning with ${label}`, () => {
      const service = createPolicyService({ context }, ALL_RULES);
      const result = service.lint(service.parse(text, `file:///${file}`));
      assert.deepEqual(result.failures, [], 'no rule may throw');
      const loud = result.findings
        .filter((f) => (f.severity === 'error' || f.severity === 'warning') && !(EXPECTED[file] ?? []).includes(f.code))
        .map((f) => `${f.code} ${f.name} at ${f.at.pointer}: ${f.message}`);
      assert.deepEqual(loud, []);
      for (const code of EXPECTED[file] ?? [])
        assert.ok(
          result.findings.some((f) => f.code === code),
          `${code} expected on ${file}`,
        );
    });
  }
}
