/**
 * The who-can matrix: the model built from a named answer and from a key-policy-only report, the page's HTML
 * (grid roles, decisions as icon and word, residual conditions on hover and in the details, statements to reveal,
 * role chains drawn, theme variables, the Content Security Policy), and the filter the page applies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, matrixHtml } from '../../client/src/whoCan/matrixHtml';
import { matrixFromNamed, matrixFromReport, rowMatches, rowDecisions, rowSearchText, shortName } from '../../client/src/whoCan/matrixModel';
import { MATRIX_SCRIPT } from '../../client/src/whoCan/matrixScript';
import type { WhoCanReport } from '../../shared/protocol';
import { HOSTILE_ANSWER, NAMED_ANSWER } from './namedAnswers';

const PAGE = { nonce: 'n0nce', cspSource: 'vscode-webview://abc' };

/** The elements of the page matching a pattern, as the list of their first capture groups. */
const all = (html: string, pattern: RegExp): string[] => [...html.matchAll(pattern)].map((m) => m[1]!);

describe('the matrix model of a named answer', () => {
  const model = matrixFromNamed('Who can decrypt — key.kms.json', NAMED_ANSWER, '# md', '3 roles (1 conditional); 1 more by assuming roles');

  test('groups rows by account and kind, in the order the answer lists them', () => {
    assert.deepEqual(
      model.groups.map((g) => [g.label, g.rows.map((r) => r.name)]),
      [
        ['Account 111122223333 · roles', ['AppServerRole', 'S3Reader', 'DeployRole', 'Sandbox']],
        ['Account 111122223333 · users', ['ci-runner']],
        ['Services', ['logs.us-east-1.amazonaws.com']],
      ],
    );
  });

  test("states the server's one-line answer, or how many principals are named without it", () => {
    assert.equal(model.summary, 'Answer: 3 roles (1 conditional); 1 more by assuming roles.');
    assert.equal(matrixFromNamed('t', NAMED_ANSWER, '', undefined).summary, '6 principals named.');
  });

  test('words the residual conditions and the deciding statements', () => {
    const s3 = model.groups[0]!.rows[1]!.cells[0]!;
    assert.deepEqual(s3.conditions, ['StringEquals kms:ViaService "s3.us-east-1.amazonaws.com"']);
    assert.deepEqual(s3.unless, ['Bool aws:SecureTransport "false"']);
    assert.deepEqual(
      s3.statements.map((s) => [s.label, s.keyPolicyIndex]),
      [
        ['key policy statement 1 "Enable IAM User Permissions" (Allow)', 0],
        ['identity policy arn:aws:iam::111122223333:policy/S3Only statement 2 "UseKey" (Allow)', undefined],
      ],
    );
  });

  test('keeps role chains as short names and ARNs', () => {
    const ci = model.groups[1]!.rows[0]!;
    assert.deepEqual(ci.chains, [
      {
        steps: ['ci-runner', 'DeployRole'],
        arns: ['arn:aws:iam::111122223333:user/ci-runner', 'arn:aws:iam::111122223333:role/DeployRole'],
        actions: ['kms:Decrypt'],
        conditional: false,
      },
    ]);
    assert.equal(ci.cells[0]!.viaChain, true);
  });

  test('lists what was not supplied and the caveats', () => {
    assert.deepEqual(model.notes, ['SCPs not supplied for account 444455556666', 'Role chains followed to depth 3.']);
  });
});

