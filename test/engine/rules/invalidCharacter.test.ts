import { allow, policyText, ruleTester, swap } from './ruleTester';

let latin1 = '';
for (let c = 0x20; c <= 0xff; c++) if (c !== 0x22 && c !== 0x5c) latin1 += String.fromCharCode(c);

const CURLY = policyText([{ Sid: 'Key user’s access — prod', ...allow('*', 'kms:Decrypt') }]);
const QUOTED = policyText([{ Sid: 'the “admins”', ...allow('*', 'kms:Decrypt') }]);
const ZERO_WIDTH = '{"Version": "2012-10-17",\u200b"Statement": []}';

ruleTester('KP116', {
  valid: [
    { name: 'tab, CR, LF and all of Latin-1', text: `{\r\n\t"Sid": ${JSON.stringify(latin1)}\n}` },
    { name: 'a leading BOM is left to KP005', text: '\ufeff{"Version": "2012-10-17"}' },
  ],
  invalid: [
    {
      name: 'the first character outside Latin-1, counting the rest, with a fix for a curly quote',
      text: CURLY,
      errors: [
        {
          at: '’',
          // main pointed at the document ('').
          pointer: '/Statement/0/Sid',
          message: /The character "’" \(U\+2019\) is not allowed in a key policy \(1 more after it\): KMS accepts only tab, LF, CR and U\+0020–U\+00FF/,
          fixes: [{ title: 'Replace with "\'"', preferred: true }],
          output: swap(CURLY, '’', "'"),
        },
      ],
    },
    {
      name: 'a curly double quote inside a string becomes an escaped straight quote',
      text: QUOTED,
      errors: [
        {
          at: '“',
          pointer: '/Statement/0/Sid',
          message: /^The character "“" \(U\+201C\) is not allowed in a key policy \(1 more after it\)/,
          output: swap(QUOTED, '“', '\\"'),
        },
      ],
    },
    {
      name: 'a curly double quote outside a string becomes a bare straight quote',
      text: '{“Version": "2012-10-17"}',
      errors: [
        {
          at: '“',
          message: /^The character "“" \(U\+201C\) is not allowed in a key policy: KMS accepts only/,
          output: '{"Version": "2012-10-17"}',
        },
      ],
    },
    {
      name: 'curly quotes around a member name',
      text: '{“Version”: "2012-10-17"}',
      errors: [{ at: '“', message: /\(1 more after it\)/, fixes: [{ title: 'Replace with "\\""', preferred: true }] }],
    },
    {
      name: 'an astral character is one two-unit span, without a fix',
      text: '{"Sid": "🔑"}',
      errors: [{ at: '🔑', pointer: '/Sid', message: /U\+1F511/, fixes: [] }],
    },
    {
      name: 'a character in a principal and one in a member name point at their elements',
      text: '{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:role/Ad\u00admin\u2010x"}}]}',
      errors: [{ at: '\u2010', pointer: '/Statement/0/Principal/AWS', message: /^The character "\u2010" \(U\+2010\) is not allowed/ }],
    },
    {
      name: 'in a member name',
      text: '{"Statement": [{"Ef\u200bfect": "Allow"}]}',
      errors: [{ at: '\u200b', pointer: '/Statement/0/Ef\u200bfect', message: /U\+200B/ }],
    },
    {
      name: 'a zero-width space, with a removal fix',
      text: ZERO_WIDTH,
      errors: [
        {
          at: '\u200b',
          message: /The character U\+200B is not allowed/,
          fixes: [{ title: 'Remove U+200B', preferred: true }],
          output: '{"Version": "2012-10-17","Statement": []}',
        },
      ],
    },
  ],
});
