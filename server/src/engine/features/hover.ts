/**
 * Hover: explains what is under the cursor — an action, a condition key, an operator, a principal, a
 * statement's Sid — and the rule findings at that spot.
 */
import type { Hover } from 'vscode-languageserver-types';
import { findAction, findConditionKey, kmsFacts, matchActions, parseOperator } from '../catalog';
import type { PolicyDocument } from '../parse/model';
import { describePrincipal, parsePrincipal } from '../parse/principalRef';
import type { Finding } from '../rules/types';
import { rangeOf } from '../diagnostics';
import { locate } from './position';
import { statementSummary } from './statementSummary';
import { statementLabel } from './symbols';

const FACTS_TEXT: Record<string, string> = {
  yes: '',
  iamOnly: 'Only IAM policies can allow it: it has **no effect in a key policy**.',
  noEffect: 'Has **no effect in a key policy**: the grant decides.',
  internal: 'Called by KMS itself; not for customer policies.',
};

function actionHover(name: string): string | undefined {
  if (/[*?]/.test(name)) {
    const matched = matchActions(name);
    if (matched.length === 0) return `**${name}** matches no kms action.`;
    return `**${name}** matches ${matched.length} action${matched.length === 1 ? '' : 's'}:\n\n${matched.map((a) => `\`${a.fullName}\``).join(', ')}`;
  }
  const a = findAction(name);
  if (!a) return undefined;
  const facts = kmsFacts(a.name);
  const lines = [
    `**${a.fullName}** — ${a.accessLevel}`,
    '',
    a.description,
    '',
    `Resource types: ${a.resourceTypes.map((r) => r.name).join(', ') || 'none (`Resource: *` in IAM policies)'}`,
  ];
  if (facts) {
    if (FACTS_TEXT[facts.keyPolicy]) lines.push('', FACTS_TEXT[facts.keyPolicy] as string);
    lines.push('', `Cross-account: ${facts.crossAccount ? 'yes' : 'no'} · Grant operation: ${facts.grantable ? 'yes' : 'no'}`);
  }
  if (a.conditionKeys.length > 0) lines.push('', `Condition keys: ${a.conditionKeys.map((k) => `\`${k}\``).join(', ')}`);
  if (a.dependentActions.length > 0) lines.push('', `Dependent actions: ${a.dependentActions.join(', ')}`);
  lines.push('', `[AWS KMS API Reference](${a.documentationUrl})`);
  return lines.join('\n');
}

function keyHover(key: string): string | undefined {
  const m = findConditionKey(key);
  if (!m) return undefined;
  const k = m.info;
  const actions =
    k.actions === 'all' ? 'every request (global key)' : k.actions.length > 8 ? `${k.actions.length} kms actions` : k.actions.map((a) => `kms:${a}`).join(', ');
  const lines = [
    `**${m.canonical}** — ${k.type}, ${k.multiValued ? 'multi-valued (use ForAnyValue/ForAllValues)' : 'single-valued'}`,
    '',
    k.description,
    '',
    `Set on: ${actions}`,
  ];
  if (m.variable !== undefined && k.template) lines.push('', `${k.template.variable}: \`${m.variable}\``);
  if (k.iamPolicyOnly) lines.push('', 'Documented for **IAM policies only**: in a key policy it does not do what it seems to.');
  if (k.replacedBy) lines.push('', `Deprecated: use \`${k.replacedBy}\`.`);
  return lines.join('\n');
}

function operatorHover(text: string): string | undefined {
  const p = parseOperator(text);
  if (!p) return undefined;
  const lines = [`**${text}** — ${p.info.family} operator`, '', p.info.description];
  if (p.ifExists) lines.push('', '`IfExists`: true when the key is absent from the request; otherwise as the base operator.');
  else if (p.info.family === 'Null') lines.push('', '`true`: the key is absent; `false`: the key is present.');
  else lines.push('', p.info.negated ? 'When the key is absent the condition is **true**.' : 'When the key is absent the condition is **false**.');
  if (p.qualifier === 'ForAllValues') lines.push('', '`ForAllValues`: every request value must match; **true when the key is absent or empty**.');
  if (p.qualifier === 'ForAnyValue') lines.push('', '`ForAnyValue`: at least one request value must match; false when the key is absent.');
  return lines.join('\n');
}

/** Hover at `offset`, with the findings of the document's lint (rule explanations). */
export function hover(doc: PolicyDocument, offset: number, findings: readonly Finding[], ruleSummary: (code: string) => string | undefined): Hover | null {
  const place = locate(doc, offset);
  const parts: string[] = [];
  const node = place.stringNode;
  const value = node ? String(node.value) : undefined;
  const slot = place.slot;
  if (value !== undefined) {
    if (slot.kind === 'statementValue' && (slot.element === 'Action' || slot.element === 'NotAction'))
      parts.push(actionHover(value) ?? `**${value}** is not a kms action.`);
    else if (slot.kind === 'conditionKey') parts.push(keyHover(value) ?? `**${value}** is not a known condition key.`);
    else if (slot.kind === 'operatorKey') parts.push(operatorHover(value) ?? `**${value}** is not a condition operator.`);
    else if (slot.kind === 'principalValue' || (slot.kind === 'statementValue' && (slot.element === 'Principal' || slot.element === 'NotPrincipal'))) {
      const ref = parsePrincipal(slot.kind === 'principalValue' ? slot.principalType : '*', value);
      const extra =
        ref.kind === 'account'
          ? ' — delegates to its IAM policies: any principal there whose IAM policy allows the action'
          : ref.kind === 'role'
            ? ' — every session of this role'
            : ref.kind === 'any'
              ? ' — pin it with a condition (aws:PrincipalOrgID, kms:CallerAccount…) or the key is public'
              : '';
      parts.push(`**${value}**\n\n${describePrincipal(ref)}${extra}`);
    } else if (slot.kind === 'statementValue' && slot.element === 'Sid' && place.statement) {
      parts.push(`**${statementLabel(place.statement)}**\n\n${statementSummary(place.statement)}.`);
    }
  }
  const here = findings.filter((f) => f.at.offset <= offset && offset <= f.at.offset + f.at.length);
  for (const f of here) {
    const summary = ruleSummary(f.code);
    parts.push(`**${f.code} ${f.name}** (${f.severity}): ${f.message}${summary ? `\n\n_${summary}_` : ''}`);
  }
  if (parts.length === 0) return null;
  const range = node ? rangeOf(doc, node) : undefined;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, ...(range ? { range } : {}) };
}
