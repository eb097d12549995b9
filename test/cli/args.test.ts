/** The CLI's argument parser, in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allValues, lastValue, parseArgs, UsageError, type OptionSpec } from '../../server/src/cli/args';

const SPECS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', description: '' },
  { name: 'rule', value: 'R', repeatable: true, description: '' },
  { name: 'quiet', short: 'q', description: '' },
  { name: 'max-warnings', value: 'N', description: '' },
];

test('long, short, inline and separate values; flags; positionals; - and --', () => {
  const a = parseArgs(['-q', 'a.json', '--format', 'json', '-fsarif', '--rule=KP1=off', '--rule', 'KP2=error', '-', '--', '--not-an-option'], SPECS);
  assert.equal(lastValue(a, 'format'), 'sarif');
  assert.deepEqual(allValues(a, 'rule'), ['KP1=off', 'KP2=error']);
  assert.ok(a.flags.has('quiet'));
  assert.deepEqual(a.positionals, ['a.json', '-', '--not-an-option']);
});

test('a non-repeatable option keeps the last value; a negative number is a value', () => {
  const a = parseArgs(['--format', 'text', '--format', 'json', '--max-warnings', '-3'], SPECS);
  assert.deepEqual(a.values.get('format'), ['json']);
  assert.equal(lastValue(a, 'max-warnings'), '-3');
});

test('mistakes throw UsageError with the exact message', () => {
  const cases: [string[], string][] = [
    [['--nope'], 'unknown option --nope'],
    [['--quite'], 'unknown option --quite (did you mean --quiet?)'],
    [['-x'], 'unknown option -x'],
    [['-qx'], 'unknown option -qx'],
    [['--format'], 'option --format needs a value (FORMAT)'],
    [['--format', '--quiet'], 'option --format needs a value (FORMAT)'],
    [['--quiet=1'], 'option --quiet does not take a value'],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseArgs(argv, SPECS),
      (e: unknown) => e instanceof UsageError && e.message === message,
      argv.join(' '),
    );
  }
});
