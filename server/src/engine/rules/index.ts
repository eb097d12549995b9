/**
 * The rule pack, in code order. Codes come in bands and are never renumbered or reused:
 *   KP0xx document and syntax          KP1xx policy grammar and structure
 *   KP2xx actions                      KP3xx principals
 *   KP4xx conditions and variables     KP5xx the KMS pack (static)
 *   KP6xx the KMS pack (needs the simulator: public key, lockout, delegation, dead statements)
 */
import type { Rule } from './types';
import { byteOrderMark, duplicateMember, jsonSyntax, noComments, noTrailingComma, rootNotObject } from './syntaxRules';

/** Every rule, in code order. */
export const ALL_RULES: readonly Rule[] = [jsonSyntax, noComments, noTrailingComma, duplicateMember, byteOrderMark, rootNotObject];

/** Looks a rule up by code (`KP201`) or name (`unknown-action`), case-insensitively. */
export function findRule(codeOrName: string): Rule | undefined {
  const k = codeOrName.toLowerCase();
  return ALL_RULES.find((r) => r.code.toLowerCase() === k || r.name === k);
}
