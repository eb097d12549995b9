// Key actions from the AWS Keys view against the local KMS endpoint: rotation on (with a period) and off, disable
// (asks first) and enable, schedule deletion (waiting period, typed confirmation, plain warning) and cancel it,
// create and delete an alias, revoke a grant. Dialogs are answered through the extension's replaceable `ui`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isDenied } from '../../../client/src/aws';
import { api, keyByAlias, relisted, rowOf, stubUi, childrenOf } from './awsTestSupport';

suite('AWS key actions', () => {
  test('rotation on with a period, then off after confirming', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/cloudtrail-logs');
    let ui = stubUi(a, { input: () => '180' });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.enableRotation', key), true);
    } finally {
      ui.restore();
    }
    assert.match(ui.calls.find((c) => c.method === 'showInputBox')?.message ?? '', /90–2560/);
    let summary = await relisted(a, key);
    assert.ok(!isDenied(summary.rotation) && summary.rotation.enabled && summary.rotation.periodDays === 180);

    ui = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.disableRotation', key), true);
    } finally {
      ui.restore();
    }
    assert.equal(ui.calls.filter((c) => c.modal).length, 1);
    summary = await relisted(a, key);
    assert.ok(!isDenied(summary.rotation) && !summary.rotation.enabled);
  });

  test('an out-of-range rotation period is not sent', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/cloudtrail-logs');
    const ui = stubUi(a, {
      input: (options) => {
        assert.equal(options.validateInput?.('30'), 'The rotation period must be from 90 to 2560 days; 30 is outside that range.');
        return '30';
      },
    });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.enableRotation', key), false);
    } finally {
      ui.restore();
    }
  });

  test('disabling asks first; declining changes nothing; enabling needs no confirmation', async () => {
    const a = await api();
    let key = await keyByAlias(a, 'ap-southeast-2', 'alias/payments-apse2');
    let ui = stubUi(a, { warning: () => undefined });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.disableKey', key), false);
    } finally {
      ui.restore();
    }
    assert.match(ui.calls[0]?.message ?? '', /^Disable alias\/payments-apse2\? Every encrypt, decrypt/);
    let summary = await relisted(a, key);
    assert.equal(!isDenied(summary.details) && summary.details.state, 'Enabled');

    ui = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.disableKey', key), true);
      key = await keyByAlias(a, 'ap-southeast-2', 'alias/payments-apse2');
      assert.equal(a.aws.keys.getTreeItem(key).contextValue, 'kmsKey.customer.disabled.rotation-on');
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.enableKey', key), true);
    } finally {
      ui.restore();
    }
    summary = await relisted(a, key);
    assert.equal(!isDenied(summary.details) && summary.details.state, 'Enabled');
  });

  test('scheduling deletion warns, takes 7–30 days and a typed alias or id; cancelling leaves the key disabled', async () => {
    const a = await api();
    let key = await keyByAlias(a, 'us-east-1', 'alias/old-reports');
    // A wrong typed name schedules nothing.
    let ui = stubUi(a, {
      warning: (_m, modal, items) => (modal ? items[0] : undefined),
      input: (options) => (options.placeHolder === 'alias/old-reports' ? 'alias/old-report' : '7'),
    });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.scheduleDeletion', key), undefined);
    } finally {
      ui.restore();
    }
    const warning = ui.calls.find((c) => c.modal);
    assert.equal(warning?.message, 'Schedule deletion of alias/old-reports?');
    assert.match(warning?.detail ?? '', /data encrypted under this key can never be decrypted again/);
    assert.match(ui.calls.filter((c) => c.method === 'showInputBox')[1]?.message ?? '', /becomes unrecoverable 7 days after you confirm/);
    let summary = await relisted(a, key);
    assert.equal(!isDenied(summary.details) && summary.details.state, 'Disabled');

    ui = stubUi(a, {
      warning: (_m, modal, items) => (modal ? items[0] : undefined),
      input: (options) => (options.placeHolder === 'alias/old-reports' ? key.key.id : '7'),
    });
    try {
      const date = await vscode.commands.executeCommand<Date | undefined>('kmsKeyPolicy.aws.scheduleDeletion', key);
      assert.ok(date instanceof Date);
      const days = (date.getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7.01, `deletion in 7 days, got ${days}`);
    } finally {
      ui.restore();
    }
    key = await keyByAlias(a, 'us-east-1', 'alias/old-reports');
    assert.equal(a.aws.keys.getTreeItem(key).contextValue, 'kmsKey.customer.pendingDeletion.rotation-off');

    ui = stubUi(a, {});
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.cancelDeletion', key), true);
    } finally {
      ui.restore();
    }
    summary = await relisted(a, key);
    assert.equal(!isDenied(summary.details) && summary.details.state, 'Disabled');
  });

  test('create an alias, then delete it after confirming', async () => {
    const a = await api();
    let key = await keyByAlias(a, 'us-east-1', 'alias/hmac-tokens');
    let ui = stubUi(a, {
      input: (options) => {
        assert.equal(options.validateInput?.('alias/aws/x'), 'Aliases starting with "alias/aws/" are reserved for AWS managed keys.');
        return 'alias/hmac-tokens-exthost';
      },
    });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.createAlias', key), 'alias/hmac-tokens-exthost');
    } finally {
      ui.restore();
    }
    key = await keyByAlias(a, 'us-east-1', 'alias/hmac-tokens-exthost');
    const aliasRow = childrenOf(a, rowOf(a, key, 'aliases')).find((n) => n.kind === 'row' && n.row.alias === 'alias/hmac-tokens-exthost');
    assert.ok(aliasRow);
    assert.equal(a.aws.keys.getTreeItem(aliasRow).contextValue, 'kmsAlias');
    ui = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.deleteAlias', aliasRow), true);
    } finally {
      ui.restore();
    }
    assert.match(ui.calls[0]?.message ?? '', /^Delete alias\/hmac-tokens-exthost\?/);
    const summary = await relisted(a, key);
    assert.deepEqual(summary.aliases, ['alias/hmac-tokens']);
  });

  test('revoking a grant asks first, then removes it', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'eu-west-1', 'alias/gdpr-customer-data');
    const grantRow = childrenOf(a, rowOf(a, key, 'grants'))[0];
    assert.ok(grantRow && grantRow.kind === 'row' && grantRow.row.grant);
    const ui = stubUi(a, { warning: (_m, modal, items) => (modal ? items[0] : undefined) });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.revokeGrant', grantRow), true);
    } finally {
      ui.restore();
    }
    assert.match(
      ui.calls[0]?.message ?? '',
      /^Revoke the grant that lets arn:aws:iam::111122223333:role\/EuProcessor use alias\/gdpr-customer-data \(Decrypt\)\?/,
    );
    const summary = await relisted(a, key);
    assert.deepEqual(summary.grants, []);
  });

  test('KMS refusing an action is shown with its exception name and message', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/hmac-tokens');
    const ui = stubUi(a, { input: () => '365' });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.enableRotation', key), false);
    } finally {
      ui.restore();
    }
    const error = ui.calls.find((c) => c.method === 'showErrorMessage');
    assert.match(error?.message ?? '', /^Enable automatic rotation failed for alias\/hmac-tokens: UnsupportedOperationException: /);
  });
});
