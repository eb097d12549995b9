/**
 * KP501: a Resource other than "*" (or this key's ARN), or any NotResource. In a key policy "*" means the
 * key the policy is attached to; any other value is compared with the key's ARN, so a different key's ARN,
 * an alias ARN or a typo makes the statement never apply, and NotResource only confuses readers.
 *
 * Entries are matched as the simulator matches them (SEMANTICS §1, Resource: three-valued), part by part. With
 * the key ARN known, an entry that matches it is accepted and any other never applies. Without it, an entry
 * that matches whatever the key is (every part `*` or the known partition, Region and account, with `key/*`)
 * is accepted; one that cannot be this key (another account or Region when they are known, another service,
 * an alias) is reported as never applying; and one that may be this key is reported without that claim:
 * it either repeats this key's ARN or never applies. Items beside a "*" (or beside an entry that matches) in
 * the same list are reported as unnecessary (info). Empty lists are KP117's business.
 *
 * Fix: replace the element's value with "*" (for NotResource: write `"Resource": "*"`; offered but not
 * preferred, because a NotResource that excludes this key currently makes the statement dead).
 */
import type { Located, StringList } from '../parse/model';
import type { Fix, PolicyRule, RuleContext } from './types';
import { removeArrayItem, replaceString } from '../fixes/edits';
import type { KeyRef } from '../simulate/keyRef';
import { lintKey } from '../simulate/lintQueries';
import { resourceEntryVerdict, type EntryVerdict } from '../simulate/statements';

function replaceValueFix(list: StringList, title: string): Fix {
  return { title, edits: [{ offset: list.node.offset, length: list.node.length, newText: '"*"' }], preferred: true };
}

/** Why an entry cannot be this key, by the ARN part that rules it out. */
function cannotBe(value: string, part: EntryVerdict['part'], key: KeyRef): string {
  const parts = value.split(':');
  switch (part) {
    case 'account':
      return `it names account ${parts[4]}, not this key's account ${key.account}, so the statement never applies`;
    case 'region':
      return `it names Region ${parts[3]}, not this key's Region ${key.region}, so the statement never applies`;
    case 'partition':
      return `it names partition ${parts[1]}, not this key's partition ${key.partition}, so the statement never applies`;
    case 'resource':
      return 'it names a KMS resource that is not a key, so the statement never applies';
    default:
      return 'it is not a KMS key ARN, so the statement never applies';
  }
}

function checkResource(ctx: RuleContext, list: StringList, key: KeyRef): void {
  const keyArn = key.arn;
  const verdicts = new Map(list.items.map((i) => [i, resourceEntryVerdict(i.value, key)]));
  const thisKey = (item: Located<string>): boolean => verdicts.get(item)?.verdict === 'matches';
  const hasStar = list.items.some((i) => i.value === '*');
  const others = list.items.filter((i) => !thisKey(i));
  if (others.length === 0) return;
  const anyMatches = list.items.some(thisKey);
  for (const item of others) {
    const verdict = verdicts.get(item) as EntryVerdict;
    const alias = /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(item.value);
    if (hasStar || anyMatches) {
      const node = (list.node.children ?? []).find((c) => c.offset === item.offset);
      const remove = node ? removeArrayItem(node) : undefined;
      ctx.report({
        at: item,
        severity: 'info',
        unnecessary: true,
        message: hasStar
          ? `"${item.value}" adds nothing beside "*", which already means this key in a key policy; remove it.`
          : verdict.verdict === 'may'
            ? `"${item.value}" adds nothing: this statement already applies to this key through the other Resource entry. Remove it.`
            : `"${item.value}" is not this key's ARN, so it never matches; this statement applies through the other Resource entry. Remove it.`,
        ...(remove ? { fixes: [{ title: `Remove "${item.value}"`, edits: [remove], preferred: true }] } : {}),
      });
      continue;
    }
    const why = alias
      ? 'an alias ARN never matches in a key policy (the resource is always the key)'
      : keyArn
        ? `it does not match this key (${keyArn}), so the statement never applies`
        : verdict.verdict === 'not'
          ? cannotBe(item.value, verdict.part, key)
          : 'a key policy only ever governs its own key, so any value other than "*" either repeats this key\'s ARN or makes the statement never apply';
    ctx.report({
      at: item,
      message: `Resource "${item.value}" in a key policy: ${why}. Use "*", which means this key.`,
      fixes: [
        list.isArray && list.items.length > 1
          ? replaceValueFix(list, 'Replace the Resource list with "*"')
          : list.isArray
            ? { title: 'Replace with "*"', edits: [replaceString(item, '*')], preferred: true }
            : replaceValueFix(list, 'Replace with "*"'),
      ],
    });
  }
}

/** KP501 resource-not-this-key. */
export const resourceNotThisKey: PolicyRule = {
  code: 'KP501',
  name: 'resource-not-this-key',
  severity: 'warning',
  summary: 'A Resource other than "*" (or this key\'s ARN), or a NotResource: the statement never applies or is confusing.',
  check(ctx) {
    const key = lintKey(ctx.facts);
    for (const s of ctx.policy.statements) {
      if (s.resource && s.resource.items.length > 0) checkResource(ctx, s.resource, key);
      const notResource = s.notResource;
      if (!notResource) continue;
      const member = s.members.find((m) => m.name.value === 'NotResource');
      if (!member) continue;
      const canRewrite = !s.resource;
      ctx.report({
        at: member.name,
        message:
          'NotResource in a key policy: the policy only governs its own key, so NotResource either excludes this key (the statement never applies) or excludes nothing (it means "*"). Write "Resource": "*" instead.',
        ...(canRewrite
          ? {
              fixes: [
                {
                  title: 'Replace with "Resource": "*"',
                  edits: [{ offset: member.whole.offset, length: member.whole.length, newText: '"Resource": "*"' }],
                },
              ],
            }
          : {}),
      });
    }
  },
};
