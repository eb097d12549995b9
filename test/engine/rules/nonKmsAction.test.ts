import { allow, deny, policyText, ruleTester } from './ruleTester';

ruleTester('KP205', {
  valid: [
    {
      name: 'kms actions in any case, "*", and unknown services and wildcards (other rules)',
      text: [allow('*', ['KMS:Decrypt', 'kms:*', '*', 'ksm:Decrypt', 'foo:Bar', 'k*:Encrypt', 'Decrypt'])],
    },
  ],
  invalid: [
    {
      name: "another service's action: the fix removes it from the list",
      text: [allow('*', ['kms:Decrypt', 's3:GetObject'])],
      errors: [
        {
          at: '"s3:GetObject"',
          message:
            /"s3:GetObject" is not a KMS action: a key policy only governs requests to this key, so it has no effect here\. Grant it in an IAM policy or in the s3 resource's own policy\./,
          unnecessary: true,
          output: policyText([allow('*', ['kms:Decrypt'])]),
        },
      ],
    },
    {
      name: 'no fix when the action is the whole element; NotAction is checked too',
      text: [deny('*', 'iam:PassRole'), { ...allow('*', []), Action: undefined, NotAction: ['kms:Decrypt', 'sts:AssumeRole'] }],
      errors: [
        { at: '"iam:PassRole"', message: /^"iam:PassRole" is not a KMS action/, unnecessary: true, fixes: [] },
        {
          at: '"sts:AssumeRole"',
          message: /^"sts:AssumeRole" is not a KMS action/,
          unnecessary: true,
          fixes: [{ title: 'Remove "sts:AssumeRole"', preferred: true }],
        },
      ],
    },
  ],
});
