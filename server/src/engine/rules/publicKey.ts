/**
 * KP600: an Allow that anyone in any AWS account can use (SEMANTICS §7 item 11; policy-checks "public key").
 * Condition-aware, through the simulator: for each Allow with `"*"` (or NotPrincipal), judged together with
 * every Deny of the policy, the who-can "everyone" class is public for a cross-account action when some way
 * to it does not pin the caller, i.e. tests none of aws:PrincipalOrgID, aws:PrincipalAccount,
 * kms:CallerAccount, aws:PrincipalArn, aws:SourceAccount or aws:SourceArn with a positive, non-wildcard value
 * (a Deny of the form "unless aws:PrincipalOrgID is o-1" pins too, since it is subtracted). Only
 * cross-account actions count: other actions never reach another account. Error when the public actions
 * include cryptographic operations, CreateGrant or PutKeyPolicy; warning otherwise.
 *
 * When the key ARN is unknown and the statement's Resource may name the key (SEMANTICS §1), the claim is made
 * with "if this policy is attached to <ARN>"; a Deny whose Resource may name the key is taken to apply (a
 * public claim must not rest on a Deny missing). A way pinned only to fixed aws:SourceVpc or aws:SourceVpce
 * values is not "anyone in any account" (Access Analyzer counts it as not public): it is reported as what it
 * is, anyone reaching that VPC or endpoint, at warning.
 */
import { canonicalAction, isCrossAccountAction } from '../simulate/knowledge';
import { kmsFacts } from '../catalog';
import type { Literal } from '../simulate/residual/atoms';
import type { AllowAnswer } from '../simulate/residual/analyse';
import { extend, negate, residualKey, type Conjunct, type Residual } from '../simulate/residual/dnf';
import type { PolicyRule } from './types';
import { allowAnswersOf, compiledPolicy } from '../simulate/lintQueries';

const PINNING = new Set(['aws:principalorgid', 'aws:principalaccount', 'kms:calleraccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn']);
/** Network origins Access Analyzer counts as not public: they narrow who can reach the key, not who they are. */
const NETWORK = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

/** Whether a literal is a positive test of one of `keys` with fixed values (no wildcard-only value, no IfExists). */
function fixedTest(l: Literal, keys: ReadonlySet<string>): boolean {
  if (!l.positive) return false;
  const a = l.atom;
  if (a.kind !== 'condition' || !a.present) return false;
  const c = a.condition;
  const op = c.operator;
  if (!keys.has(c.keyLower) || !op.valid || op.negated || op.ifExists || op.qualifier === 'ForAllValues' || op.family === 'Null') return false;
  if (c.values.length === 0) return false;
  // A network origin is fixed only when written out; a principal value pins unless it is all wildcards or its
  // account part is one.
  if (keys === NETWORK) return !op.wildcards || c.values.every((v) => !/[*?]/.test(v));
  return c.values.every((v) => !/^[*?]*$/.test(v) && !/^arn:[^:]*:[^:]*:[^:]*:[*?]/.test(v));
}

/** Whether a literal confines the caller to known principals or accounts. */
function pins(l: Literal): boolean {
  if (l.positive && l.atom.kind === 'principal') return l.atom.mode === 'principal';
  return fixedTest(l, PINNING);
}

function severe(action: string): boolean {
  const lower = action.toLowerCase();
  if (lower === 'kms:creategrant' || lower === 'kms:putkeypolicy') return true;
  const f = kmsFacts(lower);
  return !!f && f.grantable && lower !== 'kms:describekey' && lower !== 'kms:getpublickey' && lower !== 'kms:retiregrant';
}

/** What a statement leaves open: actions anyone can call, actions anyone reaching a VPC (endpoint) can call, and when. */
interface Openings {
  readonly open: Set<string>;
  readonly network: Set<string>;
  /** The VPC and endpoint values that the network-only ways test, as written (key: value). */
  readonly origins: Set<string>;
  /** The Resource entries the ways depend on, when the key ARN is unknown (SEMANTICS §1: "may" name the key). */
  readonly resources: Set<string>;
}

/**
 * The everyone class's answers for cross-account actions, as who-can rows list them: actions whose answers
 * read alike together, each such residual once.
 */
