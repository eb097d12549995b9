/**
 * kmsKeyPolicy/whoCanNamed over stdio against the bundled server: the policy (text or an open document) with the
 * demo account's authorization details answers the named answer and its Markdown; a file that is not
 * authorization details is refused with InvalidParams naming the file; malformed file entries are refused before
 * any work. With kmsKeyPolicy.iam.authorizationFiles set, the question lenses count named principals, read a file
 * again when it changes (and ask the client to resolve them again), and say when a configured file cannot be read.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest, CodeLensResolveRequest, ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { WhoCanNamedRequest, type WhoCanNamedParams } from '../../shared/protocol';
import { demoAuthorizationDetails } from '../../tools/localKms/seedIam';
import { startServer, type TestServer } from './lspClient';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
});
const IAM = [{ name: 'iam/111122223333.json', text: JSON.stringify(demoAuthorizationDetails().get('111122223333')) }];

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(() => server.stop());

async function refusal(params: unknown): Promise<ResponseError<unknown>> {
  try {
    await server.connection.sendRequest(WhoCanNamedRequest.method, params);
  } catch (e) {
    assert.ok(e instanceof ResponseError);
    return e;
  }
  assert.fail('answered a result');
}

test('answers by name: the actions, the accounts supplied, and the Markdown', async () => {
  const params: WhoCanNamedParams = { text: POLICY, question: 'decrypt', account: '111122223333', iam: IAM };
  const result = await server.connection.sendRequest(WhoCanNamedRequest, params);
  assert.ok(result.answer.actions.includes('kms:Decrypt'), result.answer.actions.join());
  assert.deepEqual(result.answer.accounts, ['111122223333']);
  assert.equal(typeof result.markdown, 'string');
  assert.ok(result.markdown.length > 0);
  const decrypt = (name: string) => result.answer.principals.find((p) => p.name === name)?.cells.find((c) => c.action === 'kms:Decrypt');
  assert.equal(decrypt('DeployRole')?.decision, 'allowed');
  assert.equal(decrypt('DataPipelineRole')?.decision, 'conditional');
  assert.equal(decrypt('SandboxRole')?.decision, 'denied');
  assert.deepEqual(
    result.answer.principals.find((p) => p.name === 'ci-runner')?.chains.map((c) => c.path),
    [['arn:aws:iam::111122223333:user/ci-runner', 'arn:aws:iam::111122223333:role/DeployRole']],
  );
  assert.match(result.markdown, /ci-runner → DeployRole → Decrypt/);
  assert.equal(result.summary, '3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles');
});

test('refuses a file that is not authorization details, naming it', async () => {
  const e = await refusal({ text: POLICY, iam: [{ name: 'notes.json', text: '{"hello": 1}' }] });
  assert.equal(e.code, ErrorCodes.InvalidParams);
  assert.match(e.message, /^notes\.json: /);
});

test('refuses malformed file entries before any work', async () => {
  const e = await refusal({ text: POLICY, iam: [{ name: 'a.json' }] });
  assert.equal(e.code, ErrorCodes.InvalidParams);
  assert.equal(e.message, 'IAM file 1 is not a { name, text } object of strings.');
  assert.equal(server.process.exitCode, null);
});

describe('the question lenses with IAM files configured', () => {
  let named: TestServer;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-iam-lens-'));
    fs.writeFileSync(path.join(dir, 'details.json'), IAM[0]!.text);
    named = await startServer((item) =>
      item.scopeUri?.endsWith('missing.kms.json')
        ? { iam: { authorizationFiles: [path.join(dir, 'absent.json')] } }
        : { iam: { authorizationFiles: [path.join(dir, 'details.json')] } },
    );
  });
  after(async () => {
    await named.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const decryptLens = async (uri: string): Promise<string> => {
    await named.open(uri, POLICY);
    const lenses = await named.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const question = lenses?.find((l) => (l.data as { question?: string } | undefined)?.question === 'decrypt');
    assert.ok(question);
    const resolved = await named.connection.sendRequest(CodeLensResolveRequest.type, question);
    return resolved.command?.title ?? '';
  };

  test('count named principals instead of principal classes', async () => {
    const title = await decryptLens('file:///w/named.kms.json');
    assert.match(title, /^Who can decrypt\? /);
    assert.doesNotMatch(title, /principal class/);
    assert.equal(title, 'Who can decrypt? 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles');
  });

  test('read a configured file again when it changes (the worker keeps it only while its size and time hold)', async () => {
    assert.equal(await decryptLens('file:///w/before.kms.json'), 'Who can decrypt? 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles');
    const file = path.join(dir, 'details.json');
    const details = JSON.parse(IAM[0]!.text) as { RoleDetailList: unknown[] };
    fs.writeFileSync(file, JSON.stringify({ ...details, RoleDetailList: [] }));
    try {
      const title = await decryptLens('file:///w/after.kms.json');
      assert.match(title, /^Who can decrypt\? /);
      assert.doesNotMatch(title, /roles?/);
    } finally {
      fs.writeFileSync(file, IAM[0]!.text);
    }
    assert.equal(
      await decryptLens('file:///w/restored.kms.json'),
      'Who can decrypt? 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles',
    );
  });

  test('ask the client to resolve the lenses again when a file they read changes', async () => {
    const file = path.join(dir, 'watched.json');
    fs.writeFileSync(file, IAM[0]!.text);
    const watching = await startServer({ iam: { authorizationFiles: [file] } }, { workspace: { codeLens: { refreshSupport: true } } });
    try {
      let refreshes = 0;
      watching.connection.onRequest('workspace/codeLens/refresh', () => {
        refreshes++;
        return null;
      });
      const uri = 'file:///w/watched.kms.json';
      await watching.open(uri, POLICY);
      const lenses = await watching.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      const question = lenses?.find((l) => (l.data as { question?: string } | undefined)?.question === 'decrypt');
      assert.ok(question);
      await watching.connection.sendRequest(CodeLensResolveRequest.type, question);
      assert.equal(refreshes, 0);
      fs.writeFileSync(file, JSON.stringify({ ...(JSON.parse(IAM[0]!.text) as object), RoleDetailList: [] }));
      // The server checks the file's stat every two seconds.
      const deadline = Date.now() + 15000;
      while (refreshes === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(refreshes >= 1, 'no workspace/codeLens/refresh after the file changed');
      const again = await watching.connection.sendRequest(CodeLensResolveRequest.type, question);
      assert.doesNotMatch(again.command?.title ?? '', /roles?/);
    } finally {
      await watching.stop();
    }
  });

  test('say when a configured file cannot be read', async () => {
    const title = await decryptLens('file:///w/missing.kms.json');
    assert.match(title, /\(IAM file "\/.*absent\.json" cannot be read \(ENOENT\)\)$/);
  });
});
