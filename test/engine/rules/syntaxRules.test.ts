/** The document-level rules: what KMS rejects before it reads any statement. */
import { ruleTester } from './ruleTester';

const POLICY = '{"Version": "2012-10-17", "Statement": []}';
const COMMENTED = '{\n  // note\n  "Version": "2012-10-17",\n  "Statement": [ {"Effect": "Allow",}, ]\n}';
const DUPLICATE = '{"Statement": [{"Effect": "Deny",\n  "Effect": "Allow"}]}';
const UNCLOSED_STRING = '{"Version": "2012-10-17}';
const UNCLOSED_LIST = '{"Version": "2012-10-17", "Statement": [';
const EMPTY = 'The document is empty; a key policy is a JSON object with a Statement.';

ruleTester('KP001', {
  valid: [
    POLICY,
    { name: 'comments and trailing commas are left to KP002 and KP003', text: COMMENTED },
    { name: 'duplicate members are left to KP004', text: DUPLICATE },
    { name: 'a root that is not an object is left to KP006', text: '[]' },
  ],
  invalid: [
    { name: 'an empty document', text: '', errors: [{ at: '', message: EMPTY }] },
    { name: 'a blank document', text: ' \n\t', errors: [{ at: ' \n\t', message: EMPTY }] },
    {
      name: 'a missing comma, at the member after it',
      text: '{"Version": "2012-10-17" "Statement": []}',
      errors: [{ at: '"Statement"', message: 'Comma expected.' }],
    },
    {
      name: 'a string that is not closed, and the brace it swallowed',
      text: UNCLOSED_STRING,
      errors: [
        { at: '"2012-10-17}', message: 'Unexpected end of string: a string is not closed.' },
        { at: '', column: UNCLOSED_STRING.length + 1, message: 'Closing brace expected.' },
      ],
    },
    {
      name: 'text that ends inside a list: one problem, at the end',
      text: UNCLOSED_LIST,
      errors: [{ at: '', column: UNCLOSED_LIST.length + 1, message: 'Closing bracket expected.' }],
    },
    {
      name: 'two JSON values',
      text: '{} {}',
      errors: [{ at: '{', column: 4, message: 'End of file expected: only one JSON value is allowed.' }],
    },
    {
      name: 'nesting deeper than 256 levels, at the first bracket too deep',
      text: `{"Statement": ${'['.repeat(300)}${']'.repeat(300)}}`,
      errors: [
        {
          at: '[',
          column: '{"Statement": '.length + 256,
          message: 'JSON is nested more than 256 levels deep; this is not a key policy and was not analysed further.',
        },
      ],
    },
  ],
});

ruleTester('KP002', {
  valid: [POLICY, { name: 'comment markers inside a string', text: '{"Sid": "// not a comment /* */"}' }],
  invalid: [
    {
      name: 'a line comment: the fix removes it',
      text: COMMENTED.replace(', ]', ']').replace('"Allow",}', '"Allow"}'),
      errors: [
        {
          at: '// note',
          message: 'Comments are not allowed in a key policy; KMS rejects the document.',
          fixes: [{ title: 'Remove the comment', preferred: true }],
          output: '{\n  \n  "Version": "2012-10-17",\n  "Statement": [ {"Effect": "Allow"}]\n}',
        },
      ],
    },
    {
      name: 'block comments, each reported; together the fixes leave JSON',
      text: '{ /* a */ "Version": "2012-10-17" /* b */ }',
      errors: [
        { at: '/* a */', message: 'Comments are not allowed in a key policy; KMS rejects the document.' },
        { at: '/* b */', message: 'Comments are not allowed in a key policy; KMS rejects the document.' },
      ],
      output: '{  "Version": "2012-10-17"  }',
    },
  ],
});

ruleTester('KP003', {
  valid: [POLICY, { name: 'a comma inside a string', text: '{"Sid": "a, }"}' }],
  invalid: [
    {
      name: 'trailing commas in an object, a list and the root, each reported; together the fixes leave JSON',
      text: '{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow",\n  },\n],\n}',
      errors: [
        {
          at: ',',
          line: 2,
          message: 'Trailing comma: KMS rejects it. Remove the comma.',
          fixes: [{ title: 'Remove the trailing comma', preferred: true }],
        },
        { at: ',', line: 3, message: 'Trailing comma: KMS rejects it. Remove the comma.' },
        { at: ',', line: 4, message: 'Trailing comma: KMS rejects it. Remove the comma.' },
      ],
      output: '{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow"\n  }\n]\n}',
    },
  ],
});

