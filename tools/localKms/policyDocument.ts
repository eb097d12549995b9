/**
 * What CreateKey and PutKeyPolicy accept as a key policy: the checks KMS applies before storing
 * a policy (size, characters, strict JSON, document shape, principals). Rejections are
 * MalformedPolicyDocumentException, except the API model's own length limits (ValidationException).
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { constraintViolation, malformedPolicy } from './errors';

/** KMS's key policy size quota in bytes (not adjustable). */
export const MAX_POLICY_BYTES = 32768;

/** The API model's length limit on the Policy member, in characters. */
export const MAX_POLICY_CHARS = 131072;

/**
 * Throws the exception KMS answers for an unacceptable policy text; returns the parsed document.
 * The over-32 KB case is reported as MalformedPolicyDocumentException, as the project's
 * wire-protocol reference records (SEMANTICS.md cites LimitExceededException for it; AWS's docs
 * do not settle which).
 */
export function validatePolicyText(policy: unknown): Record<string, unknown> {
  if (policy === undefined || policy === null) {
    throw constraintViolation('policy', policy, 'Member must not be null');
  }
  if (typeof policy !== 'string') throw malformedPolicy('The policy must be a string.');
  if (policy.length < 1) throw constraintViolation('policy', policy, 'Member must have length greater than or equal to 1');
  if (policy.length > MAX_POLICY_CHARS) {
    throw constraintViolation('policy', '…', `Member must have length less than or equal to ${MAX_POLICY_CHARS}`);
  }
  const bytes = Buffer.byteLength(policy, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw malformedPolicy(`The key policy is ${bytes} bytes; the maximum key policy size is ${MAX_POLICY_BYTES} bytes.`);
  }
  for (let i = 0; i < policy.length; i++) {
    const c = policy.charCodeAt(i);
    if (!(c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xff))) {
      throw malformedPolicy(
        `The key policy contains a character that is not allowed (U+${c.toString(16).toUpperCase().padStart(4, '0')} at offset ${i}); only tab, LF, CR and U+0020-U+00FF are allowed.`,
      );
    }
  }
  const errors: ParseError[] = [];
  const tree = parseTree(policy, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || tree === undefined) {
    const first = errors[0];
    throw malformedPolicy(
      first === undefined
        ? 'The key policy is not valid JSON.'
        : `The key policy is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}.`,
    );
  }
  const duplicate = findDuplicateMember(tree);
  if (duplicate !== undefined) throw malformedPolicy(`The key policy repeats the member "${duplicate}" in one object.`);
  const doc: unknown = JSON.parse(policy);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw malformedPolicy('The key policy must be a JSON object.');
  }
  checkDocument(doc as Record<string, unknown>);
  return doc as Record<string, unknown>;
}

function findDuplicateMember(node: Node): string | undefined {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const name = property.children?.[0]?.value;
      if (typeof name === 'string') {
        if (seen.has(name)) return name;
        seen.add(name);
      }
    }
  }
  for (const child of node.children ?? []) {
    const found = findDuplicateMember(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

function checkDocument(doc: Record<string, unknown>): void {
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw malformedPolicy('The key policy Version must be "2012-10-17" or "2008-10-17".');
  }
  const statements = doc.Statement;
  if (statements === undefined) throw malformedPolicy('The key policy has no Statement.');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformedPolicy('The key policy Statement is empty.');
  list.forEach((statement, index) => checkStatement(statement, index));
}

function checkStatement(statement: unknown, index: number): void {
  const where = `Statement ${index + 1}`;
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw malformedPolicy(`${where} must be a JSON object.`);
  }
  const s = statement as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformedPolicy(`${where} must have an Effect of "Allow" or "Deny".`);
  if ('Action' in s && 'NotAction' in s) throw malformedPolicy(`${where} has both Action and NotAction.`);
  if ('Resource' in s && 'NotResource' in s) throw malformedPolicy(`${where} has both Resource and NotResource.`);
  if ('Principal' in s && 'NotPrincipal' in s) throw malformedPolicy(`${where} has both Principal and NotPrincipal.`);
  const principal = s.Principal ?? s.NotPrincipal;
  if (principal === undefined) throw malformedPolicy('Policy contains a statement with no principal.');
  if (!validPrincipal(principal)) throw malformedPolicy('Policy contains a statement with one or more invalid principals.');
  if (s.Condition !== undefined && (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition))) {
    throw malformedPolicy(`${where} has a Condition that is not an object.`);
  }
}

const AWS_PRINCIPAL = new RegExp(
  '^arn:aws(-[a-z]+)*:(iam::\\d{12}:(root|user/[\\w+=,.@/-]+|role/[\\w+=,.@/-]+)' +
    '|sts::\\d{12}:(assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+))$',
);
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

function validPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
  const entries = Object.entries(principal as Record<string, unknown>);
  if (entries.length === 0) return false;
  return entries.every(([kind, value]) => {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) return false;
    if (kind === 'AWS') return values.every((v) => v === '*' || /^\d{12}$/.test(v as string) || AWS_PRINCIPAL.test(v as string));
    if (kind === 'Service') return values.every((v) => SERVICE_PRINCIPAL.test(v as string));
    return false; // Federated and CanonicalUser are not supported in key policies
  });
}

/** The policy CreateKey attaches when no Policy is given: the account root may do everything. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}
