/**
 * A principal the file leaves open (`!Ref AdminArn`, `var.admin_arn`, `arn:aws:iam::${account}:root` in a
 * template) is somebody, not nobody and not everybody. As text it is no valid principal, so the parsed policy
 * is given, for each AWS principal entry inside an uncertain open string, a stand-in the simulator counts: a
 * role of the key's account named «its expression». The lockout check then never rests on it (an open
 * administrator still administers), and it never makes a statement public; the reports show it by its
 * expression (hosts/relabel.ts).
 */
import type { PolicyDocument, PrincipalBlock, Statement } from '../model';
import { cleanLabel } from './sourceValue';
import type { OpenSpan } from './render';

/** The document with open AWS principals read as stand-ins; `patched` when there was one. */
export function withOpenPrincipals(
  doc: PolicyDocument,
  opens: readonly OpenSpan[],
  account: string,
  partition: string,
): { doc: PolicyDocument; patched: boolean } {
  const policy = doc.policy;
  const uncertain = opens.filter((o) => o.uncertain);
  if (!policy || uncertain.length === 0) return { doc, patched: false };
  let patched = false;
  const inOpen = (offset: number): boolean => uncertain.some((o) => offset >= o.offset && offset < o.offset + o.length);
  const block = (b: PrincipalBlock | undefined): PrincipalBlock | undefined => {
    if (!b || !b.entries.some((e) => e.type === 'AWS' && e.ref.kind === 'invalid' && inOpen(e.offset))) return b;
    patched = true;
    return {
      ...b,
      entries: b.entries.map((e) => {
        if (e.type !== 'AWS' || e.ref.kind !== 'invalid' || !inOpen(e.offset)) return e;
        const name = `«${cleanLabel(e.value)}»`;
        return { ...e, ref: { kind: 'role', account, partition, arn: `arn:${partition}:iam::${account}:role/${name}`, path: '/', name } };
      }),
    };
  };
  const statements = policy.statements.map((s): Statement => {
    const principal = block(s.principal);
    const notPrincipal = block(s.notPrincipal);
    return principal === s.principal && notPrincipal === s.notPrincipal ? s : { ...s, principal, notPrincipal };
  });
  return patched ? { doc: { ...doc, policy: { ...policy, statements } }, patched } : { doc, patched };
}
