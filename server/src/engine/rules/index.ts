/**
 * The rule pack, in code order. Codes come in bands and are never renumbered or reused:
 *   KP0xx document and syntax          KP1xx policy grammar and structure
 *   KP2xx actions                      KP3xx principals
 *   KP4xx conditions and variables     KP5xx the KMS pack (static)
 *   KP6xx the KMS pack (needs the simulator: public key, lockout, delegation, dead statements)
 */
import type { Rule } from './types';
import { jsonSyntax } from './jsonSyntax';
import { noComments } from './noComments';
import { noTrailingComma } from './noTrailingComma';
import { duplicateMember } from './duplicateMember';
import { byteOrderMark } from './byteOrderMark';
import { rootNotObject } from './rootNotObject';
import { analysisSkipped } from './analysisSkipped';
import { dataTypeMismatch } from './dataTypeMismatch';
import { unknownElement } from './unknownElement';
import { invalidVersion } from './invalidVersion';
import { missingVersion } from './missingVersion';
import { missingStatement } from './missingStatement';
import { emptyStatement } from './emptyStatement';
import { missingEffect } from './missingEffect';
import { invalidEffect } from './invalidEffect';
import { missingAction } from './missingAction';
import { missingResource } from './missingResource';
import { missingPrincipal } from './missingPrincipal';
import { conflictingElements } from './conflictingElements';
import { duplicateSid } from './duplicateSid';
import { emptySid } from './emptySid';
import { policyTooLarge } from './policyTooLarge';
import { invalidCharacter } from './invalidCharacter';
import { emptyElement } from './emptyElement';
import { redundantAction } from './redundantAction';
import { redundantStatement } from './redundantStatement';
import { unknownAction } from './unknownAction';
import { malformedAction } from './malformedAction';
import { wildcardInService } from './wildcardInService';
import { actionMatchesNothing } from './actionMatchesNothing';
import { nonKmsAction } from './nonKmsAction';
import { actionNotForKey } from './actionNotForKey';
import { retireGrantInKeyPolicy } from './retireGrantInKeyPolicy';
import { actionKeySpecMismatch } from './actionKeySpecMismatch';
import { allowWithNotAction } from './allowWithNotAction';
import { unknownService } from './unknownService';

// KP3xx principals
import { allowWithNotPrincipal } from './allowWithNotPrincipal';
import { invalidPrincipalFormat } from './invalidPrincipalFormat';
import { principalPartialWildcard } from './principalPartialWildcard';
import { invalidServicePrincipal } from './invalidServicePrincipal';
import { unsupportedPrincipalType } from './unsupportedPrincipalType';
import { iamGroupPrincipal } from './iamGroupPrincipal';
import { uniqueIdPrincipal } from './uniqueIdPrincipal';
import { malformedPrincipalArn } from './malformedPrincipalArn';
import { denyNotPrincipalWithoutAccount } from './denyNotPrincipalWithoutAccount';
import { servicePrincipalWithoutSource } from './servicePrincipalWithoutSource';
import { servicePrincipalWeakCondition } from './servicePrincipalWeakCondition';
import { denyNotPrincipalRoleSessions } from './denyNotPrincipalRoleSessions';

// KP4xx conditions and variables
import { unknownConditionOperator } from './unknownConditionOperator';
import { unknownConditionKey } from './unknownConditionKey';
import { malformedConditionKey } from './malformedConditionKey';
import { deprecatedGlobalKey } from './deprecatedGlobalKey';
import { missingTagKey } from './missingTagKey';
import { invalidConditionValues } from './invalidConditionValues';
import { conditionTypeMismatch } from './conditionTypeMismatch';
import { missingSetQualifier } from './missingSetQualifier';
import { forAllValuesSingleValued } from './forAllValuesSingleValued';
import { nullWithIfExists } from './nullWithIfExists';
import { nullWithQualifier } from './nullWithQualifier';
import { emptyCondition } from './emptyCondition';
import { wildcardWithoutLike } from './wildcardWithoutLike';
import { privateIpInSourceIp } from './privateIpInSourceIp';
import { cidrHostBits } from './cidrHostBits';
import { invalidVpcValue } from './invalidVpcValue';
import { redundantNumericValues } from './redundantNumericValues';
import { keyNotSupportedByActions } from './keyNotSupportedByActions';
import { keyIrrelevantInKeyPolicy } from './keyIrrelevantInKeyPolicy';
import { duplicateConditionKeyCase } from './duplicateConditionKeyCase';
import { negatedOperatorInAllow } from './negatedOperatorInAllow';
import { forAllValuesWithoutGuard } from './forAllValuesWithoutGuard';
import { aliasConditionValue } from './aliasConditionValue';
import { deprecatedConditionKey } from './deprecatedConditionKey';
import { malformedPolicyVariable } from './malformedPolicyVariable';
import { variableInUnsupportedElement } from './variableInUnsupportedElement';
import { variableNeedsVersion } from './variableNeedsVersion';
import { variableWithUnsupportedOperator } from './variableWithUnsupportedOperator';
import { variableNamesMultivaluedKey } from './variableNamesMultivaluedKey';

