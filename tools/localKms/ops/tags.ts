/** Tag operations: TagResource, UntagResource, ListResourceTags, and tag validation for CreateKey. */
import { ServiceError, constraintViolation } from '../errors';
import { paginate } from '../paging';
import { requireNotPendingDeletion, type Operation } from './context';
import { optionalStringList } from './input';
import { managedKey } from './keys';

/** KMS's limit on tags per key. */
const MAX_TAGS = 50;

/** A validated tag. */
export interface WireTag {
  TagKey: string;
  TagValue: string;
}

/** Reads and validates a Tags member (absent means none). */
export function readTags(value: unknown, member: string): WireTag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ServiceError('SerializationException', 'Tags must be a list.');
  if (value.length > MAX_TAGS) throw new ServiceError('TagException', `A KMS key can have at most ${MAX_TAGS} tags.`);
  const seen = new Set<string>();
  return value.map((tag: unknown) => {
    const t = (typeof tag === 'object' && tag !== null ? tag : {}) as Record<string, unknown>;
    if (typeof t.TagKey !== 'string') throw constraintViolation(`${member}.member.tagKey`, t.TagKey, 'Member must not be null');
    if (typeof t.TagValue !== 'string') throw constraintViolation(`${member}.member.tagValue`, t.TagValue, 'Member must not be null');
    if (t.TagKey.length < 1 || t.TagKey.length > 128) {
      throw constraintViolation(`${member}.member.tagKey`, t.TagKey, 'Member must have length between 1 and 128');
    }
    if (t.TagValue.length > 256) {
      throw constraintViolation(`${member}.member.tagValue`, t.TagValue, 'Member must have length less than or equal to 256');
    }
    if (t.TagKey.toLowerCase().startsWith('aws:')) {
      throw new ServiceError('TagException', `Tag keys beginning with "aws:" are reserved: ${t.TagKey}`);
    }
    if (seen.has(t.TagKey)) throw new ServiceError('TagException', `The tag key ${t.TagKey} appears more than once.`);
    seen.add(t.TagKey);
    return { TagKey: t.TagKey, TagValue: t.TagValue };
  });
}

const tagResource: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:TagResource');
  if (input.Tags === undefined || input.Tags === null) throw constraintViolation('tags', undefined, 'Member must not be null');
  const tags = readTags(input.Tags, 'tags');
  requireNotPendingDeletion(key);
  const merged = new Map(key.tags);
  for (const t of tags) merged.set(t.TagKey, t.TagValue);
  if (merged.size > MAX_TAGS) throw new ServiceError('TagException', `A KMS key can have at most ${MAX_TAGS} tags.`);
  key.tags = merged;
  return {};
};

const untagResource: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:UntagResource');
  const keys = optionalStringList(input, 'TagKeys');
  if (keys === undefined) throw constraintViolation('tagKeys', undefined, 'Member must not be null');
  requireNotPendingDeletion(key);
  for (const k of keys) key.tags.delete(k);
  return {};
};

const listResourceTags: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:ListResourceTags');
  const tags = [...key.tags.entries()]
    .map(([TagKey, TagValue]) => ({ TagKey, TagValue }))
    .sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
  const page = paginate(tags, (t) => t.TagKey, input, `tags:${key.keyId}`, { defaultLimit: 50, maxLimit: 50 });
  return { Tags: page.items, Truncated: page.truncated, NextMarker: page.nextMarker };
};

/** Tag operations by name. */
export const tagOperations: Readonly<Record<string, Operation>> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
};
