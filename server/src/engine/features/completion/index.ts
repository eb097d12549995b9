/**
 * Completion: what fits at the cursor (by JSON position), inserted as valid JSON. Each candidate replaces
 * the string or word under the cursor and adds the comma a neighbour needs.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { Located, PolicyDocument } from '../../parse/model';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../../parse/model';
import { locate } from '../position';
import { insertSite, type InsertSite } from './site';
import {
  actionCandidates,
  conditionKeyCandidates,
  conditionValueCandidates,
  keyCandidates,
  operatorCandidates,
  principalKeyCandidates,
  principalValueCandidates,
  type Candidate,
  under,
} from './items';
import { STATEMENT_SNIPPETS, defaultPolicySnippet } from './snippets';

/** What completion knows about the key. */
export interface CompletionContext {
  readonly account?: string;
  readonly region?: string;
}

function toItem(doc: PolicyDocument, c: Candidate, site: InsertSite): CompletionItem {
  const text = `${site.leadingComma ? ', ' : ''}${c.insert}${site.trailingComma ? ',' : ''}`;
  const range = { start: doc.positionAt(site.offset), end: doc.positionAt(site.offset + site.length) };
  const item: CompletionItem = {
    label: c.label,
    kind: c.kind,
    sortText: `${String(c.rank + 10).padStart(3, '0')}${c.label}`,
    // Filter on what the site currently holds (it starts with a quote when replacing a string).
    filterText: site.typed.startsWith('"') ? `"${c.label}"` : c.label,
    textEdit: { range, newText: text },
    insertTextFormat: c.snippet || /\$\d|\$\{/.test(text) ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: 'markdown', value: c.documentation };
  return item;
}

/**
 * Names already present in the object around the cursor, except the one being edited: the name under the
 * cursor is what the user is replacing, so it stays on offer (`"Eff|ect"` still offers Effect).
 */
function presentKeys(doc: PolicyDocument, offset: number, scope: 'top' | 'statement' | 'principal' | 'operator'): Set<string> {
  const policy = doc.policy;
  if (!policy) return new Set();
  const others = (names: readonly Located<string>[]): Set<string> => new Set(names.filter((n) => !under(n, offset)).map((n) => n.value));
  if (scope === 'top') return others(policy.members.map((m) => m.name));
  const s = policy.statements.find((st) => st.span.offset < offset && offset < st.span.offset + st.span.length);
  if (!s) return new Set();
  if (scope === 'statement') return others(s.members.map((m) => m.name));
  if (scope === 'principal') return others([...(s.principal?.typeKeys ?? []), ...(s.notPrincipal?.typeKeys ?? [])].map((m) => m.name));
  return others((s.condition?.clauses ?? []).map((c) => c.operator));
}

/** Completion items at `offset`. */
export function complete(doc: PolicyDocument, offset: number, ctx: CompletionContext): CompletionList {
  const place = locate(doc, offset);
  const site = insertSite(doc, offset, place);
  const account = ctx.account;
  const accountSnippet = account ?? '${1:111122223333}';
  let candidates: Candidate[] = [];
  switch (place.slot.kind) {
    case 'topKey':
      candidates = keyCandidates(POLICY_ELEMENTS, presentKeys(doc, offset, 'top'), site.keyOnly);
      break;
    case 'topValue':
      if (place.slot.key === 'Version')
        candidates = ['2012-10-17', '2008-10-17'].map((v, i) => ({
          label: v,
          kind: CompletionItemKind.Constant,
          insert: `"${v}"`,
          rank: i,
          ...(i === 1 ? { detail: 'legacy: policy variables are not supported' } : {}),
        }));
      break;
    case 'statementList':
      candidates = STATEMENT_SNIPPETS.map((s, i) => ({
        label: s.label,
        kind: CompletionItemKind.Snippet,
        insert: s.body(accountSnippet),
        snippet: true,
        detail: s.detail,
        rank: i,
      }));
      break;
    case 'statementKey':
      candidates = keyCandidates(STATEMENT_ELEMENTS, presentKeys(doc, offset, 'statement'), site.keyOnly);
      break;
    case 'statementValue': {
      const el = place.slot.element;
      if (el === 'Effect') candidates = ['Allow', 'Deny'].map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, insert: `"${v}"`, rank: i }));
      else if (el === 'Action' || el === 'NotAction') candidates = actionCandidates(place.statement, offset);
      else if (el === 'Resource')
        candidates = [
          {
            label: '*',
            kind: CompletionItemKind.Constant,
            insert: '"*"',
            detail: 'this key (the only resource a key policy controls)',
            rank: 0,
          },
        ];
      else if (el === 'Principal' || el === 'NotPrincipal')
        candidates = [
          {
            label: '{ "AWS": … }',
            kind: CompletionItemKind.Struct,
            insert: `{ "AWS": "arn:aws:iam::${accountSnippet}:root" }`,
            snippet: true,
            rank: 0,
          },
          {
            label: '{ "Service": … }',
            kind: CompletionItemKind.Struct,
            insert: '{ "Service": "${1:cloudtrail.amazonaws.com}" }',
            snippet: true,
            rank: 1,
          },
        ];
      break;
    }
    case 'principalKey':
      candidates = principalKeyCandidates(presentKeys(doc, offset, 'principal'), site.keyOnly);
      break;
    case 'principalValue':
      candidates = principalValueCandidates(place.slot.principalType, account);
      break;
    case 'operatorKey':
      candidates = operatorCandidates(presentKeys(doc, offset, 'operator')).map((c) =>
        site.keyOnly ? { ...c, insert: JSON.stringify(c.label), snippet: false } : c,
      );
      break;
    case 'conditionKey':
      candidates = conditionKeyCandidates(place.statement, site.keyOnly);
      break;
    case 'conditionValue':
      candidates = conditionValueCandidates(place.slot.key, account, ctx.region);
      break;
    case 'other':
      break;
  }
  // An empty document: offer the whole default key policy (not one too deep to read, which has no root either).
  if (!doc.root && doc.text.trim() === '') {
    candidates = [
      {
        label: 'Default key policy',
        kind: CompletionItemKind.Snippet,
        insert: defaultPolicySnippet(accountSnippet),
        snippet: true,
        detail: 'What CreateKey applies when no policy is given',
        rank: 0,
      },
    ];
  }
  return { isIncomplete: false, items: candidates.map((c) => toItem(doc, c, site)) };
}
