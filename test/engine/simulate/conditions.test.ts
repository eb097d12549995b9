import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from '../../../server/src/engine/simulate/conditions/match';
import { parseCidr, parseIp, cidrContains } from '../../../server/src/engine/catalog';
import { parseDate } from '../../../server/src/engine/simulate/conditions/dates';
import { compileArnPattern, arnMatches } from '../../../server/src/engine/simulate/conditions/arn';
import { normaliseValue } from '../../../server/src/engine/simulate/conditions/values';
import { NO_LOOKUP } from '../../../server/src/engine/simulate/conditions/variables';
import { allOperators, formatOperator, parseOperator, readOperator } from '../../../server/src/engine/catalog';

type Ctx = Record<string, string[]>;

/** Evaluates `operator: { key: values }` against a request value list (undefined = key absent). */
function holds(operator: string, values: (string | number | boolean)[], request: string[] | undefined, ctx: Ctx = {}, variables = true): boolean {
  const c = compileCondition(readOperator(operator), 'k', values, variables);
  return evaluateCondition(c, request, { get: (k: string) => ctx[k] }).holds;
}

test('the operator table reads every base operator, qualifier and IfExists', () => {
  assert.equal(allOperators().length, 27);
  const op = readOperator('ForAnyValue:StringNotLikeIfExists');
  assert.deepEqual(
    {
      base: op.base,
      family: op.family,
      wildcards: op.wildcards,
      negated: op.negated,
      ifExists: op.ifExists,
      qualifier: op.qualifier,
      known: op.known,
      valid: op.valid,
    },
    {
      base: 'StringNotLike',
      family: 'String',
      wildcards: true,
      negated: true,
      ifExists: true,
      qualifier: 'ForAnyValue',
      known: true,
      valid: true,
    },
  );
  assert.equal(readOperator('NumericLessThanEquals').comparison, 'lessThanEquals');
  assert.deepEqual([readOperator('StringEqualz').known, readOperator('StringEqualz').valid], [false, false]);
  assert.deepEqual(
    [readOperator('NullIfExists').known, readOperator('NullIfExists').valid],
    [true, false],
    'Null…IfExists reads (KP410 explains it) but never holds',
  );
  assert.equal(readOperator('Foo:StringEquals').known, false, 'an unknown qualifier makes the operator unknown');
  assert.equal(readOperator('stringequals').valid, false, 'operator names are exact');
});

test('an unknown operator never holds, even when negated-looking or the key is absent', () => {
  assert.equal(holds('StringEqualz', ['a'], ['a']), false);
  assert.equal(holds('StringNotEqualz', ['a'], undefined), false);
  assert.equal(holds('NullIfExists', ['true'], undefined), false);
});

test('StringEquals / StringNotEquals: exact, case-sensitive, * literal, OR over values', () => {
  assert.equal(holds('StringEquals', ['a', 'b'], ['b']), true);
  assert.equal(holds('StringEquals', ['a'], ['A']), false);
  assert.equal(holds('StringEquals', ['a*'], ['abc']), false);
  assert.equal(holds('StringEquals', ['a*'], ['a*']), true);
  assert.equal(holds('StringNotEquals', ['a', 'b'], ['b']), false);
  assert.equal(holds('StringNotEquals', ['a', 'b'], ['c']), true);
});

test('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase ignore case', () => {
  assert.equal(holds('StringEqualsIgnoreCase', ['Dept'], ['dEPT']), true);
  assert.equal(holds('StringNotEqualsIgnoreCase', ['Dept'], ['DEPT']), false);
  assert.equal(holds('StringNotEqualsIgnoreCase', ['Dept'], ['Other']), true);
});

