/**
 * The tightened key policy: a proposal, never applied here. Usage statements are narrowed to the principals
 * and actions the trail shows were used through them, or removed when nothing used them; Denies, delegation
 * and administrator statements stay as written (statementRoles.ts). The proposal is then checked three ways:
 * - lockout: it must leave the key as manageable as before (else the statements allowing kms:PutKeyPolicy are
 *   restored, and failing that nothing is proposed);
 * - replay: every recorded call the current policy allows must still be allowed (else the statements those
 *   calls used are restored);
 * - lint: the findings it has that the current policy has not are reported.
 */
import { lintDocument } from '../lint';
import { statementName } from '../messages';
import type { PolicyDocument } from '../parse/model';
import { parsePolicy } from '../parse/parsePolicy';
import { ALL_RULES } from '../rules';
import { compile, lockout, type CompiledPolicy, type LockoutResult } from '../simulate';
import { keyArnParts } from './keyRefs';
import { narrowStatement, type Narrowing } from './narrow';
import { applyStatementEdits, type StatementEdit } from './policyEdits';
import { keptBecause, statementRole, type StatementRole } from './statementRoles';
import { candidateStatements, replay, usedSamples, type GroupUsage, type UsageKey } from './usage';
import { analysedActions } from './whoDid';

/** What the proposal does to one statement. */
export interface StatementChange {
  readonly index: number;
  readonly sid?: string;
  readonly role: StatementRole;
  readonly change: 'kept' | 'narrowed' | 'removed';
  /** One sentence: what changed and why. */
  readonly why: string;
  readonly removedPrincipals: readonly string[];
  readonly addedPrincipals: readonly string[];
  readonly removedActions: readonly string[];
}

/** A recorded call the proposal would refuse (only when nothing could be done about it). */
export interface LostCall {
  readonly principal: string;
  readonly action: string;
}

/** The proposal and its checks. */
export interface Tightening {
  /** The proposed policy text (the current text when nothing can be tightened). */
  readonly text: string;
  readonly changed: boolean;
  readonly statements: readonly StatementChange[];
  readonly lockout: { readonly before: LockoutResult['status']; readonly after: LockoutResult['status'] };
  readonly lint: {
    readonly errors: number;
    readonly warnings: number;
    readonly newFindings: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
  };
  /** Recorded calls replayed against the proposal: how many the current policy allows, and how many the proposal still allows. */
  readonly replay: { readonly checked: number; readonly allowed: number; readonly lost: readonly LostCall[] };
  readonly notes: readonly string[];
}

const RANK: Record<LockoutResult['status'], number> = { ok: 0, fragile: 1, locked: 2 };

/** Drafts a tightened policy from the usage of the current one (`usage` from policyUsage over the same document). */
export function tightenPolicy(doc: PolicyDocument, usage: readonly GroupUsage[], key: UsageKey, policy: CompiledPolicy = compile(doc)): Tightening {
  const parts = keyArnParts(key.arn);
  const account = parts?.account;
  const partition = parts?.partition ?? 'aws';
  const options = { key: key.arn, ...(parts ? { account: parts.account, region: parts.region, partition } : {}) };
  const before = lockout(policy, options).status;
  if (doc.syntaxProblems.length > 0) {
    return unchanged(
      doc,
      policy,
      parts,
      before,
      ['No tightening is proposed: the policy has syntax problems KMS would reject; fix them first.'],
      replayCheck(policy, policy, usage, key),
    );
  }
  const rights = new Set(analysedActions(key).map((a) => a.toLowerCase()));
  const notes: string[] = [];
  const protect = new Set<number>();
  let draft = build(doc, policy, usage, protect, account, partition, rights);
  let proposal = compile(draft.text);
  let after = lockout(proposal, options).status;
  if (RANK[after] > RANK[before]) {
    for (const st of policy.statements) if (st.effect === 'Allow' && st.coveredActions.has('kms:putkeypolicy')) protect.add(st.index);
    notes.push(
      `The first draft would leave the key ${after === 'locked' ? 'locked (nobody could change its policy)' : 'harder to manage'}; the statements allowing kms:PutKeyPolicy are kept as they are.`,
    );
    draft = build(doc, policy, usage, protect, account, partition, rights);
    proposal = compile(draft.text);
    after = lockout(proposal, options).status;
  }
  let check = replayCheck(policy, proposal, usage, key);
  // Defensive: a call the current policy allows must stay allowed. Restore the statements it used.
  for (let round = 0; check.lostUsages.length > 0 && round < policy.statements.length + 1; round++) {
    const grew = check.lostUsages.some((u) => u.statements.some((i) => !protect.has(i)));
    if (!grew) break;
    for (const u of check.lostUsages) for (const i of u.statements) protect.add(i);
    draft = build(doc, policy, usage, protect, account, partition, rights);
    proposal = compile(draft.text);
    after = lockout(proposal, options).status;
    check = replayCheck(policy, proposal, usage, key);
  }
  if (RANK[after] > RANK[before]) {
    notes.push('No tightening is proposed: every draft would make the key harder to manage than it is now.');
    return unchanged(doc, policy, parts, before, notes, replayCheck(policy, policy, usage, key));
  }
  const lint = lintDelta(doc, draft.text, parts);
  const changed = draft.text !== doc.text;
  if (!changed) notes.push('Nothing to tighten: every statement that grants use of the key was used as written, or is kept.');
  notes.push(...draft.notes);
  return {
    text: draft.text,
    changed,
    statements: draft.changes,
    lockout: { before, after },
    lint,
    replay: { checked: check.checked, allowed: check.allowed, lost: check.lost },
    notes,
  };
}

