/**
 * Quick fixes over action lists and the CreateGrant condition, shared by the rules that offer them.
 */
import { actionSupportsKey } from '../catalog';
import type { ActionItem, StatementFacts } from '../facts';
import { addConditionKey } from './conditionEdits';
import { removeArrayItem, type Fix } from './edits';

/**
 * The quick fix that drops an item from its list, or none when the item is the whole element (a single
 * string, or the only item of an array): removing it would leave a statement without actions.
 */
export function removeItemFixes(ai: ActionItem, preferred = true): { fixes?: Fix[] } {
  if (!ai.list.isArray) return {};
  const edit = removeArrayItem(ai.node);
  return edit ? { fixes: [{ title: `Remove "${ai.item.value}"`, edits: [edit], ...(preferred ? { preferred: true } : {}) }] } : {};
}

/** The "only for AWS resources" quick fix, when the condition fits every action the statement grants. */
export function forAwsResourceFix(text: string, facts: StatementFacts): Fix | undefined {
  const actions = [...facts.grantedNames];
  if (actions.length === 0 || !actions.every((a) => actionSupportsKey(a, 'kms:GrantIsForAWSResource'))) return undefined;
  const edit = addConditionKey(text, facts.statement, 'Bool', 'kms:GrantIsForAWSResource', 'true');
  return edit ? { title: 'Allow grants only for AWS resources (kms:GrantIsForAWSResource)', edits: [edit] } : undefined;
}
