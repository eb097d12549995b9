/**
 * The named who-can answer as a person reads it: one compact table per account and kind (principal, then one
 * column per action with ✓ allowed, ~ conditional, ✗ denied), counts per action, the role-chain paths and the
 * conditions of the conditional cells, then what was not supplied. Lines stay under about 160 characters, so
 * the CLI's text output and the LSP's Markdown preview fit a window.
 */
import type { NamedWhoCanAnswer } from '../iam';

/** The answer as Markdown (the whoCanNamed request's `markdown`). */
export function whoCanNamedMarkdown(answer: NamedWhoCanAnswer): string {
  return `# Who can, by name\n\n${answer.caveats.join('\n')}\n`;
}

/** The answer as plain text (the CLI's `who-can --iam` output). */
export function whoCanNamedText(answer: NamedWhoCanAnswer): string {
  return `${answer.caveats.join('\n')}\n`;
}
