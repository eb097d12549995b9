/**
 * The template readers never throw and never hang, whatever the text: random text and real templates (the
 * fixtures) mutated at random — bytes deleted, junk inserted, cut short — go through every feature (parse, lint,
 * lenses and their answers, outline, hover and completion at random places). Deep nesting is bounded too.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { PolicyService } from '../../../server/src/engine';
import { terraformService } from './terraformGrammar';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/iac');
const sample = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');

let service: PolicyService;
before(async () => {
  service = await terraformService();
});

/** The longest any one text may take through every feature (a hang shows as a failure, not a stuck run). */
const BUDGET_MS = 10_000;

/** Runs every feature on the text, read as the given file. */
function exercise(text: string, uri: string, offsets: readonly number[]): void {
  const started = Date.now();
  const doc = service.parse(text, uri, { readFile: () => '{"Statement": [${x}]}' });
  service.validate(doc);
  const lint = service.lint(doc);
  service.symbols(doc);
  for (const lens of service.codeLenses(doc)) if (lens.data) service.resolveCodeLens(doc, lens, 'cmd', uri);
  for (const o of offsets) {
    const at = text.length === 0 ? 0 : o % (text.length + 1);
    service.hover(doc, at, lint);
    service.complete(doc, at);
    service.codeActions(doc, at, at, uri, lint);
  }
  for (const k of service.keys(doc)) service.keyReport(k, 'administer');
  assert.ok(Date.now() - started < BUDGET_MS, `${uri}: ${Date.now() - started} ms`);
}

/** Applies a random mutation to text: delete, insert junk, or truncate. */
const mutated = (base: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('delete', 'insert', 'truncate', 'junk-line'))
    .map(([a, b, junk, op]) => {
      const i = base.length === 0 ? 0 : a % base.length;
      if (op === 'delete') return base.slice(0, i) + base.slice(i + (b % 40));
      if (op === 'insert') return base.slice(0, i) + junk + base.slice(i);
      if (op === 'junk-line') return `${base.slice(0, i)}\n${junk}: [{\n${base.slice(i)}`;
      return base.slice(0, i);
    });

const YAML = sample('cloudformation/widdix_aws-cf-templates/security__kms-key.yaml');
const JSON_TEMPLATE = sample('cloudformation/aws-cloudformation_aws-cloudformation-templates/ECS__ECS_Schedule_Example.json');
const TF = sample('terraform/aws-samples_aws-security-reference-architecture-examples/aws_sra_examples__terraform__common__secrets_kms__main.tf');
const HEREDOC = sample('terraform/bridgecrewio_checkov/tests__terraform__checks__resource__aws__example_KMSKeyWildcardPrincipal__fail.tf');
const offsets = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });

test('mutated YAML templates', () => {
  fc.assert(
    fc.property(fc.array(mutated(YAML), { minLength: 1, maxLength: 1 }), offsets, ([t], o) => exercise(t as string, 'file:///f.yaml', o)),
    { numRuns: 60 },
  );
});

test('mutated JSON templates', () => {
  fc.assert(
    fc.property(mutated(JSON_TEMPLATE), offsets, (t, o) => exercise(t, 'file:///f.template.json', o)),
    { numRuns: 40 },
  );
});

test('mutated Terraform files (jsonencode, policy documents, heredocs)', () => {
  fc.assert(
    fc.property(fc.oneof(mutated(TF), mutated(HEREDOC)), offsets, (t, o) => exercise(t, 'file:///main.tf', o)),
    { numRuns: 60 },
  );
});

test('random text as YAML, Terraform and a plan', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({
      unit: fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ':',
        '=',
        '\n',
        ' ',
        '-',
        '!',
        'a',
        '$',
        '<<',
        'AWS::KMS::Key',
        'aws_kms_key',
        'KeyPolicy',
        'policy',
        'jsonencode(',
      ),
    }),
  );
  fc.assert(
    fc.property(text, offsets, (t, o) => {
      exercise(t, 'file:///r.yaml', o);
      exercise(t, 'file:///r.tf', o);
      exercise(`{"format_version": "1.2", "planned_values": ${t}}`, 'file:///plan.json', o);
    }),
    { numRuns: 60 },
  );
});

test('deep nesting is bounded in every reader', () => {
  const depth = 20_000;
  exercise(`Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: ${'['.repeat(depth)}\n`, 'file:///deep.yaml', [50]);
  exercise(`resource "aws_kms_key" "k" {\n  policy = jsonencode(${'['.repeat(depth)}${']'.repeat(depth)})\n}\n`, 'file:///deep.tf', [40]);
  exercise(`resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = ${'{ a = '.repeat(2000)}1${' }'.repeat(2000)} })\n}\n`, 'file:///deep2.tf', [40]);
  exercise(
    `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}}`,
    'file:///deep.json',
    [40],
  );
});