function everyoneRows(answers: readonly AllowAnswer[]): { readonly residual: Residual; readonly actions: string[] }[] {
  const rows = new Map<string, { readonly residual: Residual; readonly actions: string[] }>();
  const keys = new Map<Residual, string>();
  for (const a of answers) {
    if (a.seed.kind !== 'everyone' || !isCrossAccountAction(a.action) || a.residual.any.length === 0) continue;
    let key = keys.get(a.residual);
    if (key === undefined) keys.set(a.residual, (key = residualKey(a.residual)));
    const row = `${key}|${a.denies.map((d) => d.index).join(',')}`;
    const known = rows.get(row);
    if (known) known.actions.push(a.action);
    else rows.set(row, { residual: a.residual, actions: [a.action] });
  }
  return [...rows.values()];
}

/**
 * Whether a way can hold, unpinned, with the Denies the analysis kept as "unless" (too large to distribute)
 * excluded: read as if distributed, each needs a negated literal that pins nothing and can hold with the way.
 */
function escapesUnless(c: Conjunct, unless: readonly Conjunct[]): boolean {
  return unless.every((d) =>
    d.some((x) => {
      const l = negate(x);
      return !pins(l) && extend(c, l) !== undefined;
    }),
  );
}

/**
 * Sorts the ways to the everyone class: a way that pins the caller is not public; one that needs a Deny that
 * may name the key not to apply is not claimed (the Deny is taken to apply); one pinned only to a VPC or
 * endpoint is network-bound; the rest are open.
 */
function openings(rows: readonly { readonly residual: Residual; readonly actions: readonly string[] }[]): Openings {
  const out: Openings = { open: new Set(), network: new Set(), origins: new Set(), resources: new Set() };
  for (const { residual, actions } of rows) {
    for (const c of residual.any) {
      if (c.some(pins) || c.some((l) => l.atom.kind === 'resource' && !l.positive) || !escapesUnless(c, residual.unless)) continue;
      const network = c.filter((l) => fixedTest(l, NETWORK));
      for (const a of actions) (network.length > 0 ? out.network : out.open).add(a);
      for (const l of network) if (l.atom.kind === 'condition') out.origins.add(`${l.atom.condition.key} ${l.atom.condition.values.join(', ')}`);
      for (const l of c)
        if (l.atom.kind === 'resource')
          for (const r of l.atom.statement.resources) out.resources.add(l.atom.statement.resourceNegated ? `a key other than ${r.source}` : r.source);
    }
  }
  for (const a of out.open) out.network.delete(a);
  return out;
}

function listed(actions: Iterable<string>): string[] {
  return [...actions].map((a) => canonicalAction(a.toLowerCase()) ?? a);
}

function shown(list: readonly string[]): string {
  return list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', ');
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
      const found = openings(everyoneRows(allowAnswersOf(ctx.facts, st)));
      if (found.open.size === 0 && found.network.size === 0) continue;
      const source = st.source;
      const entry = source?.principal?.entries.find((e) => e.ref.kind === 'any');
      const at = entry ?? source?.notPrincipal?.span ?? source?.span;
      if (!at) continue;
      const attached = found.resources.size > 0 ? `, if this policy is attached to ${[...found.resources].join(' or ')}` : '';
      if (found.open.size > 0) {
        const list = listed(found.open);
        ctx.report({
          at,
          message: `Anyone in any AWS account can call ${shown(list)} on this key through this statement${attached}; only their own IAM policies stand in the way. Pin the caller with a condition on aws:PrincipalOrgID, aws:PrincipalAccount or kms:CallerAccount (aws:SourceArn or aws:SourceAccount for service principals).`,
          severity: list.some(severe) ? 'error' : 'warning',
        });
        continue;
      }
      ctx.report({
        at,
        message: `Anyone in any AWS account whose request comes through ${[...found.origins].join(' or ')} can call ${shown(listed(found.network))} on this key through this statement${attached}; only their own IAM policies and the network path stand in the way (Access Analyzer does not count this as public). If only your accounts should, also pin the caller with aws:PrincipalOrgID, aws:PrincipalAccount or kms:CallerAccount.`,
        severity: 'warning',
      });
    }
  },
};
