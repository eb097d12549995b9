/**
 * The key's tags as the front doors read them: the output of `aws kms list-resource-tags`
 * (`{"Tags": [{"TagKey", "TagValue"}]}`), a list of `{"Key", "Value"}` (or TagKey/TagValue), or a plain
 * object of strings.
 */
import { InputError } from '../input/inputError';
import { isObject, type Json } from '../input/json';

/** Reads key tags; `where` names the input in messages. */
export function keyTagsFromJson(value: Json, where: string): Record<string, string> {
  const list = isObject(value) && Array.isArray(value['Tags']) ? value['Tags'] : value;
  const out: Record<string, string> = {};
  if (Array.isArray(list)) {
    list.forEach((t, i) => {
      const k = isObject(t) ? (t['TagKey'] ?? t['Key']) : undefined;
      const v = isObject(t) ? (t['TagValue'] ?? t['Value']) : undefined;
      if (typeof k !== 'string' || typeof v !== 'string') throw new InputError(`${where}: Tags[${i}] needs "TagKey" and "TagValue" (strings)`);
      out[k] = v;
    });
    return out;
  }
  if (!isObject(list) || !Object.values(list).every((v) => typeof v === 'string')) {
    throw new InputError(`${where} must be aws kms list-resource-tags output ({"Tags": [{"TagKey": …, "TagValue": …}]}) or an object of strings`);
  }
  return { ...(list as Record<string, string>) };
}