ruleTester('KP004', {
  valid: [
    POLICY,
    {
      name: 'the same name in different objects, and names that differ in case',
      text: '{"Statement": [{"Effect": "Deny"}, {"Effect": "Allow", "effect": "x"}], "Effect": "x"}',
    },
  ],
  invalid: [
    {
      name: 'a repeated member, pointing back at the first',
      text: DUPLICATE,
      errors: [
        {
          at: '"Effect"',
          line: 2,
          pointer: '/Statement/0/Effect',
          message: /^Duplicate member "Effect" in one object: KMS rejects the policy/,
          related: ['"Effect"'],
          fixes: [],
        },
      ],
    },
    {
      name: 'a name written three times: each repeat points at the first',
      text: '{"Version": "a",\n "Version": "b",\n "Version": "c"}',
      errors: [
        { at: '"Version"', line: 2, message: /^Duplicate member "Version"/, related: [{ at: '"Version"', pointer: '/Version' }] },
        { at: '"Version"', line: 3, message: /^Duplicate member "Version"/, related: [{ at: '"Version"', pointer: '/Version' }] },
      ],
    },
    {
      name: 'in text that is not strict JSON',
      text: '{"Version": "a",\n "Version": "b",}',
      errors: [{ at: '"Version"', line: 2, pointer: '/Version', message: /^Duplicate member "Version"/ }],
    },
  ],
});

ruleTester('KP005', {
  valid: [POLICY, { name: "U+FEFF inside the text is KP116's business", text: '{"Sid": "\ufeff"}' }],
  invalid: [
    {
      name: 'a leading byte-order mark: the fix removes it',
      text: `\ufeff${POLICY}`,
      errors: [
        {
          at: '\ufeff',
          message: 'The text starts with a byte-order mark (U+FEFF); KMS accepts only tab, LF, CR and U+0020–U+00FF.',
          fixes: [{ title: 'Remove the byte-order mark', preferred: true }],
          output: POLICY,
        },
      ],
    },
  ],
});

ruleTester('KP006', {
  valid: [POLICY, { name: 'an empty document has no root (KP001)', text: '' }, { name: 'a comment alone has no root', text: '// x' }],
  invalid: [
    {
      name: 'an array',
      text: '[{"Version": "2012-10-17"}]',
      errors: [{ at: '[{"Version": "2012-10-17"}]', message: 'A key policy must be a JSON object with "Version" and "Statement", not an array.' }],
    },
    { name: 'a string', text: '"x"', errors: [{ at: '"x"', message: /, not a string\.$/ }] },
    { name: 'a number, at the value without the blanks around it', text: ' 42 ', errors: [{ at: '42', message: /, not a number\.$/ }] },
    { name: 'a boolean', text: 'true', errors: [{ at: 'true', message: /, not a boolean\.$/ }] },
    {
      name: 'null is "not null", not "not a null"',
      text: 'null',
      errors: [{ at: 'null', message: 'A key policy must be a JSON object with "Version" and "Statement", not null.' }],
    },
  ],
});

/** A policy of `n` bytes or a little more: one statement whose Sid pads it (characters KMS accepts). */
const policyOfSize = (n: number): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'x'.repeat(n), Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
  });
const HUGE = policyOfSize(70_000);

ruleTester('KP007', {
  valid: [POLICY, { name: 'over the 32 KB quota but still analysed (KP115 reports the size)', text: policyOfSize(40_000) }],
  invalid: [
    {
      name: 'far beyond the quota: structure only, said at the start of the document',
      text: HUGE,
      errors: [
        {
          at: '',
          line: 1,
          column: 1,
          message: `Only the JSON syntax and size of this document were checked: at ${Buffer.byteLength(HUGE).toLocaleString('en-US')} bytes it is far beyond the 32,768 bytes KMS accepts, and the rules and the who-can analysis read documents of at most 65,536 bytes. Bring the policy under the quota to analyse it.`,
        },
      ],
    },
  ],
});
