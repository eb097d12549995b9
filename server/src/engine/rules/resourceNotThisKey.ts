/**
 * KP501: a Resource other than "*" (or this key's ARN), or any NotResource. In a key policy "*" means the
 * key the policy is attached to; any other value is compared with the key's ARN, so a different key's ARN,
 * an alias ARN or a typo makes the statement never apply, and NotResource only confuses readers.
 *
 * When the caller knows the key ARN, a Resource that matches it (exactly or by glob) is accepted. When it is
 * unknown, every ARN is reported, because the policy cannot show that it names this key. Items beside a
 * "*" in the same list are reported as unnecessary (info). Empty lists are KP117's business.
 *
 * Fix: replace the element's value with "*" (for NotResource: write `"Resource": "*"`; offered but not
 * preferred, because a NotResource that excludes this key currently makes the statement dead).
 */
import type { Located, StringList } from '../parse/model';
import type { Fix, PolicyRule, RuleContext } from './types';
import { removeArrayItem, replaceString } from '../fixes/edits';

/** Case-sensitive glob match (`*` any run, `?` one character), as Resource ARNs are matched. */
function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function replaceValueFix(list: StringList, title: string): Fix {
  return { title, edits: [{ offset: list.node.offset, length: list.node.length, newText: '"*"' }], preferred: true };
}

function checkResource(ctx: RuleContext, list: StringList): void {
  const keyArn = ctx.context.keyArn;
  const hasStar = list.items.some((i) => i.value === '*');
  const thisKey = (item: Located<string>): boolean => item.value === '*' || (keyArn !== undefined && globMatch(item.value, keyArn));
  const others = list.items.filter((i) => !thisKey(i));
  if (others.length === 0) return;
  const anyMatches = list.items.some(thisKey);
  for (const item of others) {
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
          : `"${item.value}" is not this key's ARN, so it never matches; this statement applies through the other Resource entry. Remove it.`,
        ...(remove ? { fixes: [{ title: `Remove "${item.value}"`, edits: [remove], preferred: true }] } : {}),
      });
      continue;
    }
    const why = alias
      ? 'an alias ARN never matches in a key policy (the resource is always the key)'
      : keyArn
        ? `it does not match this key (${keyArn}), so the statement never applies`
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
    for (const s of ctx.policy.statements) {
      if (s.resource && s.resource.items.length > 0) checkResource(ctx, s.resource);
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
