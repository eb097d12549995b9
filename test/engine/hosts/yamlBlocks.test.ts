/**
 * The YAML template reader cuts a block-style Resources section into one text per resource and parses only the
 * keys (yamlBlocks.ts). That must read every template exactly as parsing the whole text does: checked on
 * generated templates, against a run forced onto the whole-text path (an anchor anywhere refuses the cut).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPolicyService } from '../../../server/src/engine';
import { parseDocument } from 'yaml';
import { plainResourceType, splitResources } from '../../../server/src/engine/parse/cloudformation/yamlBlocks';
import { entryOf, fromYaml, stringOf } from '../../../server/src/engine/parse/cloudformation/templateNode';
import { CLOUDFORMATION_TAGS } from '../../../server/src/engine/parse/cloudformation/yamlTags';

const service = createPolicyService();

/** What the engine makes of a template: each key with its policy JSON, and the diagnostics with their text. */
function reading(text: string): string {
  const doc = service.parse(text, 'file:///t.yaml');
  const keys = service.keys(doc).map((k) => `${k.id} ${k.type} ${k.origin} ${k.idRange.start.line}:${k.idRange.start.character} ${k.policy?.text ?? ''}`);
  const diagnostics = service
    .validate(doc)
    .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
  return [...keys, ...diagnostics].join('\n');
}

const ACTIONS = ['kms:Decrypt', 'kms:Decrytp', 'kms:*', '"kms:Describe*"', 'kms:PutKeyPolicy', '!Ref Action'];
const PRINCIPALS = [
  '"*"',
  '{AWS: !Ref AdminArn}',
  '{AWS: !GetAtt Role.Arn}',
  '{AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}',
  '{Service: logs.amazonaws.com}',
];

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Deny', 'Alow'),
    principal: fc.constantFrom(...PRINCIPALS),
    actions: fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
  })
  .map(
    (s) =>
      `          - Effect: ${s.effect}\n            Principal: ${s.principal}\n            Action:\n${s.actions.map((a) => `              - ${a}`).join('\n')}\n            Resource: "*"`,
  );

const key = fc
  .tuple(fc.constantFrom('AWS::KMS::Key', 'AWS::KMS::ReplicaKey'), fc.array(statement, { maxLength: 3 }), fc.boolean())
  .map(
    ([type, statements, written]) =>
      `    Type: ${type}\n    Properties:\n      Description: "a key # not a comment"\n${written ? `      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n${statements.join('\n')}\n` : ''}`,
  );
const other = fc.constantFrom(
  '    Type: AWS::S3::Bucket\n',
  // Read without the parser (plainResourceType): `!GetAtt Role.Arn` names the role or user all the same.
  '    Type: AWS::IAM::Role\n',
  '    Type: AWS::IAM::User\n    DependsOn: R0\n',
  '    DependsOn: R0\n\n    Type: AWS::IAM::Role\n',
  '    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n',
  '    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: |\n        literal\n\n        text\n',
);
const resource = fc.tuple(fc.oneof(key, other), fc.constantFrom('', '\n', '  # comment\n'));

