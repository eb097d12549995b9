import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDecision, renderWhoCan, simulateJson, whoCan, whoCanJson } from '../../../server/src/engine/simulate';
import { createPolicyService, SimulationInputError } from '../../../server/src/engine/index';
import { A, KEY, ROOT, policy, run, st } from './helpers';

const p = policy(
  st({ Sid: 'Root', Principal: { AWS: ROOT }, Action: 'kms:*' }),
  st({
    Sid: 'ViaS3',
    Principal: '*',
    Action: 'kms:Decrypt',
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': A } },
  }),
  st({ Sid: 'Org', Effect: 'Deny', Principal: '*', Action: 'kms:*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } } }),
);

test('simulate JSON is exactly decision, reason and the statements', () => {
  const d = run(p, {
    principal: `arn:aws:sts::${A}:assumed-role/App/s`,
    action: 'kms:Decrypt',
    context: { 'aws:PrincipalOrgID': 'o-1', 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
  });
  const json = JSON.parse(JSON.stringify(simulateJson(d)));
  assert.deepEqual(Object.keys(json), ['decision', 'reason', 'statements']);
  assert.equal(json.decision, 'allow');
  assert.equal(json.reason, 'key-policy');
  assert.deepEqual(
    json.statements.map((s: { sid: string; applies: boolean }) => `${s.sid}:${s.applies}`),
    ['Root:true', 'ViaS3:true', 'Org:false'],
  );
});

test('the decision text explains each statement with the context values used', () => {
  const d = run(p, { principal: `arn:aws:sts::${A}:assumed-role/App/s`, action: 'kms:Decrypt', context: { 'aws:PrincipalOrgID': 'o-2' } });
  const text = renderDecision(d);
  assert.equal(text.split('\n')[0], 'DENY  kms:Decrypt by session s of role App in account 111122223333  [explicit-deny]');
  assert.match(text, /Denied: statement 3 \("Org"\) of the key policy denies it\./);
  assert.match(text, /✗ condition  StringEquals kms:ViaService \["s3\.us-east-1\.amazonaws\.com"\]; request: absent/);
  assert.match(text, /✓ condition  StringEquals kms:CallerAccount \["111122223333"\]; request: "111122223333"/);
  assert.match(text, /✓ condition  StringNotEquals aws:PrincipalOrgID \["o-1"\]; request: "o-2"/);
  assert.match(text, /aws:principalarn = arn:aws:iam::111122223333:role\/App/);
  assert.match(text, /Key state: Enabled/);
});

test('the who-can table shows one row per class with its conditions and the caveat', () => {
  const text = renderWhoCan(whoCan(p, ['kms:Decrypt'], { key: KEY }));
  const lines = text.split('\n');
  assert.equal(lines[0], `Who can kms:Decrypt on ${KEY}`);
  assert.match(lines[2]!, /^PRINCIPAL\s+KIND\s+DECISION\s+ACTIONS\s+NEEDS\s+STATEMENTS\s+CONDITIONS$/);
  assert.match(text, /111122223333\s+account\s+conditional\s+Decrypt\s+IAM allow\s+\+Root -Org\s+StringEquals aws:PrincipalOrgID "o-1"/);
  assert.match(
    text,
    /\*\s+everyone\s+conditional\s+Decrypt\s+IAM if other acct\s+\+ViaS3 -Org\s+StringEquals aws:PrincipalOrgID "o-1" AND StringEquals kms:CallerAccount "111122223333" AND StringEquals kms:ViaService "s3\.us-east-1\.amazonaws\.com"/,
  );
  assert.match(text, /Note: IAM identity policies, SCPs, RCPs and VPC endpoint policies are not evaluated/);
  assert.match(renderWhoCan(whoCan(policy(st({ Principal: { AWS: ROOT }, Action: 'kms:Decrypt' })), ['kms:PutKeyPolicy'], { key: KEY })), /\n  Nobody\.\n/);
});

test('who-can JSON carries the caveat and plain data only', () => {
  const json = whoCanJson(whoCan(p, ['kms:Decrypt'], { key: KEY }));
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  assert.equal(json.caveats.length, 1);
});

test('the policy service simulates with key facts from its settings and the policy', () => {
  const service = createPolicyService({ context: { region: 'us-east-1' } });
  const doc = service.parse(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }] }),
  );
  const d = service.simulate(doc, { principal: `arn:aws:iam::${A}:user/alice`, action: 'kms:Decrypt', iamAllows: true });
  assert.equal(`${d.decision}:${d.reason}`, 'allow:iam-delegation', 'the account is inferred from the policy');
  assert.deepEqual(d.derivedContext['aws:requestedregion'], ['us-east-1']);
  const compiled = service.compile(doc);
  assert.equal(service.simulate(compiled, { principal: ROOT, action: 'kms:PutKeyPolicy', keyAccount: A }).decision, 'allow');
  assert.deepEqual(
    service.whoCan(doc, ['kms:Decrypt']).classes.map((c) => c.principal),
    [A],
  );
  assert.equal(service.lockout(doc).status, 'ok');
  assert.equal(service.analyse(doc, 'create-grant').direct.classes.length, 1);
  assert.throws(() => service.simulate(service.parse('{"Statement":[]}'), { principal: ROOT, action: 'kms:Decrypt' }), SimulationInputError);
});
