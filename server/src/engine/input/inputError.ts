/**
 * The one error of unusable input: a malformed request, grant list or key fact. Both front doors decode
 * their input with this module and turn it into their own answer (the CLI: exit status 2; the language
 * server: an InvalidParams error), so a mistake reads the same wherever it is made.
 */

/** Unusable input (an unreadable file, a malformed request): reported as is, without a usage hint. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
