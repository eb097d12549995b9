/**
 * Editor features inside the key policies of a template, and nowhere else in it: hover and completion (in the
 * template's syntax), quick fixes that are plain value edits, the who-can lenses above each key, the outline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, createPolicyService } from '../../../server/src/engine';
import { appKeyTemplate } from './samples';

const service = createPolicyService();
const URI = 'file:///stack.yaml';

const TEMPLATE = appKeyTemplate(`            Condition:
              StringEquals:
                kms:ViaService: !Sub "s3.\${AWS::Region}.amazonaws.com"
`);

/** Text with a `|` cursor → [text, offset]. */
function cursor(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

/** The text after applying a completion item's edit. */
function applyItem(text: string, doc: ReturnType<typeof service.parse>, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const start = doc.offsetAt(edit.range.start);
  const end = doc.offsetAt(edit.range.end);
  return text.slice(0, start) + edit.newText + text.slice(end);
}

test("hover on an action in YAML explains the action, over the scalar's range", () => {
  const [text, at] = cursor(TEMPLATE.replace('"kms:*"', '"kms:*"').replace('- kms:Decrytp', '- kms:Decrytp\n              - kms:GenerateData|Key'));
  const doc = service.parse(text, URI);
  const h = service.hover(doc, at)!;
  assert.match((h.contents as MarkupContent).value, /^\*\*kms:GenerateDataKey\*\* — Write/);
  assert.equal(text.slice(doc.offsetAt(h.range!.start), doc.offsetAt(h.range!.end)), 'kms:GenerateDataKey');
});

test('hover on a finding shows the rule, relabelled; hover outside the key policies answers nothing', () => {
  const doc = service.parse(TEMPLATE, URI);
  const h = service.hover(doc, TEMPLATE.indexOf('Decrytp'))!;
  assert.match((h.contents as MarkupContent).value, /KP201 unknown-action/);
  assert.equal(service.hover(doc, TEMPLATE.indexOf('data key')), null);
  assert.equal(service.hover(doc, TEMPLATE.indexOf('AssumeRolePolicyDocument')), null);
});

test('completing an action writes a YAML scalar over the word', () => {
  const [text, at] = cursor(TEMPLATE.replace('- kms:Decrytp', '- kms:Decrytp\n              - kms:ReEnc|'));
  const doc = service.parse(text, URI);
  const items = service.complete(doc, at).items;
  const item = items.find((i) => i.label === 'kms:ReEncryptFrom')!;
  assert.ok(item, items.map((i) => i.label).join());
  assert.match(applyItem(text, doc, item), /- kms:ReEncryptFrom\n/);
  // A value that YAML would read as something else is quoted.
  const star = items.find((i) => i.label === 'kms:*');
  assert.equal((star?.textEdit as TextEdit | undefined)?.newText, 'kms:*');
});

test('completing a condition operator written on a line of its own offers keys, with their colon', () => {
  const [text, at] = cursor(
    TEMPLATE.replace('              StringEquals:\n', '              StringEquals:\n                kms:ViaService: x\n              StringLi|\n').replace(
      /\n\s+kms:ViaService: !Sub[^\n]*/,
      '',
    ),
  );
  const doc = service.parse(text, URI);
  const item = service.complete(doc, at).items.find((i) => i.label === 'StringLike')!;
  assert.ok(item);
  assert.match(applyItem(text, doc, item), /\n {14}StringLike:\n/);
});

test('completing a value after "Effect: " inserts at the cursor', () => {
  const [text, at] = cursor(TEMPLATE.replace('          - Sid: Use\n            Effect: Allow', '          - Sid: Use\n            Effect: |'));
  const doc = service.parse(text, URI);
  const item = service.complete(doc, at).items.find((i) => i.label === 'Deny')!;
  assert.match(applyItem(text, doc, item), /Effect: Deny\n/);
});

test('nothing is completed outside the key policies', () => {
  const [text, at] = cursor(TEMPLATE.replace('Description: data key', 'Description: da|ta key'));
  assert.deepEqual(service.complete(service.parse(text, URI), at).items, []);
});

test('the quick fix for a misspelt action is a plain value edit of the YAML scalar', () => {
  const doc = service.parse(TEMPLATE, URI);
  const lint = service.lint(doc);
  const f = lint.findings.find((x) => x.code === 'KP201')!;
  const actions = service.codeActions(doc, f.at.offset, f.at.offset + f.at.length, URI, lint);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change to kms:Decrypt'],
  );
  const edits = actions[0]!.edit!.changes![URI]!.map((e) => ({
    offset: doc.offsetAt(e.range.start),
    length: doc.offsetAt(e.range.end) - doc.offsetAt(e.range.start),
    newText: e.newText,
  }));
  const fixed = applyEdits(TEMPLATE, edits);
  assert.equal(fixed, TEMPLATE.replace('kms:Decrytp', 'kms:Decrypt'));
  assert.deepEqual(service.validate(service.parse(fixed, URI)), []);
});

test('fixes that would need the host layout are not offered', () => {
  const text = TEMPLATE.replace('            Resource: "*"\n            Condition', '            Resource: "*"\n            Sid: Again\n            Condition');
  const doc = service.parse(text, URI);
  const lint = service.lint(doc);
  for (const f of lint.findings)
    for (const fix of f.fixes ?? []) for (const e of fix.edits) assert.ok(e.offset >= text.indexOf('KeyPolicy'), `${f.code} ${fix.title}`);
});

test('lenses: the three questions above the key, resolved with its answer, and a summary above each statement', () => {
  const doc = service.parse(TEMPLATE.replace('Decrytp', 'Decrypt'), URI);
  const lenses = service.codeLenses(doc);
  const line = TEMPLATE.split('\n').indexOf('  DataKey:');
  const questions = lenses.filter((l) => l.data);
  assert.deepEqual(
    questions.map((l) => l.range.start.line),
    [line, line, line],
  );
  const resolved = service.resolveCodeLens(doc, questions[0]!, 'kmsKeyPolicy.showWhoCan', URI);
  assert.equal(
    resolved.command!.title,
    'Who can decrypt? 2 principal classes: IAM principals of «AWS::AccountId», role AppRole in this template (conditional)',
  );
  assert.deepEqual(resolved.command!.arguments, [URI, 'decrypt', 'DataKey']);
  assert.deepEqual(
    lenses.filter((l) => !l.data).map((l) => [l.range.start.line, l.command!.title]),
    [
      [13, 'Allows every kms action to account «AWS::AccountId»'],
      [19, 'Allows kms:Decrypt, kms:Encrypt to role AppRole in this template when kms:ViaService StringEquals s3.«region».amazonaws.com'],
    ],
  );
});

test('the outline has one entry per key with its statements', () => {
  const doc = service.parse(TEMPLATE, URI);
  const symbols = service.symbols(doc);
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail, s.children?.map((c) => c.name)]),
    [['DataKey', 'AWS::KMS::Key', ['Root', 'Use']]],
  );
  assert.deepEqual(service.foldingRanges(doc), []);
  assert.deepEqual(service.format(doc, { tabSize: 2, insertSpaces: true }), []);
});

test('the checks of a template, one per key, for the workspace view', () => {
  const doc = service.parse(TEMPLATE, URI);
  assert.deepEqual(
    service.checks(doc).map((c) => [c.id, c.type, c.line, c.errors, c.warnings, c.summary.decrypt]),
    [['DataKey', 'AWS::KMS::Key', 6, 1, 0, 'not analysed (fix the errors first)']],
  );
});
