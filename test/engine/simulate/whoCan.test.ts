import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  admittingClasses,
  lockout,
  namedAnalysis,
  principalJson,
  whoCan,
  whoCanJson,
  WHO_CAN_CAVEAT,
  type WhoCanResult,
} from '../../../server/src/engine/simulate';
import { A, KEY, ROOT, X, policy, st } from './helpers';

const role = `arn:aws:iam::${A}:role/App`;
const extRole = `arn:aws:iam::${X}:role/Partner`;

/** principal|kind|decision|conditions for each row, compactly. */
function rows(r: WhoCanResult): string[] {
  return r.classes.map((c) => {
    const j = principalJson(c);
    const conds = j.conditions.map((alt) => alt.map((x) => `${x.operator} ${x.key}=${x.values.join(',')}`).join(' & ')).join(' | ');
    return `${j.principal}|${j.kind}|${j.decision}${conds ? `|${conds}` : ''}`;
  });
}

test("the default policy: the account's IAM principals, through delegation", () => {
  const r = whoCan(policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' })), ['kms:Decrypt'], { key: KEY });
  assert.deepEqual(rows(r), [`${A}|account|allow`]);
  assert.equal(r.classes[0]!.requires, 'iam');
  assert.deepEqual(r.actions, ['kms:Decrypt']);
  assert.ok(r.caveats.includes(WHO_CAN_CAVEAT));
});

test('Allow * minus Deny unless aws:PrincipalOrgID is o-1 = allowed when aws:PrincipalOrgID is o-1', () => {
  const p = policy(
    st({ Principal: '*', Action: 'kms:Decrypt' }),
    st({
      Sid: 'OrgOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } },
    }),
  );
  const r = whoCan(p, ['kms:Decrypt'], { key: KEY });
  assert.deepEqual(rows(r), ['*|everyone|conditional|StringEquals aws:PrincipalOrgID=o-1']);
  assert.deepEqual(r.classes[0]!.statements, [
    { index: 0, effect: 'Allow' },
    { index: 1, sid: 'OrgOnly', effect: 'Deny' },
  ]);
});

test('classes: named principals, other accounts, services, everyone', () => {
  const p = policy(
    st({ Principal: { AWS: [role, extRole, `arn:aws:iam::${X}:root`] }, Action: 'kms:Decrypt' }),
    st({
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'aws:SourceAccount': A } },
    }),
    st({
      Principal: '*',
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    }),
  );
  const r = whoCan(p, ['kms:Decrypt'], { key: KEY });
  assert.deepEqual(rows(r), [
    `${role}|principal|allow`,
    `${extRole}|external-principal|allow`,
    `${X}|external-account|allow`,
    'logs.us-east-1.amazonaws.com|service|conditional|StringEquals aws:SourceAccount=111122223333',
    '*|everyone|conditional|StringEquals kms:CallerAccount=111122223333 & StringEquals kms:ViaService=s3.us-east-1.amazonaws.com',
  ]);
  assert.deepEqual(
    r.classes.map((c) => c.requires),
    ['none', 'iam', 'iam', 'none', 'iam-if-external'],
  );
});

test('classes from other accounts disappear for actions that cannot be used cross-account', () => {
  const p = policy(st({ Principal: { AWS: [role, extRole, X] }, Action: 'kms:*' }));
  assert.deepEqual(rows(whoCan(p, ['kms:PutKeyPolicy'], { key: KEY })), [`${role}|principal|allow`]);
});

test("facts of a class decide conditions: kms:CallerAccount is the class's account", () => {
  const p = policy(
    st({
      Principal: { AWS: [ROOT, `arn:aws:iam::${X}:root`] },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:CallerAccount': A } },
    }),
  );
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [`${A}|account|allow`]);
});

test('conditions on keys the action never carries: positive kills the statement, negated holds', () => {
  const p = policy(
    st({
      Principal: { AWS: role },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Condition: { StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } },
    }),
  );
  assert.deepEqual(rows(whoCan(p, ['kms:DescribeKey'], { key: KEY })), []);
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [`${role}|principal|conditional|StringEquals kms:EncryptionContext:Dept=IT`]);
});

test('an unconditional Deny on a class lists it as denied; a Deny on part of a class adds a principal condition', () => {
  const p = policy(st({ Principal: { AWS: [ROOT, role] }, Action: 'kms:Decrypt' }), st({ Effect: 'Deny', Principal: { AWS: role }, Action: 'kms:Decrypt' }));
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [`${A}|account|conditional|PrincipalNotIn (principal)=${role}`, `${role}|principal|denied`]);
});

