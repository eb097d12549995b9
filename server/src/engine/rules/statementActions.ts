/**
 * Which kms actions a statement covers, for the rules that ask whether those actions support a condition key
 * or are all read-only. Non-kms patterns match nothing here (they have no effect in a key policy).
 */
import { allActions, matchActions, type ActionInfo } from '../catalog/index';
import type { Statement } from '../parse/model';
import { memoByObject } from '../memo';
import { grantedRecords } from './kmsActions';

/**
 * The kms actions the statement's Action (or the complement of its NotAction) matches; undefined when the
 * statement has neither, or when nothing it lists is a known kms action (then rules should stay quiet).
 */
export const statementKmsActions: (statement: Statement) => readonly ActionInfo[] | undefined = memoByObject(kmsActionsOf);

function kmsActionsOf(statement: Statement): readonly ActionInfo[] | undefined {
  if (statement.action) {
    const matched = grantedRecords(statement);
    return matched.length > 0 ? matched : undefined;
  }
  if (statement.notAction) {
    const excluded = new Set(statement.notAction.items.flatMap((i) => matchActions(i.value)));
    const rest = allActions().filter((a) => !excluded.has(a));
    return rest.length > 0 ? rest : undefined;
  }
  return undefined;
}
