import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByObject, memoByText } from '../../server/src/engine/memo';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';
import { createPolicyService } from '../../server/src/engine/index';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

test('memoByObject computes once per object, keeps undefined results, and separate memos do not mix', () => {
  let calls = 0;
  const nothing = memoByObject((_: object) => {
    calls++;
    return undefined;
  });
  const size = memoByObject((o: { n: number }) => o.n * 2);
  const a = { n: 1 };
  const b = { n: 2 };
  assert.equal(nothing(a), undefined);
  assert.equal(nothing(a), undefined);
  assert.equal(calls, 1);
  assert.equal(size(a), 2);
  assert.equal(size(b), 4);
  assert.equal(nothing(b), undefined);
  assert.equal(calls, 2);
});

test('memoByObject leaves no visible trace on the model: keys, JSON and deep equality are unchanged', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}';
  const used = parsePolicy(text);
  const fresh = parsePolicy(text);
  const statement = used.policy!.statements[0]!;
  const keys = Object.keys(statement);
  const actions = memoByObject((s: typeof statement) => s.action?.items.map((i) => i.value));
  assert.deepEqual(actions(statement), ['kms:Decrypt']);
  assert.strictEqual(actions(statement), actions(statement));
  assert.deepEqual(Object.keys(statement), keys);
  assert.deepStrictEqual(statement, fresh.policy!.statements[0]!);
  assert.equal(JSON.stringify(statement.span), JSON.stringify(fresh.policy!.statements[0]!.span));
});

test('memoByText computes once per text and stays bounded', () => {
  let calls = 0;
  const upper = memoByText((t) => {
    calls++;
    return t.toUpperCase();
  }, 3);
  assert.equal(upper('a'), 'A');
  assert.equal(upper('a'), 'A');
  assert.equal(calls, 1);
  for (const t of ['b', 'c', 'd', 'e']) upper(t);
  assert.equal(calls, 5);
  assert.equal(upper('a'), 'A');
  assert.equal(calls, 6, 'the full map was emptied, so "a" is computed again');
});

test('memoByObject still answers for a frozen object (it just cannot keep the value)', () => {
  let calls = 0;
  const double = memoByObject((o: { n: number }) => {
    calls++;
    return o.n * 2;
  });
  const frozen = Object.freeze({ n: 21 });
  assert.equal(double(frozen), 42);
  assert.equal(double(frozen), 42);
  assert.equal(calls, 2);
});

test('memoByText keeps an undefined answer too, and never keeps a text longer than its bound', () => {
  let calls = 0;
  const unknown = memoByText(
    (_t: string): string | undefined => {
      calls++;
      return undefined;
    },
    10,
    8,
  );
  assert.equal(unknown('nope'), undefined);
  assert.equal(unknown('nope'), undefined);
  assert.equal(calls, 1, 'an undefined answer is kept');
  const long = 'x'.repeat(9);
  unknown(long);
  unknown(long);
  assert.equal(calls, 3, 'a text over the bound is computed each time');
});

test('the shared caches keep no policy text alive (V8 strings cut from a text are views into it)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const service = createPolicyService({ context: { account: '111122223333' } });
  // Each policy is ~60 KB (a long Id; the engine reads at most 64 KB) and writes strings of its own where the
  // caches keep them: action patterns, condition keys and values, resources, principals, a repeated action list.
  const policy = (n: number): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Id: `${n}-${'x'.repeat(60 * 1024)}`,
      Statement: [0, 1].map(() => ({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::111122223333:role/reader-number-${n}` },
        Action: [`kms:Decrypt*${n}`, `kms:GenerateDataKey${n}`, 'kms:Describe*'],
        Resource: `arn:aws:kms:us-east-1:111122223333:key/key-number-${n}`,
        Condition: {
          StringEquals: {
            [`kms:EncryptionContext:tenant-${n}`]: `tenant-number-${n}`,
            'kms:ViaService': `s3-${n}.us-east-1.amazonaws.com`,
          },
        },
      })),
    });
  const before = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const lintSome = (from: number): void => {
    for (let n = from; n < from + 160; n++) {
      const doc = service.parse(policy(n));
      service.lint(doc);
      service.whoCan(doc, ['kms:Decrypt']);
    }
  };
  lintSome(0); // warm every cache and compiled function first
  const start = before();
  lintSome(1000);
  const grown = before() - start;
  // 160 texts of 60 KB would be 10 MB; the caches' own entries are a few hundred KB.
  assert.ok(grown < 3 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MB after linting 160 policies of 60 KB`);
});
