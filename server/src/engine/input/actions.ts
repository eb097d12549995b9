/**
 * Actions as the front doors take them: who-can's actions or globs, and the one action of a simulated
 * request. A KMS action that does not exist is refused with the nearest real ones, and a glob that matches
 * no KMS action is refused too: either would otherwise be answered ("Nobody.", a deny) as if it were real.
 */
import { findAction, matchActions, suggestActions } from '../catalog';
import { normaliseAction } from '../simulate';
import { InputError } from './inputError';
import type { Json } from './json';

/** `where: ` before a message, when the input has a name (flags' values name themselves). */
const at = (where: string | undefined): string => (where === undefined ? '' : `${where}: `);

const isPattern = (text: string): boolean => text.includes('*') || text.includes('?');

/** "unknown action kms:Decrpyt; did you mean kms:Decrypt?", or the accepted form when nothing is near. */
function unknownAction(text: string, where: string | undefined): InputError {
  const near = suggestActions(normaliseAction(text));
  const hint =
    near.length > 0
      ? `; did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`}?`
      : ' (a KMS action is kms: and the name of a KMS API operation, such as kms:Decrypt)';
  return new InputError(`${at(where)}unknown action ${text}${hint}`);
}

/**
 * The actions of a who-can question: KMS actions (`kms:Decrypt`, `Decrypt`) or globs (`kms:Get*`, `*`), each of
 * which must name or match a KMS action. `where` names the input in messages (none for a flag's values).
 */
export function actionPatternsFrom(value: Json, where?: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => typeof a === 'string' && a.trim() !== '')) {
    throw new InputError(`${at(where)}give a list of actions such as ["kms:Decrypt"] (KMS actions or globs such as kms:Get*)`);
  }
  for (const text of value as string[]) {
    const action = normaliseAction(text);
    if (isPattern(action)) {
      if (matchActions(action).length === 0) throw new InputError(`${at(where)}no KMS action matches ${text}`);
    } else if (!findAction(action)) {
      if (!action.toLowerCase().startsWith('kms:'))
        throw new InputError(`${at(where)}${text} is not a KMS action: who-can answers for KMS actions (kms:Decrypt, or a glob such as kms:Get*)`);
      throw unknownAction(text, where);
    }
  }
  return value as string[];
}

/**
 * The action of a simulated request: one action, not a glob. A KMS action must exist; another service's
 * action is passed on (the simulator explains that a key policy does not govern it). `where` names the input
 * in messages (none for a flag's value).
 */
export function requestActionFrom(text: string, where?: string): string {
  const action = normaliseAction(text);
  if (isPattern(action)) throw new InputError(`${at(where)}a request is for one action such as kms:Decrypt, not a pattern (got ${JSON.stringify(text)})`);
  if (action.toLowerCase().startsWith('kms:') && !findAction(action)) throw unknownAction(text, where);
  return text;
}
