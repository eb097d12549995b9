/**
 * CloudFormation's short-form intrinsic functions as YAML tags (CloudFormation User Guide, "Intrinsic function
 * reference"): declared for scalars, sequences and maps so that `yaml` reads them without warnings and keeps
 * each node as written; templateNode.ts turns a tagged node into a function call.
 */
import type { Tags } from 'yaml';

const FUNCTIONS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
];

/** The custom tags to parse a CloudFormation template with. */
export const CLOUDFORMATION_TAGS: Tags = FUNCTIONS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: <T>(value: T) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: <T>(value: T) => value },
]) as unknown as Tags;
