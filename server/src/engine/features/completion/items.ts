/** Completion candidates per slot, as plain records; index.ts turns them into LSP items with edits. */
import { CompletionItemKind } from 'vscode-languageserver-types';
import {
  allActions,
  allConditionKeys,
  allOperators,
  conditionKeysForAction,
  findConditionKey,
  kmsFacts,
  matchActions,
  valuesForKey,
  VIA_SERVICES,
  type ActionInfo,
} from '../../catalog';
import type { Span, Statement } from '../../parse/model';

/** A candidate: what to show and the JSON text (snippet syntax allowed) that replaces the site. */
export interface Candidate {
  readonly label: string;
  readonly kind: CompletionItemKind;
  /** JSON text to insert, in snippet syntax (escape literal `$`). */
  readonly insert: string;
  readonly detail?: string;
  readonly documentation?: string;
  /** Lower sorts first. */
  readonly rank: number;
  /** True when `insert` contains tab stops. */
  readonly snippet?: boolean;
}

const q = (s: string): string => JSON.stringify(s).replace(/\$/g, '\\$');

/** Values an element may take, as JSON text with tab stops. */
const KEY_TEMPLATES: Readonly<Record<string, string>> = {
  Version: '"2012-10-17"',
  Id: '"$1"',
  Statement: '[\n  $1\n]',
  Sid: '"$1"',
  Effect: '"${1|Allow,Deny|}"',
  Principal: '{ "AWS": "$1" }',
  NotPrincipal: '{ "AWS": "$1" }',
  Action: '[ "$1" ]',
  NotAction: '[ "$1" ]',
  Resource: '"*"',
  NotResource: '"$1"',
  Condition: '{\n  "$1": {\n    "$2": "$3"\n  }\n}',
};

/** Keys for an object, minus those already present. */
export function keyCandidates(names: readonly string[], present: ReadonlySet<string>, keyOnly: boolean): Candidate[] {
  return names
    .filter((n) => !present.has(n))
    .map((n, i) => ({
      label: n,
      kind: CompletionItemKind.Property,
      insert: keyOnly ? q(n) : `${q(n)}: ${KEY_TEMPLATES[n] ?? '"$1"'}`,
      rank: i,
      snippet: !keyOnly,
    }));
}

/** Common wildcard forms (`kms:Describe*`): verb prefixes shared by several actions. */
function wildcardForms(): { pattern: string; actions: readonly ActionInfo[] }[] {
  const verbs = new Map<string, number>();
  for (const a of allActions()) {
    const verb = /^[A-Z][a-z]+/.exec(a.name)?.[0];
    if (verb) verbs.set(verb, (verbs.get(verb) ?? 0) + 1);
  }
  const out = [{ pattern: 'kms:*', actions: allActions() }];
  for (const [verb, n] of verbs) if (n >= 2) out.push({ pattern: `kms:${verb}*`, actions: matchActions(`kms:${verb}*`) });
  for (const extra of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) out.push({ pattern: extra, actions: matchActions(extra) });
  return out;
}

/** True when the cursor is inside this span (a string: after its opening quote, before its closing one). */
export function under(span: Span, offset: number): boolean {
  return span.offset < offset && offset < span.offset + span.length;
}

/**
 * kms actions, ranked by relevance to the statement (same access levels first; IAM-only actions last). Items
 * already listed are left out, except the one under the cursor: that is the item being edited.
 */
export function actionCandidates(statement: Statement | undefined, offset = -1): Candidate[] {
  const listed = (statement?.action?.items ?? statement?.notAction?.items ?? []).filter((a) => !under(a, offset));
  const present = new Set(listed.map((a) => a.value.toLowerCase()));
  const levels = new Set<string>();
  for (const p of present) for (const a of matchActions(p)) a.accessLevels.forEach((l) => levels.add(l));
  const out: Candidate[] = [];
  for (const a of allActions()) {
    if (present.has(a.fullName.toLowerCase())) continue;
    const facts = kmsFacts(a.name);
    const inPolicy = facts?.keyPolicy === 'yes';
    const related = a.accessLevels.some((l) => levels.has(l));
    out.push({
      label: a.fullName,
      kind: CompletionItemKind.Function,
      insert: q(a.fullName),
      detail: `${a.accessLevel}${inPolicy ? '' : ' · no effect in a key policy'}`,
      documentation: a.description,
      rank: inPolicy ? (related ? 0 : 1) : 3,
    });
  }
  for (const w of wildcardForms()) {
    if (present.has(w.pattern.toLowerCase())) continue;
    out.push({
      label: w.pattern,
      kind: CompletionItemKind.Constant,
      insert: q(w.pattern),
      detail: `${w.actions.length} actions`,
      documentation: w.actions.map((a) => a.fullName).join(', '),
      rank: 2,
    });
  }
  return out;
}

/** Every operator with its IfExists and set-qualifier forms. */
export function operatorCandidates(present: ReadonlySet<string>): Candidate[] {
  const out: Candidate[] = [];
  for (const op of allOperators()) {
    const forms: [string, number][] = [[op.name, 0]];
    if (op.ifExists) forms.push([`${op.name}IfExists`, 1]);
    if (op.family !== 'Null') {
      forms.push([`ForAnyValue:${op.name}`, 2], [`ForAllValues:${op.name}`, 2]);
      if (op.ifExists) forms.push([`ForAnyValue:${op.name}IfExists`, 3], [`ForAllValues:${op.name}IfExists`, 3]);
    }
    for (const [name, rank] of forms) {
      if (present.has(name)) continue;
      out.push({
        label: name,
        kind: CompletionItemKind.Operator,
        insert: `${q(name)}: {\n  "$1": "$2"\n}`,
        snippet: true,
        detail: op.family,
        documentation: op.description,
        rank,
      });
    }
  }
  return out;
}

