/**
 * The rule pack, in code order. Codes come in bands and are never renumbered or reused:
 *   KP0xx document and syntax          KP1xx policy grammar and structure
 *   KP2xx actions                      KP3xx principals
 *   KP4xx conditions and variables     KP5xx the KMS pack (static)
 *   KP6xx the KMS pack (needs the simulator: public key, lockout, delegation, dead statements)
 */
import type { Rule } from './types';
import { byteOrderMark, duplicateMember, jsonSyntax, noComments, noTrailingComma, rootNotObject } from './syntaxRules';
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

/** Every rule, in code order. */
export const ALL_RULES: readonly Rule[] = [
  // KP0xx document and syntax
  jsonSyntax, noComments, noTrailingComma, duplicateMember, byteOrderMark, rootNotObject,
  // KP1xx policy grammar and structure
  dataTypeMismatch, unknownElement, invalidVersion, missingVersion, missingStatement, emptyStatement, missingEffect,
  invalidEffect, missingAction, missingResource, missingPrincipal, conflictingElements, duplicateSid, emptySid,
  policyTooLarge, invalidCharacter, emptyElement, redundantAction, redundantStatement,
  // KP2xx actions
];

/** Looks a rule up by code (`KP201`) or name (`unknown-action`), case-insensitively. */
export function findRule(codeOrName: string): Rule | undefined {
  const k = codeOrName.toLowerCase();
  return ALL_RULES.find((r) => r.code.toLowerCase() === k || r.name === k);
}
