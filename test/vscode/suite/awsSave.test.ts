// Saving a live key policy back to the (local) KMS endpoint: a confirmed valid change is written; a lockout is
// refused before any confirmation; a change made in KMS since the policy was opened is detected, nothing is
// written and a diff is offered; a declined confirmation writes nothing; KMS's own error is shown verbatim. In
// every refusal the document stays dirty with the user's text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLocalKms } from '../../../tools/localKms/server';
import { api, directSession, endpoint, keyByAlias, nextSaveOutcome, openLivePolicy, policyWith, replaceAll, revertAndClose, stubUi } from './awsTestSupport';

const APP_DECRYPT = {
  Sid: 'AllowCiRunnerDecrypt',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/CiRunner' },
  Action: 'kms:Decrypt',
  Resource: '*',
};

/** Resolves when `predicate` holds for a dialog call, checking each call as it is recorded. */
function waitForDialog(
  calls: { message: string; items: readonly string[] }[],
  predicate: (c: { message: string; items: readonly string[] }) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (calls.some(predicate)) resolve();
      else if (Date.now() - started > 20_000) reject(new Error(`no matching dialog among ${JSON.stringify(calls)}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

suite('AWS live policy save', () => {
  test('a valid change is analysed, confirmed in who-can terms and written with PutKeyPolicy', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/ebs-volumes');
    const editor = await openLivePolicy(key);
    const before = await directSession().getKeyPolicy('us-east-1', key.key.id);
    const edited = policyWith(...(JSON.parse(before) as { Statement: object[] }).Statement.slice(1), APP_DECRYPT);
    await replaceAll(editor, edited);
    const { calls, restore } = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      const outcome = nextSaveOutcome(a, editor.document.uri);
      assert.equal(await editor.document.save(), true);
      assert.equal((await outcome).kind, 'written');
    } finally {
      restore();
    }
    const confirmations = calls.filter((c) => c.method === 'showWarningMessage' && c.modal);
    assert.equal(confirmations.length, 1, 'one modal confirmation');
    assert.equal(confirmations[0].message, 'Save the key policy of alias/ebs-volumes to KMS?');
    assert.deepEqual(confirmations[0].items, ['Save to KMS']);
    assert.match(confirmations[0].detail ?? '', /^Who can decrypt: gains .*CiRunner/m);
    assert.match(confirmations[0].detail ?? '', /^Who can administer: no change$/m);
    const deployed = await directSession().getKeyPolicy('us-east-1', key.key.id);
    assert.equal(deployed, edited);
    assert.equal(editor.document.isDirty, false);
    assert.equal(a.aws.livePolicies.baseline(editor.document.uri), deployed, "the written policy is the next save's baseline");
  });

  test('a policy that would lock the key is refused before any confirmation, and the text stays', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/byok');
    const editor = await openLivePolicy(key);
    const before = await directSession().getKeyPolicy('us-east-1', key.key.id);
    const lockout = `${JSON.stringify({ Version: '2012-10-17', Statement: [APP_DECRYPT] }, null, 2)}\n`;
    await replaceAll(editor, lockout);
    const { calls, restore } = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      const outcome = nextSaveOutcome(a, editor.document.uri);
      assert.equal(await editor.document.save(), false);
      const result = await outcome;
      assert.equal(result.kind, 'refused');
      assert.equal(result.kind === 'refused' && result.why, 'lockout');
      assert.match(result.kind === 'refused' ? result.reason : '', /nobody could change the key policy again/);
    } finally {
      restore();
    }
    assert.equal(calls.filter((c) => c.modal).length, 0, 'no confirmation was asked');
    assert.equal(await directSession().getKeyPolicy('us-east-1', key.key.id), before, 'nothing was written');
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), lockout);
    await revertAndClose(editor.document);
  });

  test('a change made in KMS since opening is detected: nothing is written, a diff is offered, then the edit can build on it', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/secrets-app');
    const editor = await openLivePolicy(key);
    const uri = editor.document.uri;
    const session = directSession();
    const opened = await session.getKeyPolicy('us-east-1', key.key.id);
    // Someone else changes the policy in KMS.
    const theirs = policyWith({
      Sid: 'AddedElsewhere',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Auditor' },
      Action: 'kms:DescribeKey',
      Resource: '*',
    });
    await session.putKeyPolicy('us-east-1', key.key.id, theirs, { expectedCurrent: opened });
    const mine = policyWith(APP_DECRYPT);
    await replaceAll(editor, mine);

    const { calls, restore } = stubUi(a, {
      warning: (_message, modal, items) => (modal ? items[0] : items.includes('Compare') ? 'Compare' : undefined),
      info: (_m, items) => (items.includes('Use Deployed as Base') ? 'Use Deployed as Base' : undefined),
    });
    try {
      const outcome = nextSaveOutcome(a, uri);
      assert.equal(await editor.document.save(), false);
      const result = await outcome;
      assert.equal(result.kind, 'conflict');
      assert.equal(result.kind === 'conflict' && result.deployed, theirs);
      assert.equal(await session.getKeyPolicy('us-east-1', key.key.id), theirs, 'nothing was written');
      assert.equal(editor.document.isDirty, true);
      assert.equal(editor.document.getText(), mine);
      assert.equal(calls.filter((c) => c.modal).length, 0, 'no confirmation for a conflicting save');
      const offer = calls.find((c) => c.method === 'showWarningMessage' && !c.modal);
      assert.match(offer?.message ?? '', /changed in KMS since you opened it; nothing was written/);
      assert.deepEqual(offer?.items, ['Compare', 'Use Deployed as Base']);

      // "Compare" opens the deployed policy beside the edit, then offers to build on it.
      await waitForDialog(calls, (c) => c.items.includes('Use Deployed as Base') && !c.message.includes('nothing was written'));
      const diff = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
      assert.ok(diff, 'a diff of the deployed policy and the edit is open');
      assert.equal((diff.input as vscode.TabInputTextDiff).original.scheme, 'kms-policy-deployed');
      assert.equal(a.aws.livePolicies.baseline(uri), theirs, 'the deployed policy is now the baseline');

      // Saving again now compares with the deployed policy and writes.
      await vscode.window.showTextDocument(editor.document);
      const second = nextSaveOutcome(a, uri);
      assert.equal(await editor.document.save(), true);
      assert.equal((await second).kind, 'written');
      const confirmations = calls.filter((c) => c.modal);
      assert.equal(confirmations.length, 1, 'the second save was confirmed');
      assert.match(confirmations[0].detail ?? '', /^Who can decrypt: gains role CiRunner/);
    } finally {
      restore();
    }
    assert.equal(await session.getKeyPolicy('us-east-1', key.key.id), mine);
  });

  test('a declined confirmation writes nothing and keeps the edit', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/rds-orders');
    const editor = await openLivePolicy(key);
    const before = await directSession().getKeyPolicy('us-east-1', key.key.id);
    const edited = policyWith(APP_DECRYPT);
    await replaceAll(editor, edited);
    const { calls, restore } = stubUi(a, { warning: () => undefined });
    try {
      const outcome = nextSaveOutcome(a, editor.document.uri);
      assert.equal(await editor.document.save(), false);
      const result = await outcome;
      assert.equal(result.kind === 'refused' && result.why, 'declined');
    } finally {
      restore();
    }
    assert.equal(calls.filter((c) => c.modal).length, 1, 'the confirmation was asked');
    assert.equal(await directSession().getKeyPolicy('us-east-1', key.key.id), before);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), edited);
    await revertAndClose(editor.document);
  });

  test('an error from KMS is reported verbatim and the edit is kept', async () => {
    const a = await api();
    const original = endpoint();
    const denying = await startLocalKms({ seed: true, deny: [{ action: 'kms:PutKeyPolicy' }] });
    const setEndpoint = (url: string): Thenable<void> =>
      vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update('endpoint', url, vscode.ConfigurationTarget.Global);
    try {
      await setEndpoint(denying.url);
      const key = await keyByAlias(a, 'us-east-1', 'alias/partner-shared');
      const editor = await openLivePolicy(key);
      const edited = policyWith(APP_DECRYPT);
      await replaceAll(editor, edited);
      const { restore } = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
      try {
        const outcome = nextSaveOutcome(a, editor.document.uri);
        assert.equal(await editor.document.save(), false);
        const result = await outcome;
        assert.equal(result.kind, 'failed');
        assert.match(result.kind === 'failed' ? result.reason : '', /^KMS refused kms:PutKeyPolicy: AccessDeniedException: .*kms:PutKeyPolicy/);
      } finally {
        restore();
      }
      assert.equal(editor.document.isDirty, true);
      assert.equal(editor.document.getText(), edited);
      await revertAndClose(editor.document);
    } finally {
      await setEndpoint(original);
      await denying.close();
    }
  });
});