describe('the matrix model of a key-policy-only report', () => {
  const report: WhoCanReport = {
    actions: ['kms:Decrypt', 'kms:Encrypt'],
    principals: [
      {
        principal: '111122223333',
        kind: 'account',
        decision: 'allow',
        conditions: [],
        statements: [{ index: 0, sid: 'Enable IAM User Permissions', effect: 'Allow' }],
        actions: ['kms:Decrypt', 'kms:Encrypt'],
        requires: 'iam',
      },
      {
        principal: 'arn:aws:iam::444455556666:role/Partner',
        kind: 'principal',
        decision: 'conditional',
        conditions: [[{ operator: 'StringEquals', key: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }]],
        statements: [{ index: 2, effect: 'Allow' }],
        actions: ['kms:Decrypt'],
        requires: 'iam',
      },
    ],
    notes: ['IAM identity policies are not evaluated.'],
    markdown: '# Who can decrypt',
  };
  const model = matrixFromReport('Who can decrypt — p', report, '2 principal classes');

  test('has one row per class, grouped by account, and denies the actions a class is not given', () => {
    assert.equal(model.named, false);
    assert.deepEqual(
      model.groups.map((g) => [g.label, g.rows.map((r) => r.name)]),
      [
        ['Account 111122223333', ['IAM principals of 111122223333']],
        ['Account 444455556666', ['Partner']],
      ],
    );
    const partner = model.groups[1]!.rows[0]!;
    assert.deepEqual(
      partner.cells.map((c) => [c.action, c.decision, c.conditions]),
      [
        ['kms:Decrypt', 'conditional', ['StringEquals kms:ViaService "s3.eu-west-1.amazonaws.com"']],
        ['kms:Encrypt', 'denied', []],
      ],
    );
    assert.equal(partner.note, 'also needs an IAM allow in its own account');
    assert.equal(model.summary, '2 principal classes');
  });

  test('gives classes that get there by escalation their own columns', () => {
    const escalated = matrixFromReport(
      't',
      {
        ...report,
        principals: [report.principals[0]!, { ...report.principals[0]!, kind: 'account (by escalation)', actions: ['kms:PutKeyPolicy', 'kms:CreateGrant'] }],
      },
      's',
    );
    assert.deepEqual(escalated.actions, ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant']);
    const row = escalated.groups[0]!.rows[1]!;
    assert.equal(row.name, 'IAM principals of 111122223333, by escalation');
    assert.deepEqual(
      row.cells.map((c) => c.decision),
      ['denied', 'denied', 'allowed', 'allowed'],
    );
  });

  test('renders as the same matrix, with the class column named so', () => {
    const html = matrixHtml(model, PAGE);
    assert.match(html, /<th role="columnheader" scope="col">Principal class<\/th>/);
    assert.match(html, /IAM principals of 111122223333/);
    assert.match(html, /2 of 2 principal classes/);
  });
});

describe('the matrix page', () => {
  const model = matrixFromNamed('Who can decrypt — key.kms.json', NAMED_ANSWER, '# md', '3 roles (1 conditional); 1 more by assuming roles');
  const html = matrixHtml(model, PAGE);

  test('is a grid of rows, row headers and cells, one column per action', () => {
    assert.match(html, /<table role="grid" id="matrix" aria-label="Who can decrypt — key.kms.json"/);
    assert.deepEqual(all(html, /<th role="columnheader" scope="col"[^>]*>([^<]*)<\/th>/g), ['Principal', 'Decrypt', 'Encrypt']);
    assert.match(html, /<th role="columnheader" scope="col" title="kms:Decrypt">Decrypt<\/th>/);
    assert.equal(all(html, /<tr role="row" class="principal" id="(r\d+)"/g).length, 6);
    assert.equal(all(html, /<tr role="row" class="group" id="(g\d+)"/g).length, 3);
    assert.equal(all(html, /<td role="gridcell" class="(cell decision \w+)"/g).length, 12);
  });

  test('shows each decision as an icon and a word, not by colour alone', () => {
    assert.match(html, /class="cell decision allowed"[^>]*><span class="icon" aria-hidden="true">✓<\/span> <span class="word">Allowed<\/span>/);
    assert.match(html, /class="cell decision conditional"[^>]*><span class="icon" aria-hidden="true">◐<\/span> <span class="word">Conditional<\/span>/);
    assert.match(html, /class="cell decision denied"[^>]*><span class="icon" aria-hidden="true">✕<\/span> <span class="word">Denied<\/span>/);
  });

  test('gives the residual conditions on hover and in the expanded row', () => {
    const title = /class="cell decision conditional"[^>]*title="([^"]*)"/.exec(html)?.[1];
    assert.equal(
      title,
      'kms:Decrypt: Conditional — needs kms:ViaService = s3.us-east-1.amazonaws.com\nWhen:\n  StringEquals kms:ViaService &quot;s3.us-east-1.amazonaws.com&quot;\nUnless:\n  Bool aws:SecureTransport &quot;false&quot;',
    );
    const details = /<tr role="row" class="details" id="r1-details"[^>]*hidden>(.*?)<\/tr>/s.exec(html)?.[1] ?? '';
    assert.match(
      details,
      /<li>when StringEquals kms:ViaService &quot;s3.us-east-1.amazonaws.com&quot;<\/li><li>unless Bool aws:SecureTransport &quot;false&quot;<\/li>/,
    );
  });

  test('rows start collapsed and name the details they expand', () => {
    assert.match(html, /<tr role="row" class="principal" id="r0" data-group="g0" aria-expanded="false" aria-controls="r0-details"/);
  });

  test('lists deciding statements, the key policy ones as buttons that reveal them', () => {
    assert.match(
      html,
      /<button class="reveal" data-statement="0" title="Show this statement in the policy">key policy statement 1 &quot;Enable IAM User Permissions&quot; \(Allow\)<\/button>/,
    );
    assert.match(html, /<li>SCP p-abc123 statement 1 &quot;DenyKms&quot; \(Deny\)<\/li>/);
  });

  test('draws role chains as a path ending at the actions', () => {
    assert.match(
      html,
      /<ol class="chain" aria-label="Role chain: ci-runner → DeployRole → kms:Decrypt"><li class="node start" title="arn:aws:iam::111122223333:user\/ci-runner">ci-runner<\/li><li class="arrow" aria-hidden="true">→<\/li><li class="node" title="arn:aws:iam::111122223333:role\/DeployRole">DeployRole<\/li><li class="arrow" aria-hidden="true">→<\/li><li class="node action">kms:Decrypt<\/li><\/ol>/,
    );
    assert.match(
      html,
      /class="cell decision denied"[^>]*><span class="icon" aria-hidden="true">✕<\/span> <span class="word">Denied<\/span> <span class="via" title="not directly, but by assuming roles \(see the row’s chains\)">↪ via role chain<\/span><\/td>/,
    );
  });

  test('has a strict Content Security Policy: the nonce for the one style and script, nothing remote', () => {
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src vscode-webview:\/\/abc 'nonce-n0nce'; script-src 'nonce-n0nce'; img-src vscode-webview:\/\/abc data:;">/,
    );
    assert.deepEqual(all(html, /<(script|style)\b/g), ['style', 'script']);
    assert.equal(all(html, /<script nonce="(\w+)">/g).join(), 'n0nce');
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /\sstyle="/);
    assert.doesNotMatch(html, /\son\w+="/);
  });

  test('takes its colours from the theme', () => {
    const colours = all(html, /(#[0-9a-fA-F]{3,6}\b|rgb\()/g);
    assert.deepEqual(colours, []);
    assert.match(html, /var\(--vscode-focusBorder\)/);
    assert.match(html, /var\(--vscode-editor-background\)/);
  });

  test('lists what was not supplied and offers the filter and Copy as Markdown', () => {
    assert.match(html, /<li>SCPs not supplied for account 444455556666<\/li>/);
    assert.match(html, /<input type="search" id="filter"/);
    assert.match(html, /<button id="copy" type="button">Copy as Markdown<\/button>/);
    assert.match(html, /<span id="shown" role="status" aria-live="polite" data-total="6" data-kind="principals">6 of 6 principals<\/span>/);
  });

  test('escapes names and ARNs', () => {
    const hostile = matrixHtml(matrixFromNamed('t', HOSTILE_ANSWER, '', undefined), PAGE);
    assert.doesNotMatch(hostile, /<img/);
    assert.match(hostile, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(hostile, /role\/&quot;quoted&quot;/);
    assert.equal(escapeHtml(`<a href='x'>&</a>`), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('says so when nobody can', () => {
    const empty = matrixHtml(matrixFromNamed('t', { ...NAMED_ANSWER, principals: [] }, '', 'nobody, by name'), PAGE);
    assert.match(empty, /<p class="empty">No principals can perform kms:Decrypt, kms:Encrypt on this key.<\/p>/);
    assert.doesNotMatch(empty, /<table/);
  });

  test("the page's script is valid JavaScript and embeds the filter", () => {
    assert.doesNotThrow(() => new Function('acquireVsCodeApi', 'document', MATRIX_SCRIPT));
    assert.match(MATRIX_SCRIPT, /const rowMatches = function/);
  });
});

describe('the filter', () => {
  const model = matrixFromNamed('t', NAMED_ANSWER, '', undefined);
  const rows = model.groups.flatMap((g) => g.rows);
  const shown = (query: string, decision: string): string[] =>
    rows.filter((r) => rowMatches(rowSearchText(r), rowDecisions(r), query, decision)).map((r) => r.name);

  test('matches a case-insensitive substring of the name, the ARN or a chain', () => {
    assert.deepEqual(shown('deploy', ''), ['DeployRole', 'ci-runner']);
    assert.deepEqual(shown('USER/', ''), ['ci-runner']);
    assert.deepEqual(
      shown('  ', ''),
      rows.map((r) => r.name),
    );
    assert.deepEqual(shown('nobody', ''), []);
  });

  test('matches rows with a cell of the decision', () => {
    assert.deepEqual(shown('', 'conditional'), ['S3Reader']);
    assert.deepEqual(shown('', 'allowed'), ['AppServerRole', 'DeployRole', 'logs.us-east-1.amazonaws.com']);
    assert.deepEqual(shown('role', 'denied'), ['S3Reader', 'DeployRole', 'Sandbox', 'ci-runner']);
  });

  test('short names', () => {
    assert.equal(shortName('arn:aws:iam::111122223333:role/service-role/Deploy'), 'Deploy');
    assert.equal(shortName('arn:aws:iam::111122223333:root'), '111122223333 root');
    assert.equal(shortName('s3.amazonaws.com'), 's3.amazonaws.com');
  });
});
