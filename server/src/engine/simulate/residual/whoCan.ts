/**
 * whoCan(policy, actions, options) → every principal class that can perform the actions on the key, with the
 * residual conditions that must hold (SEMANTICS §6):
 *   Allowed(Π, a) = ⋁{cond(s) : Allow s on Π's path} ∧ ¬⋁{cond(d) : Deny d covering Π}
 * Conditions on keys the action never carries are decided as absent; keys fixed for the class (its account,
 * its ARN's account, service flags, key facts) are substituted; contradictions and absorbed alternatives are
 * dropped; classes that can never be allowed disappear, and classes a Deny removes entirely are listed as
 * denied. IAM identity policies, SCPs, RCPs and VPC endpoint policies are not known here, and grants count
 * only when supplied: every result says so.
 */
import { normaliseAction, type CompiledPolicy } from '../compile';
import { compileGrant } from '../grants';
import { canonicalAction, expandActions } from '../knowledge';
import { resolveKey, type KeyRef } from '../keyRef';
import { stateBlocks } from '../keyState';
import { statementLabel } from '../evaluate';
import type { Grant, KeyState } from '../types';
import { classOf, indexOf, openQuestion, pieceFor, ref, statementTerm, type Piece, type Question, type StatementRef } from './analyse';
import { seedClasses, seedFor, type ClassKind, type ClassSeed, type Requirement } from './classes';
import { FALSE, isFalse, isTrue, residualKey, type Residual } from './dnf';
import type { Population } from './population';

export type { StatementRef } from './analyse';

/** Options of a who-can analysis. */
export interface WhoCanOptions {
  /** The key's account, when the policy alone does not say. */
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** The key id or ARN. */
  readonly key?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** The key state; default Enabled. */
  readonly keyState?: KeyState;
  /** Grants on the key. */
  readonly grants?: readonly Grant[];
  /**
   * The literal operations the analysis may spend simplifying conditions (default 1,500,000). Past it the
   * answer stays exact but unsimplified: rows are conditional, marked too complex to list.
   */
  readonly budget?: number;
}

/** One row of a who-can answer. */
export interface PrincipalClass {
  /** ARN, account id, service principal or "*". */
  readonly principal: string;
  readonly kind: ClassKind;
  /**
   * allow: unconditionally; conditional: when `residual` holds; denied: a Deny removes every allow the class had
   * (or names it while nothing allows it), `residual` then says when the Deny applies.
   */
  readonly decision: 'allow' | 'conditional' | 'denied';
  /** The analysed actions this row is about (canonical names). */
  readonly actions: readonly string[];
  readonly requires: Requirement;
  readonly residual: Residual;
  readonly statements: readonly StatementRef[];
  readonly population: Population;
  /** A sentence for people: who the class is and what else it needs. */
  readonly note: string;
}

/** A who-can answer. */
export interface WhoCanResult {
  /** The analysed actions (canonical). */
  readonly actions: readonly string[];
  readonly key: KeyRef;
  readonly classes: readonly PrincipalClass[];
  /** Actions the key state refuses whatever the policy says. */
  readonly blockedByKeyState: readonly string[];
  /** What the answer leaves out; always includes the IAM/SCP/RCP/grants caveat. */
  readonly caveats: readonly string[];
}

/** The caveat every who-can answer carries. */
export const WHO_CAN_CAVEAT =
  'IAM identity policies, SCPs, RCPs and VPC endpoint policies are not evaluated, and grants count only when supplied: classes marked as needing IAM depend on policies outside this key policy.';

/** Runs a who-can analysis. `actions` are names or globs (`kms:Decrypt`, `Decrypt`, `kms:Get*`). */
export function whoCan(policy: CompiledPolicy, actions: readonly string[], options: WhoCanOptions = {}): WhoCanResult {
  const expanded = expandActions(actions.map(normaliseAction));
  const key = resolveKey({ ...options, ...(options.account ? { keyAccount: options.account } : {}) });
  const grants = (options.grants ?? []).map(compileGrant);
  const seeds = seedClasses(policy, grants, key.account, key.partition);
  const q = openQuestion(policy, options, seeds.length * expanded.length > 1);
  const state = options.keyState ?? 'Enabled';
  const caveats = [WHO_CAN_CAVEAT];
  if (!key.account) caveats.push("The key's account is unknown: every account the policy names is treated as possibly the key's own.");
  const blocked: string[] = [];
  const rows: PrincipalClass[] = [];
  const classes = seeds.map((seed) => classOf(q, seed));
  const perSeed = new Map<string, { seed: ClassSeed; byAction: Map<string, Piece> }>();
  for (const action of expanded) {
    const lower = action.toLowerCase();
    if (stateBlocks(state, lower)) {
      blocked.push(action);
      continue;
    }
    const index = indexOf(q, lower);
    for (const cls of classes) {
      const piece = pieceFor(cls, index, lower, q);
      if (!piece) continue;
      let entry = perSeed.get(cls.seed.key);
      if (!entry) perSeed.set(cls.seed.key, (entry = { seed: cls.seed, byAction: new Map() }));
      entry.byAction.set(action, piece);
    }
  }
  const signatures = new Map<Piece, string>();
  for (const { seed, byAction } of perSeed.values()) rows.push(...groupRows(seed, byAction, signatures));
  rows.push(...deniedOnly(q, expanded, seeds, state, rows));
  if (!key.arn && rows.some((r) => [...r.residual.any, ...r.residual.unless].some((c) => c.some((l) => l.atom.kind === 'resource')))) {
    caveats.push(
      'The key ARN is unknown: statements whose Resource may name this key hold only under a ResourceIs condition; give the key ARN to decide them.',
    );
  }
  if (blocked.length > 0) caveats.push(`The key is ${state}: ${blocked.join(', ')} ${blocked.length === 1 ? 'is' : 'are'} refused whatever the policy says.`);
  return { actions: expanded, key, classes: rows, blockedByKeyState: blocked, caveats };
}