// KP5xx the KMS pack (static)
import { resourceNotThisKey } from './resourceNotThisKey';
import { viaServiceValue } from './viaServiceValue';
import { viaServiceWithoutCallerAccount } from './viaServiceWithoutCallerAccount';
import { createGrantWithoutConstraints } from './createGrantWithoutConstraints';
import { crossAccountCreateGrant } from './crossAccountCreateGrant';
import { nonRootFullAccess } from './nonRootFullAccess';
import { broadKeyDestruction } from './broadKeyDestruction';
import { replicateKeyOutsideAdmins } from './replicateKeyOutsideAdmins';
import { reEncryptIsDecrypt } from './reEncryptIsDecrypt';
import { adminCanDecryptTransitively } from './adminCanDecryptTransitively';
import { encryptionContextKeyCase } from './encryptionContextKeyCase';
import { conditionsOnRootDelegation } from './conditionsOnRootDelegation';
import { networkDenyBreaksServices } from './networkDenyBreaksServices';
import { bypassLockoutSafetyCheck } from './bypassLockoutSafetyCheck';
import { tagOrAliasManagement } from './tagOrAliasManagement';
import { actionNotCrossAccount } from './actionNotCrossAccount';
import { externalAccountAccess } from './externalAccountAccess';
import { serviceStatementNeverMatches } from './serviceStatementNeverMatches';
// KP6xx the KMS pack (needs the simulator)
import { publicKeyAccess } from './publicKey';
import { keyPolicyLockout } from './keyPolicyLockout';
import { fragileKeyAdmin } from './fragileKeyAdmin';
import { noAccountDelegation } from './noAccountDelegation';
import { allowShadowedByDeny } from './allowShadowedByDeny';
import { denyNeverMatches } from './denyNeverMatches';

/** Every rule, in code order. */
export const ALL_RULES: readonly Rule[] = [
  // KP0xx document and syntax
  jsonSyntax,
  noComments,
  noTrailingComma,
  duplicateMember,
  byteOrderMark,
  rootNotObject,
  analysisSkipped,
  // KP1xx policy grammar and structure
  dataTypeMismatch,
  unknownElement,
  invalidVersion,
  missingVersion,
  missingStatement,
  emptyStatement,
  missingEffect,
  invalidEffect,
  missingAction,
  missingResource,
  missingPrincipal,
  conflictingElements,
  duplicateSid,
  emptySid,
  policyTooLarge,
  invalidCharacter,
  emptyElement,
  redundantAction,
  redundantStatement,
  // KP2xx actions
  unknownAction,
  malformedAction,
  wildcardInService,
  actionMatchesNothing,
  nonKmsAction,
  actionNotForKey,
  retireGrantInKeyPolicy,
  actionKeySpecMismatch,
  allowWithNotAction,
  unknownService,
  // KP3xx principals
  allowWithNotPrincipal,
  invalidPrincipalFormat,
  principalPartialWildcard,
  invalidServicePrincipal,
  unsupportedPrincipalType,
  iamGroupPrincipal,
  uniqueIdPrincipal,
  malformedPrincipalArn,
  denyNotPrincipalWithoutAccount,
  servicePrincipalWithoutSource,
  servicePrincipalWeakCondition,
  denyNotPrincipalRoleSessions,
  // KP4xx conditions and variables
  unknownConditionOperator,
  unknownConditionKey,
  malformedConditionKey,
  deprecatedGlobalKey,
  missingTagKey,
  invalidConditionValues,
  conditionTypeMismatch,
  missingSetQualifier,
  forAllValuesSingleValued,
  nullWithIfExists,
  nullWithQualifier,
  emptyCondition,
  wildcardWithoutLike,
  privateIpInSourceIp,
  cidrHostBits,
  invalidVpcValue,
  redundantNumericValues,
  keyNotSupportedByActions,
  keyIrrelevantInKeyPolicy,
  duplicateConditionKeyCase,
  negatedOperatorInAllow,
  forAllValuesWithoutGuard,
  aliasConditionValue,
  deprecatedConditionKey,
  malformedPolicyVariable,
  variableInUnsupportedElement,
  variableNeedsVersion,
  variableWithUnsupportedOperator,
  variableNamesMultivaluedKey,
  // KP5xx the KMS pack (static)
  resourceNotThisKey,
  viaServiceValue,
  viaServiceWithoutCallerAccount,
  createGrantWithoutConstraints,
  crossAccountCreateGrant,
  nonRootFullAccess,
  broadKeyDestruction,
  replicateKeyOutsideAdmins,
  reEncryptIsDecrypt,
  adminCanDecryptTransitively,
  encryptionContextKeyCase,
  conditionsOnRootDelegation,
  networkDenyBreaksServices,
  bypassLockoutSafetyCheck,
  tagOrAliasManagement,
  actionNotCrossAccount,
  externalAccountAccess,
  serviceStatementNeverMatches,
  // KP6xx the KMS pack (needs the simulator)
  publicKeyAccess,
  keyPolicyLockout,
  fragileKeyAdmin,
  noAccountDelegation,
  allowShadowedByDeny,
  denyNeverMatches,
];

/** Looks a rule up by code (`KP201`) or name (`unknown-action`), case-insensitively. */
export function findRule(codeOrName: string): Rule | undefined {
  const k = codeOrName.toLowerCase();
  return ALL_RULES.find((r) => r.code.toLowerCase() === k || r.name === k);
}
