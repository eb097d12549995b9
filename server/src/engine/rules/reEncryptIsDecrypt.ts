/**
 * KP509: a statement that allows kms:ReEncryptFrom (directly or through `kms:ReEncrypt*`) but not
 * kms:Decrypt. ReEncryptFrom decrypts the ciphertext inside KMS and re-encrypts it under a key the caller
 * chooses, one whose Decrypt the caller may hold, so it is as good as Decrypt. A statement that leaves Decrypt
 * out to keep principals from reading data does not achieve that.
 *
 * Info by default: re-encryption is a legitimate job, and the point is that the principals here can read the
 * data. A warning where the policy visibly restricts Decrypt for the same principals and ReEncryptFrom walks
 * around it: a Deny of kms:Decrypt that leaves ReEncryptFrom out, or an Allow of kms:Decrypt under conditions
 * this statement does not impose. Statements that grant Decrypt too are not reported: there is nothing hidden.
 */
import type { Policy, Statement } from '../parse/model';
import type { PolicyRule, Severity } from './types';
import { hasCapability, type PolicyFacts, type StatementFacts } from '../facts';
import { listNames } from '../messages';

/** True when two statements may apply to a common principal (either names `*` or uses NotPrincipal, or they share an entry). */
function overlap(a: Statement, b: Statement): boolean {
  if (a.notPrincipal || b.notPrincipal) return true;
  const av = (a.principal?.entries ?? []).map((e) => e.value);
  const bv = new Set((b.principal?.entries ?? []).map((e) => e.value));
  return av.includes('*') || bv.has('*') || av.some((v) => bv.has(v));
}

/** How the policy restricts Decrypt for this statement's principals in a way ReEncryptFrom escapes; undefined when it does not. */
function decryptRestriction(facts: PolicyFacts, f: StatementFacts, policy: Policy): string | undefined {
  const s = f.statement;
  const own = new Set(f.tests.map((t) => t.key));
  for (const g of facts.statements) {
    if (g === f || !overlap(s, g.statement)) continue;
    const covered = g.covered ?? [];
    const denies = g.statement.effect?.value === 'Deny' && covered.some((a) => a.name === 'Decrypt') && !covered.some((a) => a.name === 'ReEncryptFrom');
    if (denies) return `statement ${label(g.statement, policy)} denies kms:Decrypt but not kms:ReEncryptFrom`;
    if (g.statement.effect?.value !== 'Allow' || !g.grantedNames.has('Decrypt')) continue;
    const missing = [...new Set(g.tests.map((t) => t.entry.key.value))].filter((k) => !own.has(k.toLowerCase()));
    if (missing.length > 0)
      return `statement ${label(g.statement, policy)} allows kms:Decrypt only under ${listNames(
        missing.map((k) => `"${k}"`),
        3,
      )}, which this statement does not require`;
  }
  return undefined;
}

function label(s: Statement, policy: Policy): string {
  return s.sid?.value ? `"${s.sid.value}"` : `${policy.statements.indexOf(s) + 1}`;
}

/** KP509 re-encrypt-is-decrypt. */
export const reEncryptIsDecrypt: PolicyRule = {
  code: 'KP509',
  name: 're-encrypt-is-decrypt',
  severity: 'info',
  summary:
    'ReEncryptFrom (kms:ReEncrypt*) is decrypt-equivalent: the principals can read the data even without kms:Decrypt (a warning where the policy restricts Decrypt).',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (s.effect?.value !== 'Allow') continue;
      const decrypting = f.grantedWhere((a) => hasCapability(a, 'decrypt'));
      if (decrypting.length === 0 || decrypting.some((a) => a.name === 'Decrypt')) continue;
      const names = listNames(
        decrypting.map((a) => `kms:${a.name}`),
        4,
      );
      const item = f.itemWhere((a) => hasCapability(a, 'decrypt'));
      if (!item) continue;
      const restriction = decryptRestriction(ctx.facts, f, ctx.policy);
      const severity: Severity | undefined = restriction ? 'warning' : undefined;
      ctx.report({
        at: item,
        message: restriction
          ? `${names} decrypts inside KMS and re-encrypts under a key the caller picks, so it walks around the policy's limit on kms:Decrypt: ${restriction}. Give ${names} the same limit, or remove it.`
          : `${names} decrypts inside KMS and re-encrypts under a key the caller picks, so these principals can read data encrypted under this key even without kms:Decrypt. Keep it only for principals that may decrypt.`,
        ...(severity ? { severity } : {}),
      });
    }
  },
};
