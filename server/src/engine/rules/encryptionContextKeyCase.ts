/**
 * KP511: a `kms:EncryptionContext:<k>` condition whose `<k>` is written with capitals. Condition key names
 * are matched case-insensitively, the `<k>` included, so `kms:EncryptionContext:Department` also matches a
 * request whose context key is `department` or `DEPARTMENT`; only the value is case-sensitive (under the
 * case-sensitive operators). A policy that means to require the exact key spelling pins nothing. The
 * multi-valued key kms:EncryptionContextKeys compares key names as values, case-sensitively, so it can.
 *
 * Quiet when the same statement already tests kms:EncryptionContextKeys with the exact `<k>`. Info only:
 * most policies do not care about the spelling, but the ones that do are silently wrong.
 *
 * Fix (Allow statements only; narrowing a Deny would weaken it): add
 * `"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "<k>"}`.
 */
import type { PolicyRule } from './types';
import { stringValues } from '../facts';
import { addConditionKey } from '../fixes/conditionEdits';

const PREFIX = 'kms:encryptioncontext:';

/** KP511 encryption-context-key-case. */
export const encryptionContextKeyCase: PolicyRule = {
  code: 'KP511',
  name: 'encryption-context-key-case',
  severity: 'info',
  summary: 'The <k> in kms:EncryptionContext:<k> is matched case-insensitively; use kms:EncryptionContextKeys to require its exact case.',
  check(ctx) {
    // Every spelling of each context key across the policy, to say when two statements disagree.
    const spellings = new Map<string, Set<string>>();
    for (const f of ctx.facts.statements) {
      for (const t of f.tests) {
        if (!t.key.startsWith(PREFIX)) continue;
        const k = t.entry.key.value.slice(PREFIX.length);
        const set = spellings.get(k.toLowerCase()) ?? new Set<string>();
        set.add(k);
        spellings.set(k.toLowerCase(), set);
      }
    }
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      // The key names the statement requires exactly; read only for a statement with a mixed-case key.
      let exactKeys: ReadonlySet<string> | undefined;
      for (const t of f.tests) {
        if (!t.key.startsWith(PREFIX)) continue;
        const k = t.entry.key.value.slice(PREFIX.length);
        if (k === '' || k === k.toLowerCase()) continue;
        exactKeys ??= new Set(
          f
            .testsOf('kms:EncryptionContextKeys')
            .filter((x) => !x.negated)
            .flatMap((x) => stringValues(x.entry).map((v) => v.value)),
        );
        if (exactKeys.has(k)) continue;
        const variants = [...(spellings.get(k.toLowerCase()) ?? [])].filter((x) => x !== k);
        const edit = s.effect?.value === 'Allow' ? addConditionKey(ctx.doc.text, s, 'ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', k) : undefined;
        ctx.report({
          at: t.entry.key,
          message:
            `The context key "${k}" in this condition is matched case-insensitively, so it also matches "${k.toLowerCase()}" and any other spelling` +
            (variants.length ? ` (this policy also writes it as ${variants.map((v) => `"${v}"`).join(', ')}, which is the same key)` : '') +
            `. If the exact spelling matters, also require it with kms:EncryptionContextKeys, which compares key names case-sensitively.`,
          ...(edit ? { fixes: [{ title: `Require the context key "${k}" exactly (kms:EncryptionContextKeys)`, edits: [edit] }] } : {}),
        });
      }
    }
  },
};