test("principals named only in a Deny are listed as denied, with the Deny's conditions", () => {
  const p = policy(
    st({ Principal: { AWS: ROOT }, Action: 'kms:*' }),
    st({
      Effect: 'Deny',
      Principal: { AWS: extRole },
      Action: 'kms:Decrypt',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    }),
  );
  const r = whoCan(p, ['kms:Decrypt'], { key: KEY });
  assert.deepEqual(rows(r), [`${A}|account|allow`, `${extRole}|external-principal|denied|Bool aws:MultiFactorAuthPresent=false`]);
  assert.equal(admittingClasses(r, { principal: `arn:aws:sts::${X}:assumed-role/Partner/x`, action: 'kms:Decrypt', key: KEY, iamAllows: true }).length, 0);
});

test('NotPrincipal Allow makes an everyone class with a principal condition: not one of the callers it leaves out', () => {
  // A role ARN leaves out none of its sessions (SEMANTICS §1): only the root user of the listed account is left out.
  const p = policy(st({ NotPrincipal: { AWS: [role, ROOT] }, Action: 'kms:Encrypt' }));
  assert.deepEqual(rows(whoCan(p, ['kms:Encrypt'], { key: KEY })), [`*|everyone|conditional|PrincipalNotIn (principal, left out by NotPrincipal)=${ROOT}`]);
  const s = `arn:aws:sts::${A}:assumed-role/App/s1`;
  const q = policy(st({ NotPrincipal: { AWS: [s, role, ROOT] }, Action: 'kms:Encrypt' }));
  assert.deepEqual(rows(whoCan(q, ['kms:Encrypt'], { key: KEY })), [
    `*|everyone|conditional|PrincipalNotIn (principal, left out by NotPrincipal)=${s},${ROOT}`,
  ]);
});

test('grants make grantee classes with their constraints', () => {
  const p = policy(st({ Principal: { AWS: ROOT }, Action: 'kms:DescribeKey' }));
  const r = whoCan(p, ['kms:Decrypt'], {
    key: KEY,
    grants: [{ grantee: extRole, operations: ['Decrypt'], constraints: { encryptionContextSubset: { Dept: 'IT' } } }],
  });
  assert.deepEqual(rows(r), [`${extRole}|grantee|conditional|GrantConstraint (encryption context)=EncryptionContextSubset {"dept":"IT"}`]);
  const ok = admittingClasses(r, {
    principal: `arn:aws:sts::${X}:assumed-role/Partner/x`,
    action: 'kms:Decrypt',
    key: KEY,
    encryptionContext: { Dept: 'IT', Project: 'p' },
  });
  assert.equal(ok.length, 1);
});

test('a key state that refuses the action leaves nobody, and says so', () => {
  const r = whoCan(policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' })), ['kms:Decrypt', 'kms:DescribeKey'], {
    key: KEY,
    keyState: 'Disabled',
  });
  assert.deepEqual(r.blockedByKeyState, ['kms:Decrypt']);
  assert.deepEqual(
    r.classes.map((c) => c.actions),
    [['kms:DescribeKey']],
  );
  assert.ok(r.caveats.some((c) => c.includes('Disabled')));
});

test('action globs expand through the catalog; rows group actions with the same residual', () => {
  const p = policy(
    st({ Principal: { AWS: role }, Action: 'kms:*' }),
    st({ Principal: '*', Action: 'kms:Encrypt', Condition: { StringEquals: { 'kms:CallerAccount': A } } }),
  );
  const r = whoCan(p, ['kms:Generate*'], { key: KEY });
  assert.ok(r.actions.includes('kms:GenerateDataKey'));
  assert.ok(r.actions.includes('kms:GenerateMac'));
  assert.equal(r.classes.length, 1);
  assert.deepEqual(
    r.classes[0]!.actions,
    r.actions.filter((a) => a !== 'kms:GenerateRandom'),
    'GenerateRandom is IAM-only: nobody gets it from a key policy',
  );
});

test("without the key's account every named account is treated as possibly the key's own", () => {
  const r = whoCan(policy(st({ Principal: { AWS: [ROOT, `arn:aws:iam::${X}:root`] }, Action: 'kms:PutKeyPolicy' })), ['kms:PutKeyPolicy']);
  assert.deepEqual(rows(r), [`${A}|account|allow`, `${X}|account|allow`]);
  assert.ok(r.caveats.some((c) => c.startsWith("The key's account is unknown")));
});

test('who-can JSON has the CLI shape', () => {
  const p = policy(
    st({
      Sid: 'Users',
      Principal: { AWS: role },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    }),
  );
  const json = whoCanJson(whoCan(p, ['Decrypt'], { key: KEY }));
  assert.deepEqual(JSON.parse(JSON.stringify(json)), {
    actions: ['kms:Decrypt'],
    principals: [
      {
        principal: role,
        kind: 'principal',
        decision: 'conditional',
        conditions: [[{ operator: 'StringEquals', key: 'kms:ViaService', values: ['s3.us-east-1.amazonaws.com'] }]],
        statements: [{ index: 0, sid: 'Users', effect: 'Allow' }],
        actions: ['kms:Decrypt'],
        requires: 'none',
      },
    ],
    caveats: [WHO_CAN_CAVEAT],
  });
});

