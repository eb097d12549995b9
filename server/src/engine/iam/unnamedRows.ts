/**
 * Rows for what the supplied IAM data cannot name: services, accounts whose data was not supplied (and
 * principals named in them), everyone, grantees outside the supplied accounts. They come from the unnamed
 * who-can analysis (residual/whoCan), so nothing it shows is lost; a row that needs an IAM allow in an
 * account that was not supplied is conditional on it.
 */
import type { PrincipalClass, WhoCanResult } from '../simulate/residual/whoCan';
import { describeResidual } from '../simulate/residual/describe';
import { isFalse, isTrue } from '../simulate/residual/dnf';
import { canonicalAction } from '../simulate/knowledge';
import type { NamedCell, NamedPrincipal, ResidualJson } from './answer';
import { residualText } from './cellJson';

const ARN = /^arn:[^:]+:(iam|sts)::(\d{12}):(user|role|assumed-role|federated-user)\/(?:.*\/)?([^/]+)$/;

/** The account a class stands in, when it has one. */
function accountOf(c: PrincipalClass): string | undefined {
  if (/^\d{12}$/.test(c.principal)) return c.principal;
  return ARN.exec(c.principal)?.[2] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(c.principal)?.[1];
}

/** Rows for the classes of `result` outside the supplied accounts (the key's account's delegation row too when its IAM is missing). */
export function unnamedRows(result: WhoCanResult, supplied: ReadonlySet<string>, keyAccount: string): NamedPrincipal[] {
  const rows = new Map<string, { principal: NamedPrincipal; cells: Map<string, NamedCell> }>();
  for (const c of result.classes) {
    const account = accountOf(c);
    if (account !== undefined && supplied.has(account)) continue;
    let row = rows.get(c.principal);
    if (!row) rows.set(c.principal, (row = { principal: rowOf(c, account), cells: new Map() }));
    for (const a of c.actions) {
      const action = canonicalAction(a.toLowerCase()) ?? a;
      const cell = cellOf(c, action, account, keyAccount);
      const prev = row.cells.get(action);
      // A class can have several rows for one action (one per Deny); the least certain wins.
      if (!prev || rank(cell) > rank(prev)) row.cells.set(action, cell);
    }
  }
  return [...rows.values()].map(({ principal, cells }) => ({
    ...principal,
    cells: result.actions.map(
      (a) => cells.get(a) ?? { action: a, decision: 'denied', via: 'direct', decidedBy: [], reason: 'The key policy does not admit it for this action.' },
    ),
  }));
}

function rank(c: NamedCell): number {
  return c.decision === 'conditional' ? 2 : c.decision === 'allowed' ? 1 : 0;
}

function rowOf(c: PrincipalClass, account: string | undefined): NamedPrincipal {
  const base = { arn: c.principal, ...(account ? { account } : {}), cells: [], chains: [] };
  if (c.kind === 'service') return { ...base, kind: 'service', name: c.principal };
  if (c.kind === 'everyone') return { ...base, kind: 'everyone', name: 'everyone' };
  const m = ARN.exec(c.principal);
  if (m) return { ...base, kind: m[3] === 'user' ? 'user' : 'role', name: m[4]! };
  return { ...base, kind: 'account', name: account ?? c.principal };
}

function cellOf(c: PrincipalClass, action: string, account: string | undefined, keyAccount: string): NamedCell {
  const decidedBy = c.statements.map((s) => ({
    source: 'key-policy' as const,
    policy: 'key policy',
    index: s.index,
    ...(s.sid ? { sid: s.sid } : {}),
    effect: s.effect,
  }));
  if (c.decision === 'denied' || isFalse(c.residual)) return { action, decision: 'denied', via: 'direct', decidedBy, reason: c.note };
  const needsIam = c.requires === 'iam' || (c.requires === 'iam-if-external' && (account === undefined || account !== keyAccount));
  let residual: ResidualJson = c.residual.tooComplex ? { any: [[]], unless: [], tooComplex: true } : describeResidual(c.residual);
  if (needsIam) {
    const iam = {
      operator: 'IdentityPolicyAllows',
      key: `(identity policies of ${account ? `account ${account}` : 'the caller’s account'}, not supplied)`,
      values: [],
    };
    residual = { ...residual, any: residual.any.map((conj) => [...conj, iam]) };
  }
  if (!needsIam && isTrue(c.residual)) return { action, decision: 'allowed', via: 'direct', decidedBy, reason: c.note };
  const when = residual.tooComplex ? 'conditions too complex to list' : `only when ${residualText(residual)}`;
  return { action, decision: 'conditional', residual, via: 'direct', decidedBy, reason: `${c.note} ${when[0]!.toUpperCase()}${when.slice(1)}.` };
}
