/**
 * The access simulator: compile a key policy once, then evaluate requests against it, ask who can perform
 * actions, and check for lockout. engine/index.ts re-exports what the server and CLI use.
 */
export { compile, compiledOf, normaliseAction, type CompiledPolicy, type CompileOptions } from './compile';
export { evaluate, statementLabel, type EvaluateOptions } from './evaluate';
export { whoCan, WHO_CAN_CAVEAT, type WhoCanOptions, type WhoCanResult, type PrincipalClass, type StatementRef } from './residual/whoCan';
export type { ClassKind, Requirement } from './residual/classes';
export { admittingClasses } from './residual/admits';
export { lockout, type LockoutResult } from './lockout';
export { namedAnalysis, NAMED_ANALYSES, type NamedAnalysis, type NamedAnalysisResult } from './analyses';
export { KEY_STATES } from './keyState';
export { DERIVED_KEYS } from './context';
export {
  renderDecision,
  renderWhoCan,
  simulateJson,
  whoCanJson,
  principalJson,
  tooComplex,
  TOO_COMPLEX,
  type SimulateJson,
  type WhoCanJson,
  type WhoCanPrincipalJson,
} from './render';
export type { ConditionJson } from './residual/describe';
export {
  SimulationInputError,
  type ConditionExplanation,
  type ContextValue,
  type Decision,
  type DecisionReason,
  type Grant,
  type GrantExplanation,
  type IdentityPolicyInput,
  type KeyState,
  type SimulationRequest,
  type StatementExplanation,
} from './types';
