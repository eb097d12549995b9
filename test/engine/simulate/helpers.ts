/** Shared builders for simulator tests. */
import { compile, evaluate, type CompiledPolicy, type Decision, type SimulationRequest } from '../../../server/src/engine/simulate';

export const A = '111122223333';
export const X = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ROOT = `arn:aws:iam::${A}:root`;

/** A statement with defaults: Allow, Resource "*". */
export function st(s: Record<string, unknown>): Record<string, unknown> {
  return { Effect: 'Allow', Resource: '*', ...s };
}

/** A compiled key policy from statements. */
export function policy(...statements: Record<string, unknown>[]): CompiledPolicy {
  return compile(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}

/** Evaluates with the test key unless the request names another. */
export function run(p: CompiledPolicy, request: Partial<SimulationRequest> & { principal: string; action: string }): Decision {
  return evaluate(p, { key: KEY, ...request });
}

/** The decision and reason only. */
export function verdict(p: CompiledPolicy, request: Partial<SimulationRequest> & { principal: string; action: string }): string {
  const d = run(p, request);
  return `${d.decision}:${d.reason}`;
}
