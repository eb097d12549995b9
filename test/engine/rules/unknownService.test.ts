import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';
import { allow, deny, policyText, reported, ruleTester, swap } from './ruleTester';

const KSM = policyText([allow('*', ['kms:Encrypt', 'ksm:Decrypt'])]);
const MADE_UP = policyText([deny('*', 'foo:Bar'), { ...allow('*', []), Action: undefined, NotAction: ['kmss:Encrypt*', 's4:GetObject'] }]);

ruleTester('KP210', {
  valid: [
    {
      name: 'real services in any case, "*", wildcard prefixes and malformed actions (other rules)',
      text: [
        allow('*', [
          'kms:Decrypt',
          'KMS:Encrypt',
          'kms:Nope',
          's3:GetObject',
          'access-analyzer:ValidatePolicy',
          'SMS:GetConnectors',
          '*',
          'k*:Decrypt',
          '*:Describe*',
          'Decrypt',
          ':x',
          'kms:',
        ]),
      ],
    },
  ],
  invalid: [
    {
      name: 'an unknown prefix, with did-you-mean; the kms fix is preferred',
      text: KSM,
      errors: [
        {
          at: '"ksm:Decrypt"',
          message: '"ksm" is not an AWS service prefix, so "ksm:Decrypt" never matches any request. Did you mean "kms:Decrypt" or "ssm:Decrypt"?',
          fixes: [
            { title: 'Change to kms:Decrypt', preferred: true, output: policyText([allow('*', ['kms:Encrypt', 'kms:Decrypt'])]) },
            { title: 'Change to ssm:Decrypt', output: policyText([allow('*', ['kms:Encrypt', 'ssm:Decrypt'])]) },
          ],
        },
      ],
    },
    {
      name: 'a made-up service without suggestions, in Action and NotAction, in any statement',
      text: MADE_UP,
      errors: [
        {
          at: '"foo:Bar"',
          message: '"foo" is not an AWS service prefix, so "foo:Bar" never matches any request. Write a KMS action as "kms:ActionName".',
          fixes: [],
        },
        // A pattern keeps its wildcard; the kms fix is preferred because kms:Encrypt* matches real actions.
        {
          at: '"kmss:Encrypt*"',
          message: /^"kmss" is not an AWS service prefix/,
          fixes: [{ title: 'Change to kms:Encrypt*', preferred: true }],
          output: swap(MADE_UP, '"kmss:Encrypt*"', '"kms:Encrypt*"'),
        },
        // Another service's prefix is offered, but not preferred: in a key policy it would still do nothing (KP205).
        { at: '"s4:GetObject"', message: /^"s4" is not an AWS service prefix/, fixes: ['Change to s3:GetObject'] },
      ],
    },
    {
      name: 'kms is not preferred when the name is no kms action',
      text: [allow('*', ['ksm:GetObject'])],
      errors: [
        {
          at: '"ksm:GetObject"',
          message: /Did you mean "kms:GetObject" or "ssm:GetObject"\?$/,
          fixes: ['Change to kms:GetObject', 'Change to ssm:GetObject'],
        },
      ],
    },
  ],
});

test('with the full pack, an unknown prefix is reported once, by KP210 only', () => {
  const text = policyText([allow({ AWS: 'arn:aws:iam::111122223333:root' }, ['kms:*', 'ksm:Decrypt', 'foo:Bar', 'dms:StartReplicationTask'])]);
  const service = createPolicyService({}, ALL_RULES);
  const findings = service.lint(service.parse(text)).findings.filter((f) => /^KP2/.test(f.code));
  assert.deepEqual(
    findings.map((f) => [f.code, reported(text, f.at)]),
    [
      ['KP210', '"ksm:Decrypt"'],
      ['KP210', '"foo:Bar"'],
      ['KP205', '"dms:StartReplicationTask"'],
    ],
  );
});
