import { policyText, ruleTester, swap } from './ruleTester';

const notAction = (list: string | string[], effect = 'Allow') => ({
  Effect: effect,
  Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
  NotAction: list,
  Resource: '*',
});

/** Every action a key policy can allow (kms:CreateKey and the other account-level actions are not among them), but kms:Decrypt. */
const KEY_POLICY_ACTIONS_BUT_DECRYPT = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:DeleteAlias',
  'kms:DeleteImportedKeyMaterial',
  'kms:DeriveSharedSecret',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateMac',
  'kms:GetKeyLastUsage',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:GetParametersForImport',
  'kms:GetPublicKey',
  'kms:ImportKeyMaterial',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:ReplicateKey',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:Sign',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'kms:UpdatePrimaryRegion',
  'kms:Verify',
  'kms:VerifyMac',
];
const ALL_BUT_DECRYPT = policyText([notAction('kms:Decrypt')]);

ruleTester('KP209', {
  valid: [{ name: 'Deny with NotAction', text: [notAction('kms:Describe*', 'Deny')] }],
  invalid: [
    {
      name: 'names the sensitive actions Allow with NotAction still allows',
      text: [notAction(['kms:Decrypt', 'kms:Encrypt'])],
      errors: [
        {
          at: '"NotAction"',
          message:
            /^"Allow" with "NotAction" allows every other KMS action, including kms:CreateGrant, kms:PutKeyPolicy, kms:ReplicateKey and \d+ more, and any action KMS adds later\./,
        },
      ],
    },
    {
      name: 'the fix writes out the equivalent Action list, key-policy actions only',
      text: ALL_BUT_DECRYPT,
      errors: [
        {
          at: '"NotAction"',
          message: /^"Allow" with "NotAction" allows every other KMS action, .* List the actions to allow in "Action" instead\.$/,
          fixes: [
            {
              title: 'Replace with "Action" listing the 42 actions it allows today',
              output: swap(ALL_BUT_DECRYPT, '"NotAction": "kms:Decrypt"', `"Action": ${JSON.stringify(KEY_POLICY_ACTIONS_BUT_DECRYPT)}`),
            },
          ],
        },
      ],
    },
    {
      name: 'without sensitive leftovers it still warns about future actions',
      text: [notAction(['kms:Put*', 'kms:CreateGrant', 'kms:ReplicateKey', 'kms:Disable*', 'kms:ScheduleKeyDeletion', 'kms:Delete*', 'kms:*CustomKeyStore'])],
      errors: [{ at: '"NotAction"', message: /^"Allow" with "NotAction" allows every other KMS action, and any action KMS adds later/ }],
    },
  ],
});
