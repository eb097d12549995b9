import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CodeLensRequest, CodeLensResolveRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { startServer, type TestServer } from './lspClient';

let server: TestServer;
before(async () => {
  server = await startServer({ account: '111122223333' });
});
after(async () => {
  await server.stop();
});

const CONSOLE_DEFAULT = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Allow use of the key',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
      },
    ],
  },
  null,
  2,
);

test('code lenses: three questions resolved lazily, and a summary per statement', async () => {
  const uri = 'file:///ws/lens.kms.json';
  await server.open(uri, CONSOLE_DEFAULT);
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const unresolved = lenses.filter((l) => !l.command);
  assert.equal(unresolved.length, 3);
  const statementLenses = lenses.filter((l) => l.command);
  assert.deepEqual(
    statementLenses.map((l) => l.command!.title),
    [
      'Allows every kms action to account 111122223333',
      'Allows kms:Encrypt, kms:Decrypt, kms:ReEncrypt* and 2 more (9 actions) to IAM role App in account 111122223333',
    ],
  );
  const resolved = await Promise.all(unresolved.map((l) => server.connection.sendRequest(CodeLensResolveRequest.type, l)));
  const decrypt = resolved[0]!.command!;
  assert.match(decrypt.title, /^Who can decrypt\? /);
  assert.match(decrypt.title, /role App/);
  assert.match(decrypt.title, /IAM principals of 111122223333/);
  assert.equal(decrypt.command, 'kmsKeyPolicy.showWhoCan');
  assert.deepEqual(decrypt.arguments, [uri, 'decrypt']);
  assert.match(resolved[1]!.command!.title, /^Who can administer\? .*IAM principals of 111122223333/);
  assert.doesNotMatch(resolved[1]!.command!.title, /role App/);
  assert.match(resolved[2]!.command!.title, /^Who can create grants\? /);
});

test('kmsKeyPolicy/whoCan answers a question with rows, caveats and Markdown', async () => {
  const uri = 'file:///ws/whocan.kms.json';
  await server.open(uri, CONSOLE_DEFAULT);
  const report = (await server.connection.sendRequest('kmsKeyPolicy/whoCan', { uri, question: 'decrypt' })) as {
    principals: { principal: string; decision: string }[];
    markdown: string;
    notes: string[];
  };
  assert.ok(report.principals.some((p) => p.principal === 'arn:aws:iam::111122223333:role/App' && p.decision === 'allow'));
  assert.match(report.markdown, /^# Who can decrypt/);
  assert.match(report.markdown, /\| role App/);
  assert.ok(report.notes.length > 0);
});

test('kmsKeyPolicy/whoCan with grants and a disabled key', async () => {
  const text = CONSOLE_DEFAULT;
  const grants = [{ GranteePrincipal: 'arn:aws:iam::444455556666:role/Partner', Operations: ['Decrypt'], GrantId: 'g1' }];
  const withGrant = (await server.connection.sendRequest('kmsKeyPolicy/whoCan', { text, question: 'decrypt', grants })) as {
    principals: { principal: string; kind: string }[];
  };
  assert.ok(
    withGrant.principals.some((p) => p.principal === 'arn:aws:iam::444455556666:role/Partner'),
    JSON.stringify(withGrant.principals),
  );
  const disabled = (await server.connection.sendRequest('kmsKeyPolicy/whoCan', { text, question: 'decrypt', keyState: 'Disabled' })) as {
    markdown: string;
  };
  assert.match(disabled.markdown, /key state refuses/);
  await assert.rejects(server.connection.sendRequest('kmsKeyPolicy/whoCan', { text, question: 'decrypt', keyState: 'Sleeping' }), /keyState/);
});

test('kmsKeyPolicy/simulate explains a decision; bad input is an error, not a crash', async () => {
  const r = (await server.connection.sendRequest('kmsKeyPolicy/simulate', {
    text: CONSOLE_DEFAULT,
    request: { principal: 'arn:aws:iam::111122223333:role/App', action: 'kms:Decrypt' },
  })) as { decision: string; reason: string; text: string };
  assert.equal(r.decision, 'allow');
  assert.equal(r.reason, 'key-policy');
  assert.match(r.text, /^ALLOW/);
  await assert.rejects(server.connection.sendRequest('kmsKeyPolicy/simulate', { text: CONSOLE_DEFAULT, request: { principal: 5 } }));
  assert.equal(server.process.exitCode, null);
});

test('kmsKeyPolicy/analyze counts problems, detects lockout, summarises', async () => {
  const ok = (await server.connection.sendRequest('kmsKeyPolicy/analyze', { text: CONSOLE_DEFAULT })) as {
    errors: number;
    lockout: boolean;
    summary: Record<string, string>;
  };
  assert.equal(ok.errors, 0);
  assert.equal(ok.lockout, false);
  assert.match(ok.summary['decrypt']!, /role App/);
  const locked = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: 'kms:Decrypt', Resource: '*' }],
  });
  const l = (await server.connection.sendRequest('kmsKeyPolicy/analyze', { text: locked })) as { lockout: boolean; errors: number };
  assert.equal(l.lockout, true);
  assert.ok(l.errors > 0);
});

test('kmsKeyPolicy/compare says who gains and who loses', async () => {
  const after = CONSOLE_DEFAULT.replace('role/App', 'role/Other');
  const r = (await server.connection.sendRequest('kmsKeyPolicy/compare', { before: CONSOLE_DEFAULT, after, account: '111122223333' })) as {
    changes: { question: string; gained: string[]; lost: string[] }[];
    summary: string;
  };
  const decrypt = r.changes.find((c) => c.question === 'decrypt')!;
  assert.deepEqual(decrypt.gained, ['role Other']);
  assert.deepEqual(decrypt.lost, ['role App']);
  assert.match(r.summary, /\+ gains: role Other/);
  const same = (await server.connection.sendRequest('kmsKeyPolicy/compare', { before: CONSOLE_DEFAULT, after: CONSOLE_DEFAULT })) as {
    summary: string;
  };
  assert.match(same.summary, /Who can decrypt\? No change\./);
});
