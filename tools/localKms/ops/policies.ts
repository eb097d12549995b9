/** Key policy operations: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. */
import { malformedPolicy, notFound, constraintViolation } from '../errors';
import { paginate } from '../paging';
import { validatePolicyText } from '../policyDocument';
import type { Operation } from './context';
import { flag, optionalString, type Input } from './input';
import { managedKey } from './keys';

/** KMS keys have exactly one policy, named `default`; an absent PolicyName means it. */
function readPolicyName(input: Input): string {
  const name = optionalString(input, 'PolicyName', 1, 128) ?? 'default';
  if (!/^[\w]+$/.test(name)) throw constraintViolation('policyName', name, 'Member must satisfy regular expression pattern: [\\w]+');
  if (name !== 'default') throw notFound(`The key policy ${name} does not exist; the only key policy name is "default".`);
  return name;
}

const getKeyPolicy: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:GetKeyPolicy');
  const name = readPolicyName(input);
  return { Policy: key.policy, PolicyName: name };
};

const putKeyPolicy: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:PutKeyPolicy');
  readPolicyName(input);
  validatePolicyText(input.Policy);
  const policy = input.Policy as string;
  if (!flag(input, 'BypassPolicyLockoutSafetyCheck') && !ctx.settings.lockoutCheck(policy, ctx.caller.arn, key.arn)) {
    throw malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
  key.policy = policy;
  return {};
};

const listKeyPolicies: Operation = (input, ctx) => {
  managedKey(ctx, input, 'kms:ListKeyPolicies');
  const page = paginate(['default'], (name) => name, input, 'policies', { defaultLimit: 100, maxLimit: 1000 });
  return { PolicyNames: page.items, Truncated: page.truncated, NextMarker: page.nextMarker };
};

/** Key policy operations by name. */
export const policyOperations: Readonly<Record<string, Operation>> = {
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
};
