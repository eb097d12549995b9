/**
 * The document-level checks KMS applies before reading any statement: valid JSON, no comments or trailing
 * commas, no duplicate members, a JSON object at the root. Each syntax-problem kind has its own code so
 * users can tune them separately. (Grouped in one file: each is a two-line mapping of parser problems.)
 */
import type { SyntaxProblem } from '../parse/model';
import type { DocumentRule, DocumentRuleContext } from './types';

function fromProblems(kinds: readonly SyntaxProblem['kind'][]) {
  return (ctx: DocumentRuleContext): void => {
    for (const p of ctx.doc.syntaxProblems) {
      if (!kinds.includes(p.kind)) continue;
      ctx.report({
        at: p,
        message: p.message,
        ...(p.related ? { related: [{ ...p.related, message: 'First occurrence' }] } : {}),
        ...(p.kind === 'comment' || p.kind === 'trailing-comma' || p.kind === 'bom'
          ? { fixes: [{ title: p.kind === 'comment' ? 'Remove the comment' : p.kind === 'bom' ? 'Remove the byte-order mark' : 'Remove the trailing comma', edits: [{ offset: p.offset, length: p.length, newText: '' }], preferred: true }] }
          : {}),
      });
    }
  };
}

/** KP001: the text is not valid JSON. */
export const jsonSyntax: DocumentRule = {
  scope: 'document',
  code: 'KP001',
  name: 'json-syntax',
  severity: 'error',
  summary: 'The text is not valid JSON (KMS rejects the policy); analysis continues on what parses.',
  check: fromProblems(['syntax', 'empty', 'too-deep']),
};

/** KP002: comments are not JSON and KMS rejects them. */
export const noComments: DocumentRule = {
  scope: 'document',
  code: 'KP002',
  name: 'no-comments',
  severity: 'error',
  summary: 'Comments are not allowed in a key policy.',
  check: fromProblems(['comment']),
};

/** KP003: trailing commas are not JSON and KMS rejects them. */
export const noTrailingComma: DocumentRule = {
  scope: 'document',
  code: 'KP003',
  name: 'no-trailing-comma',
  severity: 'error',
  summary: 'Trailing commas are not allowed in a key policy.',
  check: fromProblems(['trailing-comma']),
};

/** KP004: a member name repeated in one object. */
export const duplicateMember: DocumentRule = {
  scope: 'document',
  code: 'KP004',
  name: 'duplicate-member',
  severity: 'error',
  summary: 'A member name appears twice in one object; KMS rejects it and JSON readers silently keep one.',
  check: fromProblems(['duplicate-key']),
};

/** KP005: a byte-order mark. */
export const byteOrderMark: DocumentRule = {
  scope: 'document',
  code: 'KP005',
  name: 'byte-order-mark',
  severity: 'error',
  summary: 'The text starts with a byte-order mark, a character KMS does not accept.',
  check: fromProblems(['bom']),
};

/** KP006: the root is not a JSON object. */
export const rootNotObject: DocumentRule = {
  scope: 'document',
  code: 'KP006',
  name: 'root-not-object',
  severity: 'error',
  summary: 'A key policy is a JSON object with Version and Statement.',
  check(ctx) {
    const root = ctx.doc.root;
    if (!root || root.type === 'object') return;
    ctx.report({ at: { offset: root.offset, length: root.length, pointer: '' }, message: `A key policy must be a JSON object with "Version" and "Statement", not ${root.type === 'array' ? 'an array' : `a ${root.type}`}.` });
  },
};