test('negated residual conditions are written as their complements', () => {
  const p = policy(
    st({ Principal: { AWS: role }, Action: 'kms:Decrypt' }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } } }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }),
  );
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [
    `${role}|principal|conditional|NumericGreaterThanEqualsIfExists aws:MultiFactorAuthAge=300 & StringNotEquals aws:SourceVpce=vpce-1 & Null aws:SourceVpce=false`,
  ]);
});

test('contradictory alternatives are dropped: two values of one single-valued key', () => {
  const p = policy(
    st({ Principal: { AWS: role }, Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }),
  );
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [`${role}|principal|denied`]);
});

test('Null:true against a positive test on the same key is unsatisfiable', () => {
  const p = policy(
    st({ Principal: { AWS: role }, Action: 'kms:Decrypt', Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Condition: { Null: { 'aws:SourceVpce': 'false' } } }),
  );
  assert.deepEqual(rows(whoCan(p, ['kms:Decrypt'], { key: KEY })), [`${role}|principal|denied`]);
});

test('named analyses: decrypt with escalation, administer, create-grant', () => {
  const admin = `arn:aws:iam::${A}:role/Admin`;
  const p = policy(
    st({ Principal: { AWS: ROOT }, Action: 'kms:*' }),
    st({ Principal: { AWS: admin }, Action: ['kms:Create*', 'kms:Put*', 'kms:Describe*', 'kms:Disable*', 'kms:ScheduleKeyDeletion'] }),
    st({
      Principal: { AWS: role },
      Action: ['kms:Decrypt', 'kms:CreateGrant'],
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  );
  const dec = namedAnalysis(p, 'decrypt', { key: KEY });
  assert.ok(dec.direct.actions.includes('kms:ReEncryptFrom') && dec.direct.actions.includes('kms:GenerateDataKey'));
  assert.deepEqual([...new Set(dec.escalation.map((c) => c.principal))].sort(), [A, admin].sort(), 'the service-only grant maker is not an escalation path');
  const adm = namedAnalysis(p, 'administer', { key: KEY });
  assert.deepEqual(adm.direct.actions, ['kms:PutKeyPolicy', 'kms:DeleteImportedKeyMaterial', 'kms:DisableKey', 'kms:ScheduleKeyDeletion']);
  assert.ok(adm.direct.classes.some((c) => c.principal === admin && c.actions.includes('kms:PutKeyPolicy')));
  const cg = namedAnalysis(p, 'create-grant', { key: KEY });
  assert.deepEqual(
    cg.direct.classes.map((c) => `${c.principal}|${c.decision}`),
    [`${A}|allow`, `${admin}|allow`, `${role}|conditional`],
  );
});

test('lockout: nobody can call PutKeyPolicy (error), only named principals (fragile), delegation (ok)', () => {
  assert.equal(lockout(policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt' })), { key: KEY }).status, 'locked');
  assert.equal(
    lockout(policy(st({ Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: 'kms:*' })), { key: KEY }).status,
    'locked',
    'another account cannot put the policy',
  );
  const fragile = lockout(policy(st({ Principal: { AWS: role }, Action: 'kms:*' })), { key: KEY });
  assert.equal(fragile.status, 'fragile');
  assert.match(fragile.reasons[0]!, /Only named principals/);
  const viaService = lockout(
    policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })),
    { key: KEY },
  );
  assert.equal(viaService.status, 'fragile');
  assert.equal(lockout(policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' })), { key: KEY }).status, 'ok');
  assert.equal(
    lockout(policy(st({ Principal: '*', Action: 'kms:*', Condition: { StringEquals: { 'kms:CallerAccount': X } } })), { key: KEY }).status,
    'locked',
    '"*" pinned to another account cannot put the policy',
  );
  assert.equal(
    lockout(policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' }), st({ Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy' })), {
      key: KEY,
    }).status,
    'locked',
  );
});

test('questions with different grants on one compiled policy each judge their own grantees', () => {
  const p = policy(
    st({ Principal: { AWS: ROOT }, Action: 'kms:*' }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:username': 'alice' } } }),
  );
  const grantee = (who: string): string => {
    const r = whoCan(p, ['kms:Decrypt'], {
      account: A,
      key: KEY,
      grants: [{ grantee: `arn:aws:iam::${A}:user/${who}`, operations: ['Decrypt'] }],
    });
    return r.classes
      .filter((c) => c.kind === 'grantee')
      .map((c) => `${c.principal} ${c.decision}`)
      .join('; ');
  };
  assert.equal(grantee('alice'), `arn:aws:iam::${A}:user/alice denied`);
  // The second question's grant #1 is another principal: the first one's facts must not carry over.
  assert.equal(grantee('bob'), `arn:aws:iam::${A}:user/bob allow`);
});
