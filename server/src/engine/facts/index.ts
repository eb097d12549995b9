/**
 * The facts layer: what policies and statements mean, computed once and read by rules, the simulator's
 * lint helpers and features. Sits on parse and catalog; never imports rules, simulate or features.
 */
export {
  CREATE_GRANT,
  PUT_KEY_POLICY,
  actionFacts,
  hasCapability,
  isCryptoUse,
  isKmsItem,
  parseAction,
  type ActionFacts,
  type ActionItem,
  type ActionShape,
} from './actions';
export { inferPolicyAccount, type AccountAssumption } from './account';
export { impossibleTest, type ImpossibleTest } from './impossible';
export { isAwsManagedPolicy } from './awsManaged';
export { coversLower, patternCovers, redundantItems } from './actionCoverage';
export { canonical } from './canonical';
export {
  isPinning,
  isTrue,
  keyAlwaysPresent,
  keyRequiredByStatement,
  misplacedClause,
  requiresTrue,
  stringValues,
  valuesRequiredByStatement,
  type ConditionTest,
} from './conditions';
export { hasMember, hasMisspeltMember, jsonTypeName, lacksBoth, membersNamed, nodeSpan, statementAnchor } from './elements';
export { canPassOnSecrets, unconstrained, type GrantLimits } from './grants';
export { PolicyFacts, policyFactsOf } from './policyFacts';
export { PRINCIPAL_TYPES, closestPrincipalType, type PrincipalSite } from './principalSites';
export {
  allowPrincipals,
  directPrincipals,
  isRootDelegation,
  listedAccounts,
  namesOwnAccount,
  otherAccounts,
  principalScope,
  rolesWithoutSessions,
  type PrincipalScope,
} from './principals';
export { SOURCE_KEYS, serviceIdentityTest, type ServiceScope } from './services';
export { StatementFacts, factsOf } from './statementFacts';
export {
  offsetInString,
  scanVariables,
  siteVariables,
  tokenSpan,
  variablesIn,
  type SiteVariable,
  type StringSite,
  type VariableSite,
  type VariableToken,
} from './variables';
