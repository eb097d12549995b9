/**
 * Values a template leaves open are unknown, not errors, and no claim rests on them. A key's policy is written
 * out with each open value as the string «its expression» (parse/host/render.ts); this decides which findings
 * of the rules still hold:
 * - a finding inside an open string judges the stand-in, not the template: dropped (an «!Ref Actions» is not an
 *   unknown action, «var.admin» not a malformed principal ARN);
 * - the simulator's claims (KP6xx: public, lockout, fragile, no delegation, shadowed, never matching) are
 *   withheld when an open value could change them: KP600 and KP604 when the statement reported or a Deny is
 *   open somewhere, KP605 when the statement reported is, KP601–KP603 when any statement is;
 * - the KMS checks that judge who a principal is (KP5xx: full access for someone other than the account, access
 *   for another account…) are withheld in a statement whose principal is open.
 * Values known in kind (the key's Region, a role of the same file) change nothing here and withhold nothing.
 */
import type { EmbeddedDocument } from '../parse/host/hostModel';
import type { OpenSpan } from '../parse/host/render';
import type { Statement } from '../parse/model';
import type { Finding } from '../rules/types';

/** What is open in one key's policy, by statement. */
export class OpenIndex {
  /** Statements holding an uncertain open value (by index), and whether any Deny does. */
  private readonly openStatements = new Set<number>();
  /** Statements whose Principal or NotPrincipal holds an uncertain open value. */
  private readonly openPrincipals = new Set<number>();
  private openDeny = false;
  /** True when any statement holds an uncertain open value (or the Statement list itself is open). */
  readonly anyUncertain: boolean;

  constructor(private readonly embedded: EmbeddedDocument) {
    const statements = embedded.doc.policy?.statements ?? [];
    let any = false;
    for (const o of embedded.opens) {
      if (!o.uncertain) continue;
      any = true;
      const s = statementAt(statements, o.offset);
      if (!s) continue;
      this.openStatements.add(s.index);
      if (s.effect?.value !== 'Allow') this.openDeny = true;
      const p = s.principal?.span ?? s.notPrincipal?.span;
      if (p && o.offset >= p.offset && o.offset < p.offset + p.length) this.openPrincipals.add(s.index);
    }
    this.anyUncertain = any;
  }

  /** The open string a JSON span lies in, if any. */
  openAt(offset: number, length: number): OpenSpan | undefined {
    return this.embedded.opens.find((o) => offset >= o.offset && offset + length <= o.offset + o.length);
  }

  /** Whether a finding of the rules holds for the template (see the file comment). */
  keeps(f: Finding): boolean {
    if (this.openAt(f.at.offset, f.at.length)) return false;
    if (!this.anyUncertain) return true;
    const s = statementAt(this.embedded.doc.policy?.statements ?? [], f.at.offset);
    if (f.code.startsWith('KP5')) return s === undefined || !this.openPrincipals.has(s.index);
    if (!f.code.startsWith('KP6')) return true;
    const here = s !== undefined && this.openStatements.has(s.index);
    switch (f.code) {
      case 'KP600':
      case 'KP604':
        return !here && !this.openDeny;
      case 'KP605':
        return !here;
      default:
        return false;
    }
  }

  /** The labels of the uncertain open values, in order, without repeats (for the who-can caveat). */
  uncertainLabels(): string[] {
    return [...new Set(this.embedded.opens.filter((o) => o.uncertain).flatMap((o) => o.labels))];
  }
}

function statementAt(statements: readonly Statement[], offset: number): Statement | undefined {
  return statements.find((s) => s.span.offset <= offset && offset < s.span.offset + s.span.length);
}