/** Condition keys: those the statement's actions support first, then the rest; templates get a tab stop. */
export function conditionKeyCandidates(statement: Statement | undefined, keyOnly: boolean): Candidate[] {
  const actions = (statement?.action?.items ?? []).flatMap((a) => matchActions(a.value));
  const supported = new Set<string>();
  for (const a of actions) for (const k of conditionKeysForAction(a.name)) supported.add(k.name.toLowerCase());
  return allConditionKeys().map((k) => {
    const name = k.template ? `${k.template.prefix}\${1:${k.template.variable}}` : k.name.replace(/\$/g, '\\$');
    const label = k.template ? `${k.template.prefix}<${k.template.variable}>` : k.name;
    const keyText = `"${name}"`;
    const stop = k.template ? 2 : 1;
    const value = k.multiValued ? `[ "$${stop}" ]` : `"$${stop}"`;
    const rank = supported.has(k.name.toLowerCase()) ? 0 : k.global ? 2 : actions.length === 0 ? 1 : 3;
    return {
      label,
      kind: CompletionItemKind.Variable,
      insert: keyOnly ? keyText : `${keyText}: ${value}`,
      snippet: true,
      detail: `${k.type}${k.multiValued ? ' (multi-valued: use ForAnyValue/ForAllValues)' : ''}${k.iamPolicyOnly ? ' · IAM policies only' : ''}`,
      documentation: k.description,
      rank,
    };
  });
}

/** Values for a condition key, given the key's account and Region when known. */
export function conditionValueCandidates(key: string, account: string | undefined, region: string | undefined): Candidate[] {
  const match = findConditionKey(key);
  if (!match) return [];
  const name = match.info.name.toLowerCase();
  const out: Candidate[] = [];
  const values = valuesForKey(key, region ? { region } : {});
  if (values) values.forEach((v, i) => out.push({ label: v, kind: CompletionItemKind.EnumMember, insert: q(v), rank: i }));
  else if (name === 'kms:viaservice') {
    VIA_SERVICES.forEach((s, i) =>
      out.push({
        label: `${s.prefix}.<region>.amazonaws.com`,
        kind: CompletionItemKind.EnumMember,
        insert: `"${s.prefix}.\${1:us-east-1}.amazonaws.com"`,
        snippet: true,
        detail: s.name,
        rank: i,
      }),
    );
  }
  if (account && ['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount'].includes(name)) {
    out.push({ label: account, kind: CompletionItemKind.Value, insert: q(account), detail: "the key's account", rank: -1 });
  }
  if (account && ['aws:principalarn', 'kms:granteeprincipal', 'kms:retiringprincipal'].includes(name)) {
    out.push({
      label: `arn:aws:iam::${account}:role/…`,
      kind: CompletionItemKind.Value,
      insert: `"arn:aws:iam::${account}:role/\${1:RoleName}"`,
      snippet: true,
      rank: 0,
    });
  }
  return out;
}

/** Principal-type keys. */
export function principalKeyCandidates(present: ReadonlySet<string>, keyOnly: boolean): Candidate[] {
  return [
    ['AWS', 'An account, IAM user or role, or an assumed-role session'],
    ['Service', 'An AWS service acting as itself (pin it with aws:SourceArn / aws:SourceAccount)'],
  ]
    .filter(([n]) => !present.has(n as string))
    .map(([n, d], i) => ({
      label: n as string,
      kind: CompletionItemKind.Property,
      insert: keyOnly ? q(n as string) : `${q(n as string)}: "$1"`,
      snippet: !keyOnly,
      detail: d as string,
      rank: i,
    }));
}

/** Principal values for a principal type. */
export function principalValueCandidates(type: string, account: string | undefined): Candidate[] {
  if (type === 'Service') {
    return VIA_SERVICES.map((s, i) => ({
      label: `${s.prefix}.amazonaws.com`,
      kind: CompletionItemKind.Value,
      insert: q(`${s.prefix}.amazonaws.com`),
      detail: s.name,
      rank: i,
    }));
  }
  const a = account ?? '${1:111122223333}';
  return [
    {
      label: `arn:aws:iam::${account ?? '<account>'}:root`,
      kind: CompletionItemKind.Value,
      insert: `"arn:aws:iam::${a}:root"`,
      snippet: !account,
      detail: 'the account (delegates to its IAM policies)',
      rank: 0,
    },
    {
      label: `arn:aws:iam::${account ?? '<account>'}:role/…`,
      kind: CompletionItemKind.Value,
      insert: `"arn:aws:iam::${account ?? '${1:111122223333}'}:role/\${${account ? 1 : 2}:RoleName}"`,
      snippet: true,
      detail: 'an IAM role (and all its sessions)',
      rank: 1,
    },
    {
      label: `arn:aws:iam::${account ?? '<account>'}:user/…`,
      kind: CompletionItemKind.Value,
      insert: `"arn:aws:iam::${account ?? '${1:111122223333}'}:user/\${${account ? 1 : 2}:UserName}"`,
      snippet: true,
      detail: 'an IAM user',
      rank: 2,
    },
    { label: '*', kind: CompletionItemKind.Value, insert: '"*"', detail: 'everyone in every account: pin it with a condition', rank: 5 },
  ];
}
