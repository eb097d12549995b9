/**
 * The YAML template reader cuts a block-style Resources section into one text per resource and parses only the
 * keys (yamlBlocks.ts). That must read every template exactly as parsing the whole text does: checked on
 * generated templates, against a run forced onto the whole-text path (an anchor anywhere refuses the cut).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPolicyService } from '../../../server/src/engine';
import { splitResources } from '../../../server/src/engine/parse/cloudformation/yamlBlocks';

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
