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