const template = fc
  .array(resource, { minLength: 1, maxLength: 6 })
  .map(
    (resources) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  AdminArn:\n    Type: String\nResources:\n${resources.map(([body, gap], i) => `  ${i === 1 ? 'Role' : `R${i}`}:\n${body}${gap}`).join('')}Outputs:\n  Out:\n    Value: 1\n`,
  );

test('cutting the Resources section reads every template as parsing it whole does', () => {
  fc.assert(
    fc.property(template, (text) => {
      assert.ok(splitResources(text), 'generated templates are block style');
      // A trailing anchor sends the reader down the whole-text path; it changes nothing else.
      assert.equal(reading(text), reading(`${text}Extra: &anchor 1\n`));
    }),
    { numRuns: 60 },
  );
});

test('layouts the cut does not handle are refused (and parsed whole)', () => {
  assert.equal(splitResources('Resources: {K: {Type: AWS::KMS::Key}}\n'), undefined);
  assert.equal(splitResources('Resources:\n  K:\n    Type: AWS::KMS::Key\n  - odd\n'), undefined);
  assert.equal(splitResources('Resources:\n    K:\n      Type: x\n  L:\n    Type: y\n'), undefined);
  assert.equal(splitResources('Resources:\n  K: &a\n    Type: x\n'), undefined);
  assert.equal(splitResources('Resources:\n  K:\n    Type: x\n---\nResources:\n  L: {}\n'), undefined);
  assert.deepEqual(
    splitResources('Resources:\n  K:\n    Type: x\n\n  # c\n  L:\n    Type: y\nOutputs: {}\n')?.map((b) => b.id),
    ['K', 'L'],
  );
});

test('the cut tells lines by their first characters as the line patterns do: CRLF, tabs, comments, blank lines', () => {
  const ids = (text: string): string[] | undefined => splitResources(text)?.map((b) => `${b.id}@${b.start}-${b.end}`);
  const cases: [string, string, string[] | undefined][] = [
    [
      'CRLF line breaks (a block ends at its last line break, its \\r kept)',
      'Resources:\r\n  K:\r\n    Type: x\r\n  L:\r\n    Type: y\r\n',
      ['K@12-30', 'L@31-49'],
    ],
    ['a comment or blank line at any indentation inside a block', 'Resources:\n  K:\n    Type: x\n# c\n \t \n      # c\n    P: 1\n', ['K@11-54']],
    ['blank lines and comments after a block are not its own', 'Resources:\n  K:\n    Type: x\n   \n  # c\n\n', ['K@11-27']],
    ['tab indentation, kept as the resource indentation', 'Resources:\n\tK:\n\t\tType: x\n\tL:\n\t\tType: y\n', ['K@11-24', 'L@25-38']],
    ['a line indented less than the resources', 'Resources:\n    K:\n      Type: x\n  X: 1\n', undefined],
    ['a line indented with a tab where the resources use spaces', 'Resources:\n  K:\n\tType: x\n', undefined],
    ['a resource line with a value', 'Resources:\n  K: x\n', undefined],
    ['a comment holding a line separator is not blank (as /(#.*)?$/ reads it)', 'Resources:\n  K:\n    Type: x\n  # a\u2028b\n', undefined],
    ['a top-level comment holding a \\r is a top-level line', 'Resources:\n  K:\n    Type: x\n# a\rb\n  L:\n    Type: y\n', ['K@11-27']],
    ['an indented line outside Resources is never read', 'Parameters:\n\t  odd: [\nResources:\n  K:\n    Type: x\n', ['K@33-49']],
    ['a second document after Resources', 'Resources:\n  K:\n    Type: x\n...\n', undefined],
    ['no Resources at all', 'Parameters:\n  P:\n    Type: String\n', undefined],
  ];
  for (const [name, text, expected] of cases) assert.deepEqual(ids(text), expected, name);
});

/** A block's Type as the YAML parser reads it (readTemplate.ts parses a block on its own), or why it cannot. */
function parsedType(text: string, id: string): string | undefined {
  const doc = parseDocument(text, { customTags: CLOUDFORMATION_TAGS, uniqueKeys: false, prettyErrors: false, strict: false });
  if (doc.errors.length > 0) return `errors: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`;
  return stringOf(entryOf(entryOf(fromYaml(doc.contents as Parameters<typeof fromYaml>[0], doc, text), id)?.value, 'Type')?.value);
}

/** plainResourceType on a one-resource template. */
function plainType(body: string): string | undefined {
  const text = `Resources:\n${body}`;
  const blocks = splitResources(text);
  assert.equal(blocks?.length, 1, 'one block');
  return plainResourceType(text, blocks![0]!);
}

test("a resource's Type is read without the parser only in the simplest layout, as the parser reads it", () => {
  const cases: [string, string, string | undefined][] = [
    ['Type alone', '  AppRole:\n    Type: AWS::IAM::Role\n', 'AWS::IAM::Role'],
    ['with other plain entries and a blank line', '  U:\n    DependsOn: AppRole\n\n    Type: AWS::IAM::User\n    DeletionPolicy: Retain\n', 'AWS::IAM::User'],
    ['trailing spaces', '  AppRole:  \n    Type: AWS::IAM::Role  \n', 'AWS::IAM::Role'],
    ['a custom resource type', '  C:\n    Type: Custom::Thing\n', 'Custom::Thing'],
    // Everything else is parsed.
    ['Properties (a nested mapping)', '  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app\n', undefined],
    ['a comment', '  AppRole:\n    Type: AWS::IAM::Role # the app\n', undefined],
    ['a comment on the name line', '  AppRole: # the app\n    Type: AWS::IAM::Role\n', undefined],
    ["CRLF (the parser keeps the \\r of a cut block's last value)", '  AppRole:\r\n    Type: AWS::IAM::Role\r\n', undefined],
    ['a tab after the colon', '  AppRole:\n    Type:\tAWS::IAM::Role\n', undefined],
    ['tab indentation', '\tAppRole:\n\t\tType: AWS::IAM::Role\n', undefined],
    ['entries at two indentations', '  AppRole:\n    Type: AWS::IAM::Role\n     DependsOn: B\n', undefined],
    ['Type twice', '  AppRole:\n    Type: AWS::IAM::User\n    Type: AWS::IAM::Role\n', undefined],
    ['no Type', '  AppRole:\n    DependsOn: B\n', undefined],
    ['a quoted Type', '  AppRole:\n    Type: "AWS::IAM::Role"\n', undefined],
    ['a Type that is not a type name', '  AppRole:\n    Type: Role\n', undefined],
    ['a value ending with a colon (a mapping)', '  AppRole:\n    Type: AWS::IAM::Role\n    DependsOn: B:\n', undefined],
    ['a key YAML reads as a boolean', '  AppRole:\n    Type: AWS::IAM::Role\n    True: x\n', undefined],
    ['a logical id YAML reads as null', '  Null:\n    Type: AWS::IAM::Role\n', undefined],
    ['a logical id that is an intrinsic function key', '  Ref:\n    Type: AWS::IAM::Role\n', undefined],
    ['a one-entry body that is an intrinsic function', '  AppRole:\n    Condition: IsProd\n', undefined],
    ['a flow mapping', '  AppRole:\n    {Type: AWS::IAM::Role}\n', undefined],
  ];
  for (const [name, body, expected] of cases) {
    assert.equal(plainType(body), expected, name);
    // Whatever the shortcut reads, the parser reads the same, without an error.
    if (expected !== undefined) assert.equal(parsedType(body, splitResources(`Resources:\n${body}`)![0]!.id), expected, `${name} (parsed)`);
  }
});

test('a Type read without the parser is the one the parser reads, and the parser finds no error there', () => {
  const word = fc.constantFrom(
    'AWS::IAM::Role',
    'Custom::X',
    'a:b',
    'null',
    'true',
    '1e3',
    '0x1F',
    'x/y',
    'a.b',
    'a-b',
    'a:',
    'a::',
    ':a',
    '12:30',
    'http://x',
    '~',
  );
  const key = fc.constantFrom('Type', 'Type', 'DependsOn', 'Condition', 'True', 'Yes', 'On', 'null', 'y');
  const line = fc.oneof(
    fc.tuple(fc.constantFrom('    ', '    ', '     ', '   '), key, fc.constantFrom(': ', ':  ', ':'), word, fc.constantFrom('', ' ')).map((p) => p.join('')),
    fc.constantFrom('', '   '),
  );
  const block = fc
    .tuple(fc.constantFrom('AppRole', 'Yes', 'On', 'NaN', 'X1'), fc.constantFrom(':', ': '), fc.array(line, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([id, colon, lines, typed]) => ({ id, text: `  ${id}${colon}\n${typed ? '    Type: AWS::IAM::Role\n' : ''}${lines.join('\n')}\n` }));
  let read = 0;
  fc.assert(
    fc.property(block, ({ id, text }) => {
      const type = plainType(text);
      if (type === undefined) return;
      read++;
      assert.equal(parsedType(text.trimEnd(), id), type);
    }),
    { numRuns: 400 },
  );
  assert.ok(read > 20, `the shortcut read ${read} generated blocks`);
});

test('blocks parse as the whole template does with the short tags added to the schema: explicit YAML tags, errors, block after block', () => {
  const keyWith = (i: number, action: string): string =>
    `  K${i}:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: ${action}\n            Resource: "*"\n`;
  const actions = [
    '!!str kms:Decrypt',
    '!!timestamp 2001-12-14',
    '!!binary aGVsbG8=',
    '!!int kms:Decrypt',
    '!!set {kms:Decrypt}',
    '!Sub kms:${A}',
    '[kms:Decrypt',
  ];
  const text = `Resources:\n${actions.map((a, i) => keyWith(i, a)).join('')}`;
  assert.ok(splitResources(text), 'cut');
  assert.equal(reading(text), reading(`${text}Extra: &anchor 1\n`));
});
