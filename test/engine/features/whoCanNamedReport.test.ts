/** The named who-can report: grouped compact tables, conditions, chains, what was not supplied; no line past 160. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { whoCanNamedMarkdown, whoCanNamedText, REPORT_WIDTH, wrap } from '../../../server/src/engine/features/whoCanNamedReport';
import { NAMED_ANALYSES } from '../../../server/src/engine/simulate';
import { A, X, account, answer, doc, keyPolicy } from '../iam/iamFixtures';

const longName = 'a-role-with-a-very-long-name-that-would-push-the-table-past-the-right-edge-of-any-window';
const files = [
  account(A, {
    users: {
      alice: { inline: [doc({ Action: 'kms:*' })] },
      'ci-runner': { inline: [doc({ Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/Deploy` })] },
    },
    roles: {
      Deploy: {
        inline: [
          doc({
            Action: 'kms:Decrypt',
            Condition: {
              StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:Department': 'finance-and-accounting-shared-services' },
            },
          }),
        ],
      },
      [longName]: { inline: [doc({ Action: 'kms:Decrypt' })] },
    },
  }),
];
const policy = keyPolicy(
  { Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: 'kms:Decrypt' },
  { Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Encrypt' },
);

describe('named who-can report', () => {
  const few = answer(policy, files, ['kms:Decrypt', 'kms:Encrypt']);
  const many = answer(policy, files, NAMED_ANALYSES.decrypt.actions);
  const all = answer(policy, files, ['kms:*']);

  test('no line runs past 160 characters, in either form, with many actions and long names', () => {
    for (const text of [
      whoCanNamedText(few),
      whoCanNamedMarkdown(few),
      whoCanNamedText(many),
      whoCanNamedMarkdown(many),
      whoCanNamedText(all),
      whoCanNamedMarkdown(all),
    ]) {
      const long = text.split('\n').filter((l) => [...l].length > REPORT_WIDTH);
      assert.deepEqual(long, []);
    }
  });

  test('tables are grouped by account and kind, with one mark per action', () => {
    const md = whoCanNamedMarkdown(few);
    assert.ok(md.includes(`## Account ${A} · users (2)\n\n| Principal | Decrypt | Encrypt |\n|---|:-:|:-:|\n| alice | ✓ | ✓ |\n| ci-runner | ✗→ | ✗ |`), md);
    assert.ok(md.includes(`## Account ${X} · accounts whose IAM data was not supplied (1)`));
    assert.ok(md.includes('## Beyond any account · services (1)'));
    assert.ok(md.includes('| kms:Decrypt | 3 | 2 | 2 |'), md);
  });

  test('many actions get numbered columns, a legend, and several tables when they do not fit beside the names', () => {
    const text = whoCanNamedText(all);
    assert.match(text, /Columns: A1 kms:CancelKeyDeletion, A2 kms:ConnectCustomKeyStore/);
    assert.match(text, /^ {2}Principal +A1 +A2/m);
    assert.match(text, new RegExp(`^Account ${A} · users \\(2\\) · A1–A\\d+$`, 'm'));
    assert.match(whoCanNamedText(many), /^ {2}Principal +Decrypt +ReEncryptFrom +DeriveSharedSecret/m);
  });

  test('conditions, chains and what was not supplied follow the tables', () => {
    const text = whoCanNamedText(few);
    assert.match(
      text,
      /\nConditions\n {2}Deploy · kms:Decrypt: kms:EncryptionContext:Department = finance-and-accounting-shared-services and kms:ViaService = s3\.us-east-1\.amazonaws\.com\n/,
    );
    assert.match(text, /\nRole chains\n {2}ci-runner → Deploy → Decrypt \(conditional\)\n/);
    assert.match(text, /\nNot supplied\n {2}IAM data of account 444455556666 not supplied\n {2}SCPs not supplied\n/);
  });

  test('long names are shortened, long sentences wrapped', () => {
    assert.ok(whoCanNamedText(few).includes(`${longName.slice(0, 47)}…`));
    assert.equal(wrap('aa bb cc', 5, '  '), 'aa bb\n  cc');
    assert.equal(wrap('  aa bb cc', 7, '    '), '  aa bb\n    cc');
  });
});