interface Draft {
  readonly text: string;
  readonly changes: StatementChange[];
  /** Things the reader should check in the draft. */
  readonly notes: string[];
}

function build(
  doc: PolicyDocument,
  policy: CompiledPolicy,
  usage: readonly GroupUsage[],
  protect: ReadonlySet<number>,
  account: string | undefined,
  partition: string,
  rights: ReadonlySet<string>,
): Draft {
  const edits: StatementEdit[] = [];
  const changes: StatementChange[] = [];
  const notes: string[] = [];
  const model = doc.policy;
  if (!model) return { text: doc.text, changes, notes };
  for (const st of policy.statements) {
    const source = model.statements.find((s) => s.index === st.index);
    const role = statementRole(st, account);
    const base = {
      index: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      role,
      removedPrincipals: [],
      addedPrincipals: [],
      removedActions: [],
    };
    if (role !== 'usage' || !source) {
      changes.push({ ...base, change: 'kept', why: `Kept ${label(st)}: ${keptBecause(role, account)}.` });
      continue;
    }
    if (protect.has(st.index)) {
      changes.push({
        ...base,
        change: 'kept',
        why: `Kept ${label(st)} as it is: narrowing it would refuse recorded calls or weaken who can manage the key.`,
      });
      continue;
    }
    const own = new Set([...st.coveredActions].filter((a) => rights.has(a)));
    const uses = usage.filter(
      (u) => u.group.action !== undefined && (u.status === 'explained' || u.status === 'unverified') && u.statements.includes(st.index),
    );
    if (uses.length === 0) {
      edits.push({ index: st.index, remove: true });
      changes.push({
        ...base,
        change: 'removed',
        removedActions: [...own].sort(),
        why: `Removed ${label(st)}: no recorded call used it in the window.`,
      });
      continue;
    }
    const n = narrowStatement(source, st, uses, own, partition);
    const outsiders = n.addedPrincipals.filter((p) => p.startsWith('arn:') && p.split(':')[4] !== account);
    if (outsiders.length > 0)
      notes.push(
        `${capital(label(st))} let ${outsiders.join(', ')} in through "*"; the proposal keeps them because they used it: check that they should have access at all.`,
      );
    if (!n.edit) {
      changes.push({
        ...base,
        change: 'kept',
        why: `Kept ${label(st)}: every principal and action in it was used.${n.note ? ` (${n.note})` : ''}`,
      });
      continue;
    }
    edits.push(n.edit);
    changes.push({
      ...base,
      change: 'narrowed',
      removedPrincipals: n.removedPrincipals,
      addedPrincipals: n.addedPrincipals,
      removedActions: n.removedActions,
      why: narrowedWhy(st, n),
    });
  }
  return { text: applyStatementEdits(doc.text, model, edits), changes, notes };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function label(st: { index: number; sid?: string }): string {
  return statementName(st.index, st.sid);
}

function narrowedWhy(st: { index: number; sid?: string }, n: Narrowing): string {
  const parts: string[] = [];
  if (n.removedPrincipals.length > 0) parts.push(`dropped unused principals ${n.removedPrincipals.join(', ')}`);
  if (n.addedPrincipals.length > 0) parts.push(`named the callers that used it (${n.addedPrincipals.join(', ')}) instead of "*"`);
  if (n.removedActions.length > 0) parts.push(`dropped unused actions ${n.removedActions.join(', ')}; kept ${n.keptActions.join(', ')}`);
  if (n.note) parts.push(n.note);
  return `Narrowed ${label(st)}: ${parts.join('; ')}.`;
}

interface ReplayCheck {
  readonly checked: number;
  readonly allowed: number;
  readonly lost: LostCall[];
  readonly lostUsages: GroupUsage[];
}

/** Replays the kept samples of every successful group against the current policy and the proposal. */
export function replayCheck(current: CompiledPolicy, proposal: CompiledPolicy, usage: readonly GroupUsage[], key: UsageKey): ReplayCheck {
  let checked = 0;
  let allowed = 0;
  const lost: LostCall[] = [];
  const lostUsages: GroupUsage[] = [];
  for (const u of usage) {
    const action = u.group.action;
    if (action === undefined || (u.status !== 'explained' && u.status !== 'unverified')) continue;
    let lostHere = false;
    for (const s of usedSamples(u.group)) {
      const now = replay(current, s, action, key);
      let ok: boolean;
      if (now?.decision === 'allow') {
        checked++;
        ok = replay(proposal, s, action, key)?.decision === 'allow';
      } else if (candidateStatements(current, s, action, key.arn).length > 0) {
        checked++;
        ok = candidateStatements(proposal, s, action, key.arn).length > 0;
      } else continue;
      if (ok) allowed++;
      else lostHere = true;
    }
    if (lostHere) {
      lostUsages.push(u);
      lost.push({ principal: u.group.principal.id, action });
    }
  }
  return { checked, allowed, lost, lostUsages };
}

function lintDelta(doc: PolicyDocument, text: string, parts: ReturnType<typeof keyArnParts>): Tightening['lint'] {
  const settings = {
    context: parts
      ? {
          account: parts.account,
          region: parts.region,
          partition: parts.partition,
          keyArn: `arn:${parts.partition}:kms:${parts.region}:${parts.account}:key/${parts.keyId}`,
        }
      : {},
  };
  const before = lintDocument(doc, ALL_RULES, settings).findings;
  const after = lintDocument(parsePolicy(text), ALL_RULES, settings).findings;
  const counts = new Map<string, number>();
  for (const f of before) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  const seen = new Map<string, number>();
  const newFindings: { code: string; severity: string; message: string }[] = [];
  for (const f of after) {
    const n = (seen.get(f.code) ?? 0) + 1;
    seen.set(f.code, n);
    if (n > (counts.get(f.code) ?? 0)) newFindings.push({ code: f.code, severity: f.severity, message: f.message });
  }
  return {
    errors: after.filter((f) => f.severity === 'error').length,
    warnings: after.filter((f) => f.severity === 'warning').length,
    newFindings,
  };
}

function unchanged(
  doc: PolicyDocument,
  policy: CompiledPolicy,
  parts: ReturnType<typeof keyArnParts>,
  status: LockoutResult['status'],
  notes: string[],
  check: ReplayCheck,
): Tightening {
  return {
    text: doc.text,
    changed: false,
    statements: policy.statements.map((st) => ({
      index: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      role: statementRole(st, parts?.account),
      change: 'kept' as const,
      why: `Kept ${label(st)}.`,
      removedPrincipals: [],
      addedPrincipals: [],
      removedActions: [],
    })),
    lockout: { before: status, after: status },
    lint: lintDelta(doc, doc.text, parts),
    replay: { checked: check.checked, allowed: check.allowed, lost: check.lost },
    notes,
  };
}
