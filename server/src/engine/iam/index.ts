/**
 * The named who-can: the key policy joined with the accounts' IAM data (users, roles, groups, identity
 * policies, permission boundaries), the organization's SCPs and RCPs, and role chains. Pure: JSON text in,
 * the answer (answer.ts) out.
 */
export * from './answer';
export { readAuthorizationDetails, policyJson } from './authDetails';
export { readOrganizations } from './organizations';
export type { IamAccount, IamFile, IamData, IamPrincipal, OrgData, OrgPolicy, AccountGuardrails, PolicyRef } from './model';
export { whoCanNamed, type NamedWhoCanOptions } from './whoCanNamed';
export { callerPolicies, type CallerPolicies } from './callerPolicies';
export { keyTagsFromJson } from './keyTags';
