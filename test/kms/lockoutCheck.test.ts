/** The default lockout safety check and the policy-text validation of the local endpoint. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultLockoutCheck } from '../../tools/localKms/lockoutCheck';
import { defaultKeyPolicy, validatePolicyText } from '../../tools/localKms/policyDocument';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/KeyAdmin/alice-session';

function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function allow(principal: unknown, action: unknown = 'kms:*', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Principal: principal, Action: action, Resource: '*', ...extra };
}

describe('defaultLockoutCheck', () => {
  test("account root and bare account id delegate to the caller's IAM (allowed)", () => {
    assert.equal(defaultLockoutCheck(defaultKeyPolicy('111122223333'), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: '111122223333' })), ALICE, KEY), true);
  });

  test("a caller outside the key's account always fails (PutKeyPolicy is not cross-account)", () => {
    assert.equal(defaultLockoutCheck(policy(allow('*')), 'arn:aws:iam::444455556666:user/bob', KEY), false);
  });

  test('the caller\'s exact ARN, or Principal "*", allows; another principal does not', () => {
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE })), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow('*')), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: '*' })), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: 'arn:aws:iam::111122223333:user/bob' })), ALICE, KEY), false);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: 'arn:aws:iam::444455556666:root' })), ALICE, KEY), false);
  });

  test('a role session matches its role ARN, with or without a path, but not another role', () => {
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' })), SESSION, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: 'arn:aws:iam::111122223333:role/admins/KeyAdmin' })), SESSION, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: 'arn:aws:iam::111122223333:role/Other' })), SESSION, KEY), false);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: SESSION })), SESSION, KEY), true);
  });

  test('a service principal never covers an IAM caller', () => {
    assert.equal(defaultLockoutCheck(policy(allow({ Service: 'cloudtrail.amazonaws.com' })), ALICE, KEY), false);
  });

  test('action globs and NotAction', () => {
    for (const action of ['kms:*', '*', 'kms:Put*', 'KMS:putkeypolicy', ['kms:Decrypt', 'kms:PutKey?olicy']]) {
      assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }, action)), ALICE, KEY), true, JSON.stringify(action));
    }
    for (const action of ['kms:Decrypt', 'kms:Get*', 's3:*']) {
      assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }, action)), ALICE, KEY), false, JSON.stringify(action));
    }
    const notAction = (list: string[]): string => policy({ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction: list, Resource: '*' });
    assert.equal(defaultLockoutCheck(notAction(['kms:Decrypt']), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(notAction(['kms:Put*']), ALICE, KEY), false);
  });

  test('Resource must cover the key; NotResource excludes it; no Action or no Resource is inert', () => {
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }, 'kms:*', { Resource: KEY })), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }, 'kms:*', { Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' })), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }, 'kms:*', { Resource: 'arn:aws:kms:us-east-1:111122223333:key/other' })), ALICE, KEY), false);
    assert.equal(defaultLockoutCheck(policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*', NotResource: KEY }), ALICE, KEY), false);
    assert.equal(defaultLockoutCheck(policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*' }), ALICE, KEY), false);
    assert.equal(defaultLockoutCheck(policy({ Effect: 'Allow', Principal: { AWS: ALICE }, Resource: '*' }), ALICE, KEY), false);
  });

  test('an unconditioned Deny wins; a conditioned Deny may not match; a conditioned Allow may', () => {
    const deny = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      ...extra,
    });
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }), deny()), ALICE, KEY), false);
    assert.equal(
      defaultLockoutCheck(policy(allow({ AWS: ALICE }), deny({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })), ALICE, KEY),
      true,
    );
    assert.equal(
      defaultLockoutCheck(policy(allow({ AWS: ALICE }, 'kms:*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })), ALICE, KEY),
      true,
    );
    assert.equal(defaultLockoutCheck(policy(allow({ AWS: ALICE }), { ...deny(), Condition: {} }), ALICE, KEY), false, 'an empty Condition is no condition');
  });

  test('NotPrincipal: Allow covers everyone not listed; Deny spares the caller only when its account is listed too', () => {
    const allowNot = (list: string[]): Record<string, unknown> => ({
      Effect: 'Allow',
      NotPrincipal: { AWS: list },
      Action: 'kms:*',
      Resource: '*',
    });
    assert.equal(defaultLockoutCheck(policy(allowNot(['arn:aws:iam::111122223333:user/bob'])), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(allowNot([ALICE])), ALICE, KEY), false);
    const denyNot = (list: string[]): Record<string, unknown> => ({
      Effect: 'Deny',
      NotPrincipal: { AWS: list },
      Action: 'kms:*',
      Resource: '*',
    });
    const root = allow({ AWS: 'arn:aws:iam::111122223333:root' });
    assert.equal(defaultLockoutCheck(policy(root, denyNot([ALICE, 'arn:aws:iam::111122223333:root'])), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck(policy(root, denyNot([ALICE])), ALICE, KEY), false);
    assert.equal(defaultLockoutCheck(policy(root, denyNot(['arn:aws:iam::111122223333:user/bob', '111122223333'])), ALICE, KEY), false);
  });

  test('a single Statement object is accepted; text that is not JSON fails', () => {
    assert.equal(defaultLockoutCheck(JSON.stringify({ Statement: allow({ AWS: ALICE }) }), ALICE, KEY), true);
    assert.equal(defaultLockoutCheck('{', ALICE, KEY), false);
  });
});

describe('validatePolicyText', () => {
  const root = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
  const rejects = (text: unknown, type: string, message: string): void => {
    assert.throws(
      () => validatePolicyText(text),
      (error: Error & { type?: string }) => {
        assert.equal(error.type, type);
        assert.equal(error.message, message);
        return true;
      },
    );
  };

  test('accepts the default policy and a policy with spaces in Sid', () => {
    assert.ok(validatePolicyText(defaultKeyPolicy('111122223333')));
    assert.ok(validatePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: [{ ...root, Sid: 'Enable IAM User Permissions' }] })));
  });

  test('rejects each malformed document with its own message', () => {
    rejects('{"Statement": [', 'MalformedPolicyDocumentException', 'The key policy is not valid JSON: CloseBracketExpected at offset 15.');
    rejects('[]', 'MalformedPolicyDocumentException', 'The key policy must be a JSON object.');
    rejects('{"Version":"2012-10-17"}', 'MalformedPolicyDocumentException', 'The key policy has no Statement.');
    rejects('{"Statement":[]}', 'MalformedPolicyDocumentException', 'The key policy Statement is empty.');
    rejects(
      JSON.stringify({ Version: '2020-01-01', Statement: [root] }),
      'MalformedPolicyDocumentException',
      'The key policy Version must be "2012-10-17" or "2008-10-17".',
    );
    rejects(
      JSON.stringify({ Statement: [{ ...root, Effect: 'allow' }] }),
      'MalformedPolicyDocumentException',
      'Statement 1 must have an Effect of "Allow" or "Deny".',
    );
    rejects(
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
      'MalformedPolicyDocumentException',
      'Policy contains a statement with no principal.',
    );
    for (const principal of [
      { AWS: 'arn:aws:iam::*:root' },
      { AWS: 'arn:aws:iam::111122223333:group/admins' },
      { Federated: 'cognito-identity.amazonaws.com' },
      { AWS: [] },
    ]) {
      rejects(
        JSON.stringify({ Statement: [{ ...root, Principal: principal }] }),
        'MalformedPolicyDocumentException',
        'Policy contains a statement with one or more invalid principals.',
      );
    }
    rejects('{"Statement": [], "Statement": []}', 'MalformedPolicyDocumentException', 'The key policy repeats the member "Statement" in one object.');
    rejects(
      JSON.stringify({ Id: 'ü€', Statement: [root] }),
      'MalformedPolicyDocumentException',
      'The key policy contains a character that is not allowed (U+20AC at offset 8); only tab, LF, CR and U+0020-U+00FF are allowed.',
    );
    rejects('{"Statement": [] /* c */}', 'MalformedPolicyDocumentException', 'The key policy is not valid JSON: InvalidCommentToken at offset 17.');
  });

  test('size: over 32768 bytes is MalformedPolicyDocumentException; over 131072 characters ValidationException', () => {
    const big = (n: number): string => JSON.stringify({ Id: 'x'.repeat(n), Statement: [root] });
    const fits = big(32768 - big(0).length);
    assert.equal(Buffer.byteLength(fits), 32768);
    assert.ok(validatePolicyText(fits));
    const over = big(32769 - big(0).length);
    rejects(over, 'MalformedPolicyDocumentException', 'The key policy is 32769 bytes; the maximum key policy size is 32768 bytes.');
    rejects(
      big(140_000),
      'ValidationException',
      "1 validation error detected: Value '…' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 131072",
    );
    rejects(undefined, 'ValidationException', "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null");
  });
});
