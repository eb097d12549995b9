/**
 * KP600: an Allow that anyone in any AWS account can use (SEMANTICS §7 item 11; policy-checks "public key").
 * Condition-aware, through the simulator: for each Allow with `"*"` (or NotPrincipal), judged together with
 * every Deny of the policy, the who-can "everyone" class is public for a cross-account action when some way
 * to it does not pin the caller, i.e. tests none of aws:PrincipalOrgID, aws:PrincipalAccount,
 * kms:CallerAccount, aws:PrincipalArn, aws:SourceAccount or aws:SourceArn with a positive, non-wildcard value
 * (a Deny of the form "unless aws:PrincipalOrgID is o-1" pins too, since it is subtracted). Only
 * cross-account actions count: other actions never reach another account. Error when the public actions
 * include cryptographic operations, CreateGrant or PutKeyPolicy; warning otherwise.
 */
import { canonicalAction, isCrossAccountAction } from '../simulate/knowledge';
import { kmsFacts } from '../catalog';
import type { Literal } from '../simulate/residual/atoms';
import { extend, negate, residualKey, type Conjunct, type Residual } from '../simulate/residual/dnf';
import type { PolicyRule } from './types';
import { allowAnswersOf, compiledPolicy } from '../simulate/lintQueries';

const PINNING = new Set(['aws:principalorgid', 'aws:principalaccount', 'kms:calleraccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn']);

/** Whether a literal confines the caller to known principals or accounts. */
function pins(l: Literal): boolean {
  if (!l.positive) return false;
  const a = l.atom;
  if (a.kind === 'principal') return a.mode === 'principal';
  if (a.kind !== 'condition' || !a.present) return false;
  const c = a.condition;
  const op = c.operator;
  if (!PINNING.has(c.keyLower) || !op.valid || op.negated || op.ifExists || op.qualifier === 'ForAllValues' || op.family === 'Null') return false;
  // A value that is all wildcards, or whose account part is a wildcard, pins nothing.
  return c.values.length > 0 && c.values.every((v) => !/^[*?]*$/.test(v) && !/^arn:[^:]*:[^:]*:[^:]*:[*?]/.test(v));
}

/**
 * Whether some way to the residual leaves the caller unpinned. A Deny kept as "unless" (too large to
 * distribute) is read as distributed: c ∧ ¬d leaves the caller unpinned when a literal of ¬d pins nothing and
 * can hold with c.
 */
function unpinned(r: Residual): boolean {
  const open = (c: Conjunct, x: Literal): boolean => {
    const l = negate(x);
    return !pins(l) && extend(c, l) !== undefined;
  };
  return r.any.some((c) => !c.some(pins) && r.unless.every((d) => d.some((x) => open(c, x))));
}

function severe(action: string): boolean {
  const lower = action.toLowerCase();
  if (lower === 'kms:creategrant' || lower === 'kms:putkeypolicy') return true;
  const f = kmsFacts(lower);
  return !!f && f.grantable && lower !== 'kms:describekey' && lower !== 'kms:getpublickey' && lower !== 'kms:retiregrant';
}

/** KP600 public-key. */
export const publicKeyAccess: PolicyRule = {
  code: 'KP600',
  name: 'public-key',
  severity: 'error',
  summary: 'Anyone in any AWS account can use the key through this statement; only their own IAM policies stand in the way.',
  check(ctx) {
    const policy = compiledPolicy(ctx.facts);
    for (const st of policy.statements) {
      if (st.effect !== 'Allow' || st.inert) continue;
      if (st.principalMode !== 'not-principal' && !st.principals.some((p) => p.kind === 'any')) continue;
      // Listed as who-can rows list them: actions with the same answer together.
      const open = new Map<string, string[]>();
      // Answers for actions alike share their residual: each is judged (and keyed) once.
      const judged = new Map<Residual, string | null>();
      for (const a of allowAnswersOf(ctx.facts, st)) {
        if (a.seed.kind !== 'everyone' || !isCrossAccountAction(a.action)) continue;
        let key = judged.get(a.residual);
        if (key === undefined) judged.set(a.residual, (key = unpinned(a.residual) ? residualKey(a.residual) : null));
        if (key === null) continue;
        const row = `${key}|${a.denies.map((d) => d.index).join(',')}`;
        open.set(row, [...(open.get(row) ?? []), a.action]);
      }
      if (open.size === 0) continue;
      const list = [...open.values()].flat().map((a) => canonicalAction(a) ?? a);
      const source = st.source;
      const entry = source?.principal?.entries.find((e) => e.ref.kind === 'any');
      const at = entry ?? source?.notPrincipal?.span ?? source?.span;
      if (!at) continue;
      const shown = list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', ');
      ctx.report({
        at,
        message: `Anyone in any AWS account can call ${shown} on this key through this statement; only their own IAM policies stand in the way. Pin the caller with a condition on aws:PrincipalOrgID, aws:PrincipalAccount or kms:CallerAccount (aws:SourceArn or aws:SourceAccount for service principals).`,
        severity: list.some(severe) ? 'error' : 'warning',
      });
    }
  },
};
