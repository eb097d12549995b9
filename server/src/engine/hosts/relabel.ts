/**
 * Words for what a policy written out from a template names symbolically: the stand-in account becomes the
 * template's own name for it («AWS::AccountId»), and a role or user of the same file, written
 * `role/«AppRole»` in its ARN, becomes "role AppRole in this template". Applied to every message, hover,
 * lens title and report that leaves the host layer.
 */
import type { EmbeddedDocument, HostModel } from '../parse/host/hostModel';

/** Rewrites the engine's words for one key's policy. */
export type Relabel = (text: string) => string;

/** Escapes text for a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The relabelling of one key's policy. Its patterns are built on first use: most keys have no finding to word (a
 * thousand templates linted, a thousand sets of patterns never used).
 */
export function relabelFor(host: HostModel, embedded: EmbeddedDocument): Relabel {
  let pairs: [RegExp, string][] | undefined;
  return (text) => (pairs ??= patterns(host, embedded)).reduce((t, [re, to]) => t.replace(re, to), text);
}

/** The patterns of relabelFor and what each becomes. */
function patterns(host: HostModel, embedded: EmbeddedDocument): [RegExp, string][] {
  const pairs: [RegExp, string][] = [];
  const standIn = embedded.context.account === host.standInAccount ? host.standInAccount : undefined;
  const account = standIn ? `(?:account )?${standIn}` : embedded.context.account ? `(?:account )?${literal(embedded.context.account)}` : '\\S+';
  for (const ref of embedded.refs) {
    const name = literal(ref.name);
    const words = `${ref.iam} ${ref.name} in ${host.where}`;
    pairs.push([new RegExp(`IAM ${ref.iam} «${name}» in ${account}`, 'g'), words]);
    pairs.push([new RegExp(`${ref.iam} «${name}»`, 'g'), words]);
  }
  // A principal left open is written as a role named «its expression»: it is not known to be a role.
  pairs.push([new RegExp(`IAM role («[^»]*») in ${account}`, 'g'), '$1']);
  pairs.push([/\brole («[^»]*»)/g, '$1']);
  if (standIn) pairs.push([new RegExp(standIn, 'g'), `«${host.accountLabel}»`]);
  return pairs;
}