test('StringLike / StringNotLike glob case-sensitively with * and ?', () => {
  assert.equal(holds('StringLike', ['s3.*.amazonaws.com'], ['s3.us-east-1.amazonaws.com']), true);
  assert.equal(holds('StringLike', ['a?c'], ['abc']), true);
  assert.equal(holds('StringLike', ['a?c'], ['abbc']), false);
  assert.equal(holds('StringLike', ['A*'], ['abc']), false);
  assert.equal(holds('StringLike', ['a.c'], ['abc']), false, 'regex characters are literal');
  assert.equal(holds('StringNotLike', ['a*'], ['abc']), false);
  assert.equal(holds('StringNotLike', ['a*'], ['xbc']), true);
});

test('Numeric operators: integers, decimals, quoted values; non-numbers never match', () => {
  assert.equal(holds('NumericEquals', ['10'], ['10.0']), true);
  assert.equal(holds('NumericEquals', [10], ['10']), true);
  assert.equal(holds('NumericNotEquals', ['10'], ['11']), true);
  assert.equal(holds('NumericLessThan', ['10'], ['9.5']), true);
  assert.equal(holds('NumericLessThan', ['10'], ['10']), false);
  assert.equal(holds('NumericLessThanEquals', ['10'], ['10']), true);
  assert.equal(holds('NumericGreaterThan', ['10'], ['10']), false);
  assert.equal(holds('NumericGreaterThan', ['10'], ['11']), true);
  assert.equal(holds('NumericGreaterThanEquals', ['10'], ['10']), true);
  assert.equal(holds('NumericEquals', ['10'], ['ten']), false);
  assert.equal(holds('NumericNotEquals', ['10'], ['ten']), true, 'a negated operator holds when nothing matches');
  assert.equal(holds('NumericEquals', ['x'], ['10']), false, 'an unreadable policy value matches nothing');
});

test('Date operators: ISO 8601 forms and epoch seconds', () => {
  assert.equal(holds('DateEquals', ['2020-01-01T00:00:00Z'], ['1577836800']), true);
  assert.equal(holds('DateNotEquals', ['2020-01-01T00:00:00Z'], ['2020-01-01T00:00:01Z']), true);
  assert.equal(holds('DateLessThan', ['2020-01-01'], ['2019-12-31T23:59:59Z']), true);
  assert.equal(holds('DateLessThanEquals', ['2020-01-01'], ['2020-01-01T00:00:00Z']), true);
  assert.equal(holds('DateGreaterThan', ['2020-01-01T00:00:00+01:00'], ['2019-12-31T23:30:00Z']), true);
  assert.equal(holds('DateGreaterThanEquals', ['2020-01-01'], ['2019-06-01']), false);
  assert.equal(parseDate('2020-02-30T25:00:00Z'), undefined);
  assert.equal(parseDate('2020-01-01T00:00:00.500Z'), Date.UTC(2020, 0, 1) + 500);
  assert.equal(parseDate('yesterday'), undefined);
});

test('Bool compares true/false without case; BoolIfExists', () => {
  assert.equal(holds('Bool', ['true'], ['TRUE']), true);
  assert.equal(holds('Bool', [true], ['true']), true);
  assert.equal(holds('Bool', ['true'], ['false']), false);
  assert.equal(holds('Bool', ['true'], undefined), false);
  assert.equal(holds('BoolIfExists', ['false'], undefined), true);
  assert.equal(holds('BoolIfExists', ['false'], ['true']), false);
});

test('BinaryEquals compares the base64 text', () => {
  assert.equal(holds('BinaryEquals', ['QmluYXJ5'], ['QmluYXJ5']), true);
  assert.equal(holds('BinaryEquals', ['QmluYXJ5'], ['QmluYXJ6']), false);
  assert.equal(holds('BinaryEquals', ['QmluYXJ5'], undefined), false);
});

