import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPolicyService } from '../../server/src/engine';

const service = createPolicyService();

const policyArb = fc.record({
  Version: fc.oneof(fc.constant('2012-10-17'), fc.string(), fc.integer()),
  Statement: fc.array(
    fc.record(
      {
        Sid: fc.oneof(fc.string(), fc.integer()),
        Effect: fc.constantFrom('Allow', 'Deny', 'allow', 3),
        Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(fc.string(), fc.array(fc.string())) }), fc.jsonValue()),
        Action: fc.oneof(fc.constantFrom('kms:*', 'kms:Decrypt', 'kms:Foo'), fc.array(fc.string()), fc.jsonValue()),
        Resource: fc.oneof(fc.constant('*'), fc.jsonValue()),
        Condition: fc.oneof(
          fc.dictionary(
            fc.constantFrom('StringEquals', 'ForAnyValue:StringLike', 'Bool', 'Null', 'Nope'),
            fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), fc.jsonValue())),
          ),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 4 },
  ),
});

/** Applies a random mutation to text: delete, insert junk, or truncate. */
const mutated = (base: fc.Arbitrary<string>) =>
  fc
    .tuple(base, fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('delete', 'insert', 'truncate'))
    .map(([t, a, b, junk, op]) => {
      const i = t.length === 0 ? 0 : a % t.length;
      if (op === 'delete') return t.slice(0, i) + t.slice(i + (b % 10));
      if (op === 'insert') return t.slice(0, i) + junk + t.slice(i);
      return t.slice(0, i);
    });

function mustNotThrow(text: string): void {
  const doc = service.parse(text);
  const result = service.lint(doc);
  assert.deepEqual(result.failures, [], `a rule threw on ${JSON.stringify(text).slice(0, 200)}`);
  for (const f of result.findings) {
    assert.ok(f.at.offset >= 0 && f.at.offset + f.at.length <= text.length, `finding ${f.code} out of range`);
  }
  service.validate(doc);
}

test('property: random policies never throw and every finding lies within the text', () => {
  fc.assert(
    fc.property(
      policyArb.map((p) => JSON.stringify(p, null, 1)),
      mustNotThrow,
    ),
    { numRuns: 400 },
  );
});

test('property: mutated policies never throw', () => {
  fc.assert(fc.property(mutated(policyArb.map((p) => JSON.stringify(p))), mustNotThrow), { numRuns: 600 });
});

test('property: arbitrary strings and binary junk never throw', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), mustNotThrow), { numRuns: 400 });
  fc.assert(fc.property(fc.json(), mustNotThrow), { numRuns: 300 });
});

test('a 10 MB document parses and lints without throwing', () => {
  const statement = {
    Sid: 'S',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:role/R' },
    Action: ['kms:Decrypt', 'kms:Encrypt'],
    Resource: '*',
  };
  const big = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 90_000 }, (_, i) => ({ ...statement, Sid: `S${i}` })),
  });
  assert.ok(big.length > 10_000_000);
  mustNotThrow(big);
});
