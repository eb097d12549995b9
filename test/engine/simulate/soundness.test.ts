/**
 * The soundness property: for generated policies and concrete requests, evaluate() allows a request exactly
 * when whoCan() has a class covering the caller whose residual conditions the request satisfies (and whose
 * requirement, e.g. the caller's own IAM allow, holds). A disagreement in either direction fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { admittingClasses, compile, evaluate, whoCan, type ContextValue, type SimulationRequest } from '../../../server/src/engine/simulate';
import { A, X, KEY } from './helpers';
import { ROLE_A, ROLE_X, resources, notPrincipalLists, keyKnowledge, callers, statementArb, scenarioArb, keyFacts, type KeySpec } from './soundnessGenerators';

test('soundness: whoCan and evaluate never disagree (3,000 generated policies, up to 6 requests each)', () => {
  const seen = { allow: 0, deny: 0, conditional: 0, reasons: new Set<string>(), kinds: new Set<string>() };
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const text = JSON.stringify({ Version: s.version, Statement: s.statements });
      const policy = compile(text);
      const options = {
        account: A,
        ...s.keyKnown,
        region: 'us-east-1',
        grants: s.grants,
        keyState: s.keyState,
        ...(s.keySpec ? { keySpec: s.keySpec } : {}),
      };
      for (const r of s.requests) {
        const request: SimulationRequest = {
          principal: r.principal,
          action: r.action,
          ...keyFacts(s.keyKnown),
          context: r.context as Record<string, ContextValue>,
          grants: s.grants,
          keyState: s.keyState,
          ...(s.keySpec ? { keySpec: s.keySpec } : {}),
          ...(r.encryptionContext ? { encryptionContext: r.encryptionContext } : {}),
          ...(r.iamAllows !== undefined ? { iamAllows: r.iamAllows } : {}),
          ...(r.time ? { time: r.time } : {}),
        };
        const decision = evaluate(policy, request);
        const quick = evaluate(policy, request, {}, { explain: false });
        assert.equal(`${quick.decision}:${quick.reason}`, `${decision.decision}:${decision.reason}`, 'explain:false must decide the same');
        const result = whoCan(policy, [r.action], options);
        const admitted = admittingClasses(result, request);
        const agree = (decision.decision === 'allow') === admitted.length > 0;
        seen[decision.decision]++;
        seen.reasons.add(decision.reason);
        for (const c of admitted) {
          seen.kinds.add(c.kind);
          if (c.decision === 'conditional') seen.conditional++;
        }
        if (!agree) {
          assert.fail(
            `disagreement for ${r.principal} ${r.action}: evaluate=${decision.decision}/${decision.reason}, whoCan admits ${admitted.map((c) => `${c.kind}:${c.principal}`).join(', ') || 'nothing'}\n` +
              `policy: ${text}\nrequest: ${JSON.stringify(request)}\nclasses: ${JSON.stringify(result.classes.map((c) => ({ p: c.principal, k: c.kind, d: c.decision, a: c.actions })))}`,
          );
        }
      }
    }),
    { numRuns: 3000, seed: 20240601 },
  );
  // The generator must exercise both verdicts, every allow path and conditional residuals, or the property proves little.
  assert.ok(seen.allow > 500, `allows: ${seen.allow}`);
  assert.ok(seen.deny > 1000, `denies: ${seen.deny}`);
  assert.ok(seen.conditional > 200, `conditional admissions: ${seen.conditional}`);
  for (const r of [
    'explicit-deny',
    'key-policy',
    'iam-delegation',
    'grant',
    'implicit-deny',
    'no-delegation',
    'iam-missing',
    'cross-account-iam-missing',
    'not-cross-account',
    'key-state',
    'anonymous',
    'not-key-policy-action',
  ]) {
    assert.ok(seen.reasons.has(r), `reason never produced: ${r}`);
  }
  for (const k of ['account', 'principal', 'external-principal', 'external-account', 'service', 'everyone', 'grantee'])
    assert.ok(seen.kinds.has(k), `class kind never admitted: ${k}`);
});

test('soundness holds for randomly seeded runs too', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const policy = compile(JSON.stringify({ Version: s.version, Statement: s.statements }));
      const options = { account: A, ...s.keyKnown, region: 'us-east-1', grants: s.grants, keyState: s.keyState };
      for (const r of s.requests) {
        const request: SimulationRequest = {
          principal: r.principal,
          action: r.action,
          ...keyFacts(s.keyKnown),
          context: r.context as Record<string, ContextValue>,
          grants: s.grants,
          keyState: s.keyState,
          ...(r.iamAllows !== undefined ? { iamAllows: r.iamAllows } : {}),
          ...(r.encryptionContext ? { encryptionContext: r.encryptionContext } : {}),
        };
        const allowed = evaluate(policy, request).decision === 'allow';
        assert.equal(admittingClasses(whoCan(policy, [r.action], options), request).length > 0, allowed);
      }
    }),
    { numRuns: 500 },
  );
});

/** A denser generator: few keys, many Denies and NotPrincipals, so Allow and Deny conditions meet on one key. */
const focusedKeys: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalOrgID',
    ops: ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null'],
    values: ['o-1', 'o-2', 'o-3'],
  },
  {
    key: 'kms:ViaService',
    ops: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIgnoreCase'],
    values: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'S3.us-east-1.amazonaws.com'],
  },
  { key: 'kms:CallerAccount', ops: ['StringEquals', 'StringNotEquals'], values: [A, X] },
  {
    key: 'aws:PrincipalArn',
    ops: ['ArnLike', 'ArnNotLike', 'ArnEquals'],
    values: [ROLE_A, `arn:aws:iam::${X}:*`, `arn:aws:iam::${A}:user/alice`],
  },
];

