/** KP118, and through it when one action pattern covers another (wildcards on both sides, any case). */
import { allow, policyText, ruleTester, swap } from './ruleTester';

const COVERED = policyText([allow('*', ['kms:Get*', 'kms:Decrypt', 'kms:GetPublicKey'])]);
const REPEATS = policyText([allow('*', ['kms:decrypt', 'kms:Encrypt', 'kms:Decrypt']), { ...allow('*', []), Action: undefined, NotAction: ['*', 'kms:*'] }]);
const CONSOLE_ADMIN = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];
/** One statement listing `outer` then `inner`. */
const pair = (outer: string, inner: string) => [allow('*', [outer, inner])];
const covered = (item: string, by: string) => ({
  at: `"${item}"`,
  message: `"${item}" is already covered by "${by}" in this "Action"; remove it.`,
  unnecessary: true,
});

ruleTester('KP118', {
  valid: [
    {
      name: 'the console key-administrator list, and patterns that overlap without covering',
      text: [allow('*', CONSOLE_ADMIN), allow('*', ['kms:Get*', 'kms:*Key', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'])],
    },
    { name: 'another service never covers kms', text: pair('s3:*', 'kms:Decrypt') },
    { name: 'a single action, not a list', text: [allow('*', 'kms:Decrypt')] },
  ],
  invalid: [
    {
      name: 'an action covered by a wildcard in the same list: the fix removes it',
      text: COVERED,
      errors: [
        {
          at: '"kms:GetPublicKey"',
          message: /"kms:GetPublicKey" is already covered by "kms:Get\*" in this "Action"; remove it\./,
          unnecessary: true,
          related: ['"kms:Get*"'],
          output: policyText([allow('*', ['kms:Get*', 'kms:Decrypt'])]),
        },
      ],
    },
    {
      name: 'the later of two equal actions (any case), and items under kms:* or *',
      text: REPEATS,
      errors: [
        {
          at: '"kms:Decrypt"',
          message: /"kms:Decrypt" is listed twice in this "Action"; remove the repeat\./,
          unnecessary: true,
          related: ['"kms:decrypt"'],
          output: swap(REPEATS, ',\n        "kms:Decrypt"', ''),
        },
        { at: '"kms:*"', message: /already covered by "\*" in this "NotAction"/, unnecessary: true },
      ],
    },
    { name: 'kms:* covers kms:Get*', text: pair('kms:*', 'kms:Get*'), errors: [covered('kms:Get*', 'kms:*')] },
    { name: '* covers kms:Decrypt', text: pair('*', 'kms:Decrypt'), errors: [covered('kms:Decrypt', '*')] },
    { name: 'kms:G* covers kms:Get?ey*', text: pair('kms:G*', 'kms:Get?ey*'), errors: [covered('kms:Get?ey*', 'kms:G*')] },
    {
      name: '? in the outer pattern matches a letter: kms:?ecrypt covers kms:Decrypt',
      text: pair('kms:?ecrypt', 'kms:Decrypt'),
      errors: [covered('kms:Decrypt', 'kms:?ecrypt')],
    },
    {
      name: 'case is ignored: kms:Decrypt and KMS:DECRYPT',
      text: pair('kms:Decrypt', 'KMS:DECRYPT'),
      errors: [{ at: '"KMS:DECRYPT"', message: /is listed twice/, unnecessary: true }],
    },
    {
      name: 'kms:Get?ey does not cover kms:Get*ey, which covers it',
      text: pair('kms:Get?ey', 'kms:Get*ey'),
      errors: [covered('kms:Get?ey', 'kms:Get*ey')],
    },
    { name: 'kms:Get* does not cover kms:G*, which covers it', text: pair('kms:Get*', 'kms:G*'), errors: [covered('kms:Get*', 'kms:G*')] },
    {
      name: 'a literal does not cover a pattern: kms:Decrypt* covers kms:Decrypt',
      text: pair('kms:Decrypt', 'kms:Decrypt*'),
      errors: [covered('kms:Decrypt', 'kms:Decrypt*')],
    },
  ],
});
