/**
 * KP418: a condition key that the statement's actions do not carry (Access Analyzer
 * UNSUPPORTED_ACTION_FOR_CONDITION_KEY). The key is always absent for them, so a positive test is false and a
 * negated test is vacuous.
 * - No action the statement matches supports the key (kms:EncryptionContext:<k> on a statement that allows only
 *   kms:DescribeKey): reported on the key, whatever the effect.
 * - Only some do (kms:GrantIsForAWSResource beside Encrypt and Decrypt, kms:EncryptionContext:<k> beside
 *   DescribeKey): an Allow whose test needs the key can never allow the others, so each Action entry none of whose
 *   actions carries a required key is reported, once, on the entry. Not for read-only entries (kms:Describe*)
 *   in a statement for service principals only: AWS's own service statements (CloudWatch Logs,
 *   encrypt-log-data-kms.md) list kms:Describe* beside an encryption-context condition, and a service that needs
 *   the key's metadata gets it elsewhere; the dead part is harmless there.
 * Global keys apply to every action; actions that have no effect in a key policy are not counted.
 */
import type { ActionItem, ConditionTest } from '../facts';
import type { PolicyRule } from './types';
import { kmsFacts, type ActionInfo } from '../catalog';

/** True when a test on an absent key is true (so the key's absence restricts nothing). */
function vacuous(t: ConditionTest): boolean {
  const op = t.operator;
  return (
    op.negated ||
    op.ifExists ||
    op.qualifier === 'ForAllValues' ||
    (op.family === 'Null' && t.entry.values.every((v) => String(v.value).toLowerCase() === 'true'))
  );
}

const inKeyPolicy = (a: ActionInfo): boolean => kmsFacts(a.name)?.keyPolicy === 'yes';
const readOnly = (a: ActionInfo): boolean => a.accessLevels.every((l) => l === 'Read' || l === 'List');

/** KP418 key-not-supported-by-actions. */
export const keyNotSupportedByActions: PolicyRule = {
  code: 'KP418',
  name: 'key-not-supported-by-actions',
  severity: 'warning',
  summary: "A condition key that the statement's actions (or some of them) never carry: the test always sees an absent key.",
  check(ctx) {
    for (const f of ctx.facts.statements) {
      const statement = f.statement;
      const actions = f.covered;
      if (!actions) continue;
      // Action entries already reported for this statement (one finding per entry).
      const reported = new Set<unknown>();
      const servicesOnly = f.allowed.length > 0 && f.allowed.every((e) => e.ref.kind === 'service');
      // Each Action entry with the key-policy actions it matches, read once per statement (asked per test below).
      let entries: { readonly ai: ActionItem; readonly matched: readonly ActionInfo[] }[] | undefined;
      for (const t of f.conditions) {
        const { entry } = t;
        const match = t.catalogKey;
        if (!match || match.info.actions === 'all') continue;
        const supporting = match.info.actions;
        const supports = (a: ActionInfo): boolean => supporting.includes(a.name);
        if (actions.some(supports)) {
          // Some actions carry the key: the others are dead parts of an Allow whose test needs it.
          if (statement.effect?.value !== 'Allow' || !statement.action || !t.operator.valid || vacuous(t)) continue;
          entries ??= f.actionItems.flatMap((ai) => {
            const matched = ai.element === 'Action' ? ai.facts.matched.filter(inKeyPolicy) : [];
            return matched.length > 0 ? [{ ai, matched }] : [];
          });
          for (const { ai, matched } of entries) {
            if (matched.some(supports) || reported.has(ai) || (servicesOnly && matched.every(readOnly))) continue;
            reported.add(ai);
            const names = matched.length <= 3 ? matched.map((a) => a.fullName).join(', ') : `the ${matched.length} actions of ${ai.item.value}`;
            ctx.report({
              at: ai.item,
              message: `This statement can never allow ${names}: its condition requires "${match.canonical}", which no request for ${matched.length === 1 ? 'it' : 'them'} carries. Move ${ai.item.value} to a statement without that condition, or remove it.`,
            });
          }
          continue;
        }
        const known = t.operator.known;
        const listed = actions.length <= 3 ? actions.map((a) => a.fullName).join(', ') : `${actions.length} actions`;
        const outcome = !known
          ? 'the test always sees an absent key'
          : vacuous(t)
            ? 'this test is always true and restricts nothing'
            : statement.effect?.value === 'Deny'
              ? 'this test is always false and the Deny never applies'
              : 'this test is always false and the statement never applies';
        ctx.report({
          at: entry.key,
          message: `No request for ${listed} carries "${match.canonical}", so ${outcome}. Move the condition to a statement with actions that support the key (e.g. kms:${supporting[0] ?? ''}).`,
        });
      }
    }
  },
};
