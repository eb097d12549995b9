/** Builders of CloudTrail records shaped as CloudTrail writes them for KMS calls, and the example trail. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const A = '111122223333';
export const X = '444455556666';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/${KEY_ID}`;
export const OTHER_KEY = `arn:aws:kms:us-east-1:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const ALIAS_ARN = `arn:aws:kms:us-east-1:${A}:alias/app-orders`;

/** userIdentity values. */
export const who = {
  session(role: string, session: string, account = A, path = '/'): Record<string, unknown> {
    const roleArn = `arn:aws:iam::${account}:role${path}${role}`;
    return {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:${session}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: roleArn, accountId: account, userName: role },
        attributes: { creationDate: '2026-10-01T00:00:00Z', mfaAuthenticated: 'false' },
      },
    };
  },
  user(name: string, account = A): Record<string, unknown> {
    return {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${account}:user/${name}`,
      accountId: account,
      accessKeyId: 'AKIAEXAMPLE',
      userName: name,
    };
  },
  root(account = A): Record<string, unknown> {
    return { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account };
  },
  service(service: string): Record<string, unknown> {
    return { type: 'AWSService', invokedBy: service };
  },
  account(account: string, session = 'anon'): Record<string, unknown> {
    return { type: 'AWSAccount', principalId: `AROAEXAMPLE:${session}`, accountId: account };
  },
  federated(name: string, account = A): Record<string, unknown> {
    return {
      type: 'FederatedUser',
      principalId: `${account}:${name}`,
      arn: `arn:aws:sts::${account}:federated-user/${name}`,
      accountId: account,
    };
  },
};

/** What a test record says. */
export interface RecordSpec {
  readonly name: string;
  readonly who: Record<string, unknown>;
  /** ISO time; default 2026-10-01T12:00:00Z. */
  readonly time?: string;
  /** Key ARNs (or alias ARNs) in `resources`; default the test key. */
  readonly resources?: readonly string[];
  readonly params?: Record<string, unknown> | null;
  /** The service that called for the principal (userIdentity.invokedBy). */
  readonly via?: string;
  readonly error?: string;
  readonly message?: string;
  readonly region?: string;
  readonly recipient?: string;
  readonly eventType?: string;
  readonly sourceIp?: string;
}

let n = 0;

/** A KMS record. */
export function rec(s: RecordSpec): Record<string, unknown> {
  const identity = s.via ? { ...s.who, invokedBy: s.via } : s.who;
  n++;
  return {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: s.time ?? '2026-10-01T12:00:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: s.name,
    awsRegion: s.region ?? 'us-east-1',
    sourceIPAddress: s.sourceIp ?? s.via ?? '10.0.0.1',
    userAgent: s.via ?? 'aws-sdk-java/2.25.60',
    ...(s.error ? { errorCode: s.error, errorMessage: s.message ?? '' } : {}),
    requestParameters: s.params === undefined ? { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' } : s.params,
    responseElements: null,
    requestID: `req-${n}`,
    eventID: `evt-${n}`,
    readOnly: true,
    resources: (s.resources ?? [KEY]).map((arn) => ({
      accountId: arn.split(':')[4],
      type: arn.includes(':alias/') ? 'AWS::KMS::Alias' : 'AWS::KMS::Key',
      ARN: arn,
    })),
    eventType: s.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: s.recipient ?? A,
    eventCategory: 'Management',
  };
}

/** The console's default policy for a symmetric key (administrators KeyAdmin and alice; users AppServer and BatchJobs). */
export function consolePolicy(): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'Allow access for Key Administrators',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${A}:role/KeyAdmin`, `arn:aws:iam::${A}:user/alice`] },
          Action: [
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
          ],
          Resource: '*',
        },
        {
          Sid: 'Allow use of the key',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${A}:role/AppServer`, `arn:aws:iam::${A}:role/BatchJobs`] },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
        },
        {
          Sid: 'Allow attachment of persistent resources',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${A}:role/AppServer`, `arn:aws:iam::${A}:role/BatchJobs`] },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    },
    null,
    2,
  );
}

/** The repository root (tests run from out/test/engine/activity). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The records of the example trail (examples/trails), both files, in order. */
export function exampleTrail(): unknown[] {
  const dir = path.join(ROOT, 'examples', 'trails');
  const out: unknown[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /\.json(\.gz)?$/.test(f))
    .sort()) {
    const bytes = fs.readFileSync(path.join(dir, name));
    const text = name.endsWith('.gz') ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    out.push(...(JSON.parse(text) as { Records: unknown[] }).Records);
  }
  return out;
}

/** The key of the example trail and of examples/console-default.kms.json. */
export const EXAMPLE_KEY = KEY;
