/**
 * Statement snippets for the shapes AWS documents (K:key-policy-default.md, K:key-policy-modifying-external-accounts.md,
 * K:key-policy-services.md): the account delegation statement, key administrators, key users, attachment of
 * persistent resources (grants for AWS resources), cross-account use, and a service principal pinned by
 * aws:SourceArn/aws:SourceAccount. Written as snippets with tab stops; `A` is the account placeholder.
 */

/** One snippet: a label, a description and a body builder given the account placeholder text. */
export interface StatementSnippet {
  readonly label: string;
  readonly detail: string;
  body(account: string): string;
}

const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const USER_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

const list = (items: readonly string[], indent: string): string => `[\n${items.map((a) => `${indent}  "${a}"`).join(',\n')}\n${indent}]`;

/** The statement snippets, in the order a new policy usually needs them. */
export const STATEMENT_SNIPPETS: readonly StatementSnippet[] = [
  {
    label: 'Enable IAM User Permissions (delegate to the account)',
    detail: "Lets IAM policies in the key's account grant access; keeps the key manageable.",
    body: (a) =>
      `{\n  "Sid": "Enable IAM User Permissions",\n  "Effect": "Allow",\n  "Principal": { "AWS": "arn:aws:iam::${a}:root" },\n  "Action": "kms:*",\n  "Resource": "*"\n}`,
  },
  {
    label: 'Allow access for Key Administrators',
    detail: "The console's administrator statement: manage the key, not use it.",
    body: (a) =>
      `{\n  "Sid": "Allow access for Key Administrators",\n  "Effect": "Allow",\n  "Principal": { "AWS": "arn:aws:iam::${a}:role/\${2:KeyAdminRole}" },\n  "Action": ${list(ADMIN_ACTIONS, '  ')},\n  "Resource": "*"\n}`,
  },
  {
    label: 'Allow use of the key (key users)',
    detail: "The console's key-user statement for a symmetric encryption key.",
    body: (a) =>
      `{\n  "Sid": "Allow use of the key",\n  "Effect": "Allow",\n  "Principal": { "AWS": "arn:aws:iam::${a}:role/\${2:KeyUserRole}" },\n  "Action": ${list(USER_ACTIONS, '  ')},\n  "Resource": "*"\n}`,
  },
  {
    label: 'Allow attachment of persistent resources (grants for AWS resources)',
    detail: 'Key users may create grants only through an integrated AWS service.',
    body: (a) =>
      `{\n  "Sid": "Allow attachment of persistent resources",\n  "Effect": "Allow",\n  "Principal": { "AWS": "arn:aws:iam::${a}:role/\${2:KeyUserRole}" },\n  "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],\n  "Resource": "*",\n  "Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } }\n}`,
  },
  {
    label: 'Allow an external account to use the key (cross-account)',
    detail: 'The other account must also allow its principals through IAM.',
    body: () =>
      `{\n  "Sid": "Allow use of the key by account \${2:444455556666}",\n  "Effect": "Allow",\n  "Principal": { "AWS": "arn:aws:iam::\${2:444455556666}:root" },\n  "Action": ${list(USER_ACTIONS, '  ')},\n  "Resource": "*"\n}`,
  },
  {
    label: 'Allow an AWS service principal (pinned by aws:SourceArn and aws:SourceAccount)',
    detail: 'Service principal with the confused-deputy guard, e.g. CloudTrail.',
    body: (a) =>
      `{\n  "Sid": "Allow \${2:CloudTrail} to encrypt",\n  "Effect": "Allow",\n  "Principal": { "Service": "\${3:cloudtrail.amazonaws.com}" },\n  "Action": ["kms:GenerateDataKey*", "kms:DescribeKey"],\n  "Resource": "*",\n  "Condition": {\n    "StringEquals": { "aws:SourceAccount": "${a}" },\n    "ArnLike": { "aws:SourceArn": "\${4:arn:aws:cloudtrail:*:${a}:trail/*}" }\n  }\n}`,
  },
];

/** The whole default key policy (what CreateKey applies without a Policy), for an empty document. */
export function defaultPolicySnippet(account: string): string {
  const first = (STATEMENT_SNIPPETS[0] as StatementSnippet).body(account).replace(/\n/g, '\n    ');
  return `{\n  "Version": "2012-10-17",\n  "Id": "key-default-1",\n  "Statement": [\n    ${first}\$0\n  ]\n}`;
}