const focusedStatement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Deny'),
    principals: fc.array(
      fc.constantFrom('*', `arn:aws:iam::${A}:root`, ROLE_A, `arn:aws:sts::${A}:assumed-role/App/s1`, ROLE_X, X, `arn:aws:iam::${A}:user/alice`),
      { minLength: 1, maxLength: 3 },
    ),
    useNotPrincipal: fc.nat(2).map((n) => n === 0),
    notPrincipalList: fc.option(fc.constantFrom(...notPrincipalLists), { nil: undefined }),
    resource: fc.constantFrom('*', '*', '*', '*', ...resources),
    action: fc.constantFrom('kms:Decrypt', 'kms:*', 'kms:PutKeyPolicy'),
    conditions: fc.array(fc.record({ spec: fc.constantFrom(...focusedKeys), op: fc.nat(4), values: fc.array(fc.nat(2), { minLength: 1, maxLength: 2 }) }), {
      maxLength: 2,
    }),
  })
  .map((s) => {
    const block: Record<string, Record<string, unknown>> = {};
    for (const c of s.conditions) {
      const op = c.spec.ops[c.op % c.spec.ops.length]!;
      block[op] ??= {};
      block[op]![c.spec.key] = op === 'Null' ? 'false' : [...new Set(c.values.map((v) => c.spec.values[v % c.spec.values.length]!))];
    }
    const listed = s.useNotPrincipal && s.notPrincipalList ? s.notPrincipalList : s.principals.filter((p) => p !== '*');
    const principal = s.principals.includes('*') && !s.useNotPrincipal ? '*' : { AWS: listed };
    return {
      Effect: s.effect,
      [s.useNotPrincipal ? 'NotPrincipal' : 'Principal']: principal,
      Action: s.action,
      Resource: s.resource,
      ...(s.conditions.length ? { Condition: block } : {}),
    };
  });

test('soundness on dense Allow/Deny/NotPrincipal mixes (2,000 policies)', () => {
  fc.assert(
    fc.property(
      fc.array(focusedStatement, { minLength: 2, maxLength: 6 }),
      keyKnowledge,
      fc.array(
        fc.record({
          principal: fc.constantFrom(...callers),
          action: fc.constantFrom('kms:Decrypt', 'kms:PutKeyPolicy'),
          org: fc.constantFrom('o-1', 'o-2', 'o-3', ''),
          via: fc.constantFrom('s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', ''),
          iamAllows: fc.boolean(),
        }),
        { minLength: 4, maxLength: 8 },
      ),
      (statements, keyKnown, requests) => {
        const policy = compile(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
        for (const r of requests) {
          const request: SimulationRequest = {
            principal: r.principal,
            action: r.action,
            ...keyFacts(keyKnown),
            iamAllows: r.iamAllows,
            context: { 'aws:PrincipalOrgID': r.org, 'kms:ViaService': r.via },
          };
          const allowed = evaluate(policy, request).decision === 'allow';
          const admitted = admittingClasses(whoCan(policy, [r.action], { account: A, region: 'us-east-1', ...keyKnown }), request).length > 0;
          assert.equal(admitted, allowed, `${JSON.stringify(statements)}\n${JSON.stringify(request)}`);
        }
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
});

test('no policy text makes compile, evaluate or whoCan throw', () => {
  const statementish = fc.dictionary(
    fc.constantFrom('Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Sid', 'toString'),
    fc.oneof(
      fc.json(),
      fc.constantFrom('Allow', 'Deny', '*', 'kms:*', { AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, { toString: { a: 'b' } }),
    ),
  );
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.array(statementArb), fc.array(statementish)), (statements) => {
      const text = typeof statements === 'string' ? statements : JSON.stringify({ Version: '2012-10-17', Statement: statements });
      const policy = compile(text);
      evaluate(policy, {
        principal: `arn:aws:iam::${A}:user/alice`,
        action: 'kms:Decrypt',
        key: KEY,
        iamAllows: true,
        context: { 'aws:PrincipalOrgID': 'o-1' },
      });
      whoCan(policy, ['kms:Decrypt', 'kms:PutKeyPolicy'], { account: A, key: KEY });
    }),
    { numRuns: 1000 },
  );
});