/** Rows for one class: actions with the same residual share a row. */
function groupRows(seed: ClassSeed, byAction: Map<string, Piece>, signatures: Map<Piece, string>): PrincipalClass[] {
  const groups = new Map<string, { actions: string[]; piece: Piece; decision: PrincipalClass['decision'] }>();
  for (const [action, piece] of byAction) {
    const decision = isFalse(piece.residual) ? 'denied' : isTrue(piece.residual) ? 'allow' : 'conditional';
    let sig = signatures.get(piece);
    if (sig === undefined) signatures.set(piece, (sig = `${decision}|${residualKey(piece.residual)}|${piece.statements.map((s) => s.index).join(',')}`));
    const g = groups.get(sig);
    if (g) g.actions.push(canonicalAction(action.toLowerCase()) ?? action);
    else groups.set(sig, { actions: [canonicalAction(action.toLowerCase()) ?? action], piece, decision });
  }
  return [...groups.values()].map((g) => ({
    principal: seed.principal,
    kind: seed.kind,
    decision: g.decision,
    actions: g.actions,
    requires: seed.requires,
    residual: g.decision === 'denied' ? FALSE : g.piece.residual,
    statements: g.piece.statements,
    population: seed.population,
    note: classNote(seed),
  }));
}

/** Principals named in Deny statements that no class covers: listed as denied, with when the Deny applies. */
function deniedOnly(q: Question, actions: readonly string[], seeds: readonly ClassSeed[], state: KeyState, rows: readonly PrincipalClass[]): PrincipalClass[] {
  const out = new Map<string, PrincipalClass>();
  const covered = new Set(rows.map((r) => r.principal));
  const known = new Set(seeds.map((s) => s.principal));
  for (const action of actions) {
    const lower = action.toLowerCase();
    if (stateBlocks(state, lower)) continue;
    for (const prepared of indexOf(q, lower).denies) {
      const st = prepared.planned.statement;
      if (st.principalMode !== 'principal') continue;
      for (const p of st.principals) {
        const seed = seedFor(p, q.key.account, q.key.partition);
        // "*" denials show in every class's residual; only named principals get a row of their own.
        if (!seed || seed.kind === 'everyone' || covered.has(seed.principal) || known.has(seed.principal)) continue;
        const c = statementTerm(q, classOf(q, seed), prepared);
        if (!c) continue;
        const id = `${seed.principal}|${st.index}`;
        const prev = out.get(id);
        if (prev) (prev.actions as string[]).push(canonicalAction(lower) ?? action);
        else {
          out.set(id, {
            principal: seed.principal,
            kind: seed.kind,
            decision: 'denied',
            actions: [canonicalAction(lower) ?? action],
            requires: seed.requires,
            residual: { any: [c], unless: [] },
            statements: [ref(st)],
            population: seed.population,
            note: `${statementLabel(st)} denies it${c.length > 0 ? ' when its conditions hold' : ''}.`,
          });
        }
      }
    }
  }
  return [...out.values()];
}

/** A sentence describing a class and what it needs. */
function classNote(seed: ClassSeed): string {
  switch (seed.kind) {
    case 'account':
      return `IAM principals of account ${seed.principal} whose IAM policies allow it (the root user always can): the key policy delegates to the account.`;
    case 'principal':
      return 'Named in the key policy; needs nothing else.';
    case 'external-principal':
      return 'Named in the key policy from another account; its own account must also allow it through IAM.';
    case 'external-account':
      return `Principals of account ${seed.principal} whose IAM policies allow it: another account needs both the key policy and its own IAM allow.`;
    case 'service':
      return 'An AWS service acting as itself.';
    case 'everyone':
      return 'Every principal in every account, and AWS services: callers from other accounts also need an allow in their own IAM policies.';
    case 'grantee':
      return seed.grant?.role === 'retiring' ? 'The retiring principal of a grant (RetireGrant only).' : 'The grantee of a supplied grant.';
  }
}
