/**
 * Small helpers for writing finding messages.
 */

/** "A, B and C", or "A, B, C and 3 more" when there are more than `max` names. */
export function listNames(names: readonly string[], max: number): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "an ENCRYPT_DECRYPT", "a SIGN_VERIFY", "an IPAddress", "an Action": the word with its indefinite article. */
export function withArticle(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * How a message names a statement: `statement 3`, or `statement 3 ("KeyUsers")` with its Sid. Statements are
 * counted from 1, as people count them (`index` is the 0-based position, as in the JSON pointer /Statement/2).
 */
export function statementName(index: number, sid?: string): string {
  return sid ? `statement ${index + 1} ("${sid}")` : `statement ${index + 1}`;
}

/**
 * The sentence a finding about other accounts ends with when the key's account was assumed (the policy gives
 * several accounts administrator rights): which account, why, and how to decide. Empty when it was not.
 */
export function assumedAccountNote(a: { readonly account: string; readonly statement: number; readonly others: readonly string[] } | undefined): string {
  if (!a) return '';
  const others = a.others.length === 1 ? `account ${a.others[0]}` : `accounts ${listNames(a.others, 4)}`;
  return ` (The key's account is taken to be ${a.account}, which ${statementName(a.statement)} delegates to as a key's own account usually is; ${others} also ${a.others.length === 1 ? 'gets' : 'get'} administrator rights. Give the key's account to decide.)`;
}
