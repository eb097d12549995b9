/**
 * KP513: a Deny that fires for requests from outside a network (NotIpAddress on aws:SourceIp,
 * StringNotEquals on aws:SourceVpc / aws:SourceVpce, `Null: true` on those keys...) without an exception
 * for AWS services. Integrated services such as EBS, S3 or RDS call KMS from their own addresses and not
 * through your VPC endpoint, so such a Deny also blocks every use of the key through those services.
 *
 * An exception is any test in the same statement on aws:ViaAWSService, kms:ViaService, aws:CalledVia,
 * aws:CalledViaFirst, aws:CalledViaLast or aws:PrincipalIsAWSService. Positive tests (a Deny for one
 * listed IP range) are not reported: service calls do not come from the listed ranges.
 *
 * Fix: add `"Bool": {"aws:ViaAWSService": "false"}`, so the Deny only applies to direct calls.
 */
import type { PolicyRule } from './types';
import { type ConditionTest, isTrue } from '../facts';
import { addConditionKey } from '../fixes/conditionEdits';

const NETWORK_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip'];
const SERVICE_EXCEPTIONS = ['aws:viaawsservice', 'kms:viaservice', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast', 'aws:principalisawsservice'];

/** True when the test denies requests that are outside the listed networks (or that carry no such key). */
function deniesOutsiders(t: ConditionTest): boolean {
  if (t.base === 'Null') return t.entry.values.some((v) => isTrue(v.value));
  return t.negated;
}

/** KP513 network-deny-breaks-services. */
export const networkDenyBreaksServices: PolicyRule = {
  code: 'KP513',
  name: 'network-deny-breaks-services',
  severity: 'warning',
  summary: 'A Deny on source IP or VPC without an exception for AWS services blocks the key for integrated services.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (s.effect?.value !== 'Deny') continue;
      const tests = f.tests;
      const network = tests.find((t) => NETWORK_KEYS.includes(t.key) && deniesOutsiders(t));
      if (!network) continue;
      if (tests.some((t) => SERVICE_EXCEPTIONS.includes(t.key))) continue;
      const edit = addConditionKey(ctx.doc.text, s, 'Bool', 'aws:ViaAWSService', 'false');
      ctx.report({
        at: network.entry.key,
        message: `This Deny on ${network.entry.key.value} also blocks AWS services (EBS, S3, RDS...) that use the key on a caller's behalf, because they call KMS from their own network. Exempt them with "Bool": {"aws:ViaAWSService": "false"} (or a kms:ViaService condition).`,
        ...(edit ? { fixes: [{ title: 'Exempt calls made through AWS services (aws:ViaAWSService = false)', edits: [edit] }] } : {}),
      });
    }
  },
};
