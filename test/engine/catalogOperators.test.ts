/**
 * The condition-operator table and its grammar `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allOperators, checkOperator, findOperator, parseOperator, suggestOperators } from '../../server/src/engine/catalog/index';

test('the table has every IAM condition operator exactly once', () => {
  const names = allOperators().map((o) => o.name);
  assert.equal(names.length, 27);
  assert.equal(new Set(names).size, names.length);
  for (const n of ['StringEqualsIgnoreCase', 'NumericGreaterThanEquals', 'DateLessThan', 'Bool', 'BinaryEquals', 'NotIpAddress', 'ArnNotLike', 'Null']) {
    assert.ok(names.includes(n), n);
  }
});

test('parseOperator reads qualifier, base and IfExists', () => {
  const p = parseOperator('ForAnyValue:StringNotLikeIfExists');
  assert.ok(p);
  assert.equal(p.qualifier, 'ForAnyValue');
  assert.equal(p.base, 'StringNotLike');
  assert.equal(p.ifExists, true);
  assert.equal(p.info.family, 'String');
  assert.equal(p.info.negated, true);
  assert.equal(p.info.wildcards, true);
  const plain = parseOperator('StringEquals');
  assert.equal(plain?.qualifier, undefined);
  assert.equal(plain?.ifExists, false);
  assert.equal(parseOperator('ForAllValues:StringEquals')?.qualifier, 'ForAllValues');
  assert.equal(parseOperator('NumericLessThanIfExists')?.base, 'NumericLessThan');
  assert.equal(parseOperator('Null')?.info.ifExists, false);
});

test('parseOperator rejects unknown names, wrong case, bad qualifiers and Null…IfExists', () => {
  for (const bad of [
    '',
    'StringEqual',
    'stringequals',
    'ForAllValue:StringEquals',
    'forallvalues:StringEquals',
    'NullIfExists',
    'ForAnyValue:',
    'IfExists',
    'StringEquals:IfExists',
    'BinaryNotEquals',
  ]) {
    assert.equal(parseOperator(bad), undefined, bad);
  }
});

test('operator facts: negation, wildcards, variables, IfExists', () => {
  const get = (n: string) => {
    const o = findOperator(n);
    assert.ok(o, n);
    return o;
  };
  assert.equal(get('StringEquals').wildcards, false);
  assert.equal(get('StringLike').wildcards, true);
  assert.equal(get('ArnEquals').wildcards, true, 'ArnEquals globs like ArnLike');
  assert.equal(get('StringEqualsIgnoreCase').ignoresCase, true);
  assert.equal(get('NotIpAddress').negated, true);
  assert.equal(get('IpAddress').negated, false);
  assert.equal(get('DateNotEquals').negated, true);
  assert.equal(get('StringLike').variables, 'yes');
  assert.equal(get('ArnLike').variables, 'yes');
  assert.equal(get('NumericEquals').variables, 'no');
  assert.equal(get('Bool').variables, 'disputed');
  for (const o of allOperators()) {
    assert.equal(o.ifExists, o.name !== 'Null', o.name);
    assert.equal(o.setQualifiers, o.name !== 'Null', o.name);
  }
  assert.equal(parseOperator('ForAllValues:Null')?.info.setQualifiers, false, 'parses, but the qualifier is pointless');
  assert.equal(findOperator('stringequals'), undefined);
});

test('complements follow SEMANTICS §3', () => {
  assert.deepEqual(findOperator('StringEquals')?.complement, { operator: 'StringNotEquals', orAbsent: false, invertValue: false });
  assert.deepEqual(findOperator('NotIpAddress')?.complement, { operator: 'IpAddress', orAbsent: false, invertValue: false });
  assert.deepEqual(findOperator('NumericLessThan')?.complement, {
    operator: 'NumericGreaterThanEquals',
    orAbsent: true,
    invertValue: false,
  });
  assert.deepEqual(findOperator('DateGreaterThan')?.complement, { operator: 'DateLessThanEquals', orAbsent: true, invertValue: false });
  assert.deepEqual(findOperator('Bool')?.complement, { operator: 'Bool', orAbsent: true, invertValue: true });
  assert.deepEqual(findOperator('Null')?.complement, { operator: 'Null', orAbsent: false, invertValue: true });
  assert.equal(findOperator('BinaryEquals')?.complement, undefined);
  // Every complement names a real operator of the same family, and exact complements are mutual.
  for (const o of allOperators()) {
    if (!o.complement) continue;
    const c = findOperator(o.complement.operator);
    assert.ok(c, `${o.name} → ${o.complement.operator}`);
    assert.equal(c.family, o.family);
    if (!o.complement.orAbsent && !o.complement.invertValue) assert.equal(c.complement?.operator, o.name);
  }
});

test('checkOperator says what is wrong and suggests the fix', () => {
  assert.deepEqual(checkOperator('stringequals'), { ok: false, problem: 'wrongCase', suggestions: ['StringEquals'] });
  assert.deepEqual(checkOperator('forallvalues:StringLike'), {
    ok: false,
    problem: 'wrongCase',
    suggestions: ['ForAllValues:StringLike'],
  });
  assert.deepEqual(checkOperator('NullIfExists'), { ok: false, problem: 'ifExistsNotAllowed', suggestions: ['Null'] });
  assert.deepEqual(checkOperator('ForAnyValues:StringEquals'), {
    ok: false,
    problem: 'unknownQualifier',
    suggestions: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals'],
  });
  assert.deepEqual(checkOperator('StringEqual'), { ok: false, problem: 'unknown', suggestions: ['StringEquals'] });
  assert.deepEqual(checkOperator('Frobnicate'), { ok: false, problem: 'unknown', suggestions: [] });
  assert.deepEqual(checkOperator(''), { ok: false, problem: 'empty', suggestions: [] });
  const ok = checkOperator('ArnLikeIfExists');
  assert.equal(ok.ok, true);
  assert.equal(ok.ok && ok.parsed.base, 'ArnLike');
});

test('suggestOperators keeps the qualifier and IfExists', () => {
  assert.deepEqual(suggestOperators('ForAnyValue:StringEquls'), ['ForAnyValue:StringEquals']);
  assert.deepEqual(suggestOperators('StringEqualsIgnoreCas'), ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);
  assert.deepEqual(suggestOperators('StringLikeifexists'), ['StringLikeIfExists']);
  assert.deepEqual(suggestOperators('NumericLesThan'), ['NumericLessThan']);
});