test('IpAddress / NotIpAddress: CIDR v4 and v6, bare addresses, mapped IPv4', () => {
  assert.equal(holds('IpAddress', ['203.0.113.0/24'], ['203.0.113.7']), true);
  assert.equal(holds('IpAddress', ['203.0.113.0/24'], ['203.0.114.7']), false);
  assert.equal(holds('IpAddress', ['203.0.113.7'], ['203.0.113.7']), true, 'a bare address is a /32');
  assert.equal(holds('IpAddress', ['2001:db8::/32'], ['2001:db8:1234::1']), true);
  assert.equal(holds('IpAddress', ['2001:db8::/32'], ['2001:db9::1']), false);
  assert.equal(holds('IpAddress', ['203.0.113.0/24'], ['::ffff:203.0.113.9']), true);
  assert.equal(holds('IpAddress', ['0.0.0.0/0'], ['2001:db8::1']), false, 'v4 ranges never match v6 addresses');
  assert.equal(holds('NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], ['192.168.1.1']), false);
  assert.equal(holds('NotIpAddress', ['10.0.0.0/8'], ['11.0.0.1']), true);
  assert.equal(holds('IpAddress', ['10.0.0.0/33'], ['10.0.0.1']), false, 'a bad range matches nothing');
  assert.deepEqual(parseCidr('10.1.2.3/8'), { version: 4, network: 0x0a000000n, prefix: 8, mask: 0xff000000n });
  assert.equal(parseIp('256.0.0.1'), undefined);
  assert.equal(parseIp('1::2::3'), undefined);
  assert.equal(cidrContains(parseCidr('::/0')!, parseIp('::1')!), true);
});

test('ArnEquals ≡ ArnLike, part by part, case-sensitive, wildcards within one part', () => {
  const role = 'arn:aws:iam::111122223333:role/Admin';
  for (const op of ['ArnEquals', 'ArnLike']) {
    assert.equal(holds(op, ['arn:aws:iam::111122223333:role/*'], [role]), true, op);
    assert.equal(holds(op, ['arn:aws:iam::*:role/Admin'], [role]), true, op);
    assert.equal(holds(op, ['arn:aws:iam::111122223333:role/admin'], [role]), false, op);
    assert.equal(holds(op, ['arn:*:role/Admin'], [role]), false, `${op}: a wildcard does not cross colons`);
  }
  for (const op of ['ArnNotEquals', 'ArnNotLike']) {
    assert.equal(holds(op, ['arn:aws:iam::111122223333:role/*'], [role]), false, op);
    assert.equal(holds(op, ['arn:aws:iam::444455556666:*'], [role]), true, op);
  }
  assert.equal(
    arnMatches(compileArnPattern('arn:aws:logs:us-east-1:111122223333:log-group:*'), 'arn:aws:logs:us-east-1:111122223333:log-group:a:b'),
    true,
    'the resource part keeps its colons',
  );
  assert.equal(holds('ArnLike', ['arn:aws:iam::*'], [role]), false, 'a pattern with fewer than six parts matches nothing');
  assert.equal(holds('ArnLike', ['*'], ['not-an-arn']), false, 'a value that is not an ARN matches nothing');
});

test('missing keys: positive false, negated true, IfExists true, Null true', () => {
  const positives = [
    'StringEquals',
    'StringEqualsIgnoreCase',
    'StringLike',
    'NumericEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'ArnEquals',
    'ArnLike',
  ];
  const negatives = [
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'NumericNotEquals',
    'DateNotEquals',
    'NotIpAddress',
    'ArnNotEquals',
    'ArnNotLike',
  ];
  for (const op of positives) {
    assert.equal(holds(op, ['1'], undefined), false, op);
    assert.equal(holds(`${op}IfExists`, ['1'], undefined), true, `${op}IfExists`);
  }
  for (const op of negatives) {
    assert.equal(holds(op, ['1'], undefined), true, op);
    assert.equal(holds(`${op}IfExists`, ['1'], undefined), true, `${op}IfExists (a Deny with it still denies)`);
  }
  assert.equal(holds('Null', ['true'], undefined), true);
  assert.equal(holds('Null', ['false'], undefined), false);
  assert.equal(holds('Null', ['true'], ['x']), false);
  assert.equal(holds('Null', [false], ['x']), true);
});

test('IfExists applies the operator when the key is present', () => {
  assert.equal(holds('StringEqualsIfExists', ['a'], ['b']), false);
  assert.equal(holds('StringNotEqualsIfExists', ['a'], ['a']), false);
  assert.equal(holds('NumericLessThanIfExists', ['5'], ['4']), true);
});

test('an empty string and an empty list count as absent', () => {
  assert.equal(normaliseValue(''), undefined);
  assert.equal(normaliseValue([]), undefined);
  assert.deepEqual(normaliseValue([1, true, 'x']), ['1', 'true', 'x']);
  assert.equal(holds('StringEquals', [''], normaliseValue('') as string[] | undefined), false);
});

test('ForAllValues: every request value matches; true when the key is absent', () => {
  assert.equal(holds('ForAllValues:StringEquals', ['a', 'b'], ['a', 'b']), true);
  assert.equal(holds('ForAllValues:StringEquals', ['a', 'b'], ['a', 'c']), false);
  assert.equal(holds('ForAllValues:StringEquals', ['a'], undefined), true);
  assert.equal(holds('ForAllValues:StringNotEquals', ['a'], ['b', 'c']), true);
  assert.equal(holds('ForAllValues:StringNotEquals', ['a'], ['a', 'c']), false);
  assert.equal(holds('ForAllValues:StringLikeIfExists', ['x*'], undefined), true);
});

test('ForAnyValue: some request value matches; false when the key is absent', () => {
  assert.equal(holds('ForAnyValue:StringEquals', ['a'], ['b', 'a']), true);
  assert.equal(holds('ForAnyValue:StringEquals', ['a'], ['b', 'c']), false);
  assert.equal(holds('ForAnyValue:StringEquals', ['a'], undefined), false);
  assert.equal(holds('ForAnyValue:StringNotEquals', ['a'], ['a', 'b']), true);
  assert.equal(holds('ForAnyValue:StringNotEquals', ['a'], ['a']), false);
  assert.equal(holds('ForAnyValue:StringEqualsIfExists', ['a'], undefined), true);
});

test('a plain operator on several request values reads as "some value", flagged indeterminate', () => {
  const c = compileCondition(readOperator('StringEquals'), 'aws:CalledVia', ['a'], true);
  assert.deepEqual(evaluateCondition(c, ['b', 'a'], NO_LOOKUP), { holds: true, indeterminate: true });
  const n = compileCondition(readOperator('StringNotEquals'), 'aws:CalledVia', ['a'], true);
  assert.deepEqual(evaluateCondition(n, ['b', 'a'], NO_LOOKUP), { holds: false, indeterminate: true });
});

test('an empty policy value list: positive never matches, IfExists only when absent', () => {
  assert.equal(holds('StringEquals', [], ['a']), false);
  assert.equal(holds('ForAnyValue:StringEquals', [], ['a']), false);
  assert.equal(holds('StringEqualsIfExists', [], undefined), true);
  assert.equal(holds('StringEqualsIfExists', [], ['a']), false);
  assert.equal(holds('ForAllValues:StringEquals', [], undefined), true);
  assert.equal(holds('ForAllValues:StringEquals', [], ['a']), false);
});

test('policy variables resolve from the request, with defaults and escapes', () => {
  const ctx: Ctx = { 'aws:username': ['alice'], 'aws:principaltag/team': ['blue'] };
  assert.equal(holds('StringEquals', ['${aws:username}'], ['alice'], ctx), true);
  assert.equal(holds('StringEquals', ['${aws:username}'], ['bob'], ctx), false);
  assert.equal(holds('StringLike', ['home/${aws:username}/*'], ['home/alice/x'], ctx), true);
  assert.equal(holds('StringEquals', ['team-${aws:PrincipalTag/team}'], ['team-blue'], ctx), true);
  assert.equal(holds('StringEquals', ["${aws:PrincipalTag/dept, 'none'}"], ['none'], ctx), true, 'default used when the key is absent');
  assert.equal(holds('StringEquals', ['${aws:PrincipalTag/dept}'], ['${aws:PrincipalTag/dept}'], ctx), false, 'unresolved: matches nothing');
  assert.equal(holds('StringNotEquals', ['${aws:PrincipalTag/dept}'], ['x'], ctx), true, 'unresolved: a negated operator matches');
  assert.equal(holds('StringLike', ['a${*}'], ['a*'], ctx), true, '${*} is a literal star');
  assert.equal(holds('StringLike', ['a${*}'], ['abc'], ctx), false);
  assert.equal(holds('StringEquals', ['${$}x'], ['$x'], ctx), true);
  assert.equal(holds('ArnLike', ['arn:aws:iam::111122223333:user/${aws:username}'], ['arn:aws:iam::111122223333:user/alice'], ctx), true);
});

test('a substituted variable value is literal, never a glob', () => {
  const ctx: Ctx = { 'aws:principaltag/p': ['a*'] };
  assert.equal(holds('StringLike', ['${aws:PrincipalTag/p}'], ['abc'], ctx), false);
  assert.equal(holds('StringLike', ['${aws:PrincipalTag/p}'], ['a*'], ctx), true);
});

test('variables stay literal without Version 2012-10-17 and in Numeric/Date/IP operators', () => {
  const ctx: Ctx = { 'aws:username': ['alice'] };
  assert.equal(holds('StringEquals', ['${aws:username}'], ['${aws:username}'], ctx, false), true);
  assert.equal(holds('StringEquals', ['${aws:username}'], ['alice'], ctx, false), false);
  assert.equal(holds('NumericEquals', ['${aws:username}'], ['1'], ctx), false);
});

test('a multi-valued key cannot fill a variable', () => {
  const ctx: Ctx = { 'aws:calledvia': ['a', 'b'] };
  assert.equal(holds('StringEquals', ['${aws:CalledVia}'], ['a'], ctx), false);
});

test('one operator reading: every operator, qualifier and IfExists reads back to its text; parseOperator is its valid subset', () => {
  const texts: string[] = [];
  for (const op of allOperators()) for (const q of ['', 'ForAllValues:', 'ForAnyValue:']) for (const x of ['', 'IfExists']) texts.push(`${q}${op.name}${x}`);
  texts.push('StringEqualz', 'stringEquals', 'ForSomeValues:StringEquals', 'IfExists');
  for (const t of texts) {
    const reading = readOperator(t);
    assert.equal(parseOperator(t) !== undefined, reading.valid, t);
    if (!reading.known) continue;
    assert.equal(formatOperator(reading), t, `${t} reads back`);
    assert.equal(reading.negated, reading.info?.negated, `${t} negated`);
    assert.equal(reading.valid, !(reading.family === 'Null' && reading.ifExists), `${t} valid`);
  }
});

test('operator and key names that are Object.prototype members are just unknown', () => {
  for (const t of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    assert.equal(readOperator(t).valid, false, t);
    assert.equal(holds(t, ['a'], ['a']), false, t);
  }
});

test('shared compiled conditions: one string value that spells JSON is not confused with a list, nor Versions with each other', () => {
  const op = readOperator('StringEquals');
  const asString = compileCondition(op, 'kms:CallerAccount', ['[1]'], true);
  const asNumber = compileCondition(op, 'kms:CallerAccount', [1], true);
  assert.deepEqual(asString.values, ['[1]']);
  assert.deepEqual(asNumber.values, ['1']);
  assert.equal(compileCondition(op, 'kms:CallerAccount', ['[1]'], true), asString, 'the same entry is shared');
  const withVariables = compileCondition(op, 'aws:PrincipalTag/team', ['${aws:username}'], true);
  const without = compileCondition(op, 'aws:PrincipalTag/team', ['${aws:username}'], false);
  assert.notEqual(withVariables, without);
  assert.equal(withVariables.dynamic, true);
  assert.equal(without.dynamic, false);
});
