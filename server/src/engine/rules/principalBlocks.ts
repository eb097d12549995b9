/**
 * Shared walk over the Principal and NotPrincipal elements of every statement, for the KP3xx rules.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { PrincipalBlock, Statement, Policy } from '../parse/model';

/** A Principal or NotPrincipal element together with its statement. */
export interface PrincipalSite {
  /** The statement that holds the element. */
  readonly statement: Statement;
  /** The element name as the policy spells it. */
  readonly element: 'Principal' | 'NotPrincipal';
  /** The parsed element. */
  readonly block: PrincipalBlock;
}

/** Every Principal and NotPrincipal element of the policy, in statement order. */
export function principalSites(policy: Policy): PrincipalSite[] {
  const out: PrincipalSite[] = [];
  for (const statement of policy.statements) {
    if (!statement.isObject) continue;
    if (statement.principal) out.push({ statement, element: 'Principal', block: statement.principal });
    if (statement.notPrincipal) out.push({ statement, element: 'NotPrincipal', block: statement.notPrincipal });
  }
  return out;
}

/** The principal-type keys a policy may use, as AWS spells them (case-sensitive). */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** The principal-type key a mistyped one most likely means: same letters in another case, or at most two edits away. */
export function closestPrincipalType(written: string): string | undefined {
  const w = written.trim().toLowerCase();
  const exact = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === w);
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const t of PRINCIPAL_TYPES) {
    const d = editDistance(w, t.toLowerCase());
    if (d < bestDistance) {
      best = t;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** The JSON node of one principal entry (found by offset under the element's node), for edits. */
export function entryNode(block: PrincipalBlock, offset: number): JsonNode | undefined {
  const search = (node: JsonNode): JsonNode | undefined => {
    if (node.offset === offset && node.type === 'string') return node;
    for (const child of node.children ?? []) {
      if (offset >= child.offset && offset < child.offset + child.length) return search(child);
    }
    return undefined;
  };
  return search(block.node);
}
