/**
 * The encryption context each AWS service sends when it calls KMS for you, maintained by hand, one row per
 * service with the page that documents it. KP518 uses it: a statement for a service (kms:ViaService, or the
 * service's own principal) that requires a context key the service never sends can never match.
 * `callerContext` marks services whose callers may add pairs of their own (S3's x-amz-server-side-encryption-
 * context): their statements are never judged by this table.
 */
import { deepFreeze } from './freeze';

/** One service's encryption context. */
export interface ServiceContext {
  /** The kms:ViaService prefix (`ec2` for EBS: the value is `ec2.<region>.amazonaws.com`). */
  readonly via: string;
  readonly service: string;
  /** The context keys the service sends, as it spells them (they match ignoring case). */
  readonly keys: readonly string[];
  /** The service principal that calls KMS as itself with the same context, if any. */
  readonly principal?: string;
  /** Callers may add their own pairs: the table does not limit the keys. */
  readonly callerContext?: boolean;
  /** The AWS page that documents the context. */
  readonly source: string;
}

/** Services and the context they send, sorted by kms:ViaService prefix. */
export const SERVICE_CONTEXTS: readonly ServiceContext[] = deepFreeze([
  {
    via: 'cloudtrail',
    service: 'AWS CloudTrail',
    keys: ['aws:cloudtrail:arn'],
    principal: 'cloudtrail.amazonaws.com',
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
    source: 'CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys" (encryption context)',
  },
  {
    via: 'dynamodb',
    service: 'Amazon DynamoDB',
    keys: ['aws:dynamodb:tableName', 'aws:dynamodb:subscriberId'],
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
    source: 'DynamoDB Developer Guide, "DynamoDB encryption context"',
  },
  {
    via: 'ec2',
    service: 'Amazon EBS',
    keys: ['aws:ebs:id'],
    // https://docs.aws.amazon.com/kms/latest/developerguide/services-ebs.html (K:services-ebs.md, "Amazon EBS encryption context")
    source: 'KMS Developer Guide, services-ebs.md "Amazon EBS encryption context"',
  },
  {
    via: 'elasticfilesystem',
    service: 'Amazon EFS',
    keys: ['aws:elasticfilesystem:filesystem:id'],
    // https://docs.aws.amazon.com/efs/latest/ug/EFSKMS.html
    source: 'EFS User Guide, "Encrypting data at rest" (encryption context)',
  },
  {
    via: 'lambda',
    service: 'AWS Lambda',
    keys: ['aws:lambda:FunctionArn', 'aws:lambda:EventSourceArn'],
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html and event filtering encryption
    source: 'Lambda Developer Guide, "Securing environment variables" and "Encryption of filter criteria" (encryption context)',
  },
  {
    via: 'logs',
    service: 'Amazon CloudWatch Logs',
    keys: ['aws:logs:arn'],
    principal: 'logs.amazonaws.com',
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    source: 'CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS" (encryption context)',
  },
  {
    via: 'rds',
    service: 'Amazon RDS',
    keys: ['aws:rds:db-id', 'aws:ebs:id'],
    // https://docs.aws.amazon.com/kms/latest/developerguide/services-rds.html (K:services-rds.md)
    source: 'KMS Developer Guide, services-rds.md "Amazon RDS encryption context"',
  },
  {
    via: 's3',
    service: 'Amazon S3',
    keys: ['aws:s3:arn'],
    callerContext: true,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context
    source: 'S3 User Guide, "Using server-side encryption with AWS KMS keys", Encryption context (callers may add pairs)',
  },
  {
    via: 'secretsmanager',
    service: 'AWS Secrets Manager',
    keys: ['SecretARN', 'SecretVersionId'],
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
    source: 'Secrets Manager User Guide, "Secret encryption and decryption", Secrets Manager encryption context',
  },
  {
    via: 'sns',
    service: 'Amazon SNS',
    keys: ['aws:sns:topicArn'],
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    source: 'SNS Developer Guide, "Key management" (encryption context)',
  },
  {
    via: 'sqs',
    service: 'Amazon SQS',
    keys: ['aws:sqs:arn'],
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
    source: 'SQS Developer Guide, "Key management" (encryption context)',
  },
  {
    via: 'ssm',
    service: 'AWS Systems Manager Parameter Store',
    keys: ['PARAMETER_ARN'],
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-encryption.html
    source: 'Systems Manager User Guide, "How Parameter Store uses AWS KMS", Parameter Store encryption context',
  },
  {
    via: 'workspaces',
    service: 'Amazon WorkSpaces',
    keys: ['aws:workspaces:sid-directoryid', 'aws:ebs:id'],
    // https://docs.aws.amazon.com/kms/latest/developerguide/services-workspaces.html (K:services-workspaces.md)
    source: 'KMS Developer Guide, services-workspaces.md "Encryption context"',
  },
]);

const BY_VIA: ReadonlyMap<string, ServiceContext> = new Map(SERVICE_CONTEXTS.map((c) => [c.via, c]));
const BY_PRINCIPAL: ReadonlyMap<string, ServiceContext> = new Map(SERVICE_CONTEXTS.filter((c) => c.principal).map((c) => [c.principal as string, c]));
const VIA_VALUE = /^([a-z0-9-]+)\.[^.]+\.amazonaws\.com(\.cn)?$/;
const REGIONAL_PRINCIPAL = /^([a-z0-9-]+)\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.amazonaws\.com(\.cn)?$/;

/** The context of the service a kms:ViaService value names (`ec2.us-east-1.amazonaws.com` → EBS); undefined when not in the table. */
export function contextForViaService(value: string): ServiceContext | undefined {
  const m = VIA_VALUE.exec(value);
  return m ? BY_VIA.get(m[1] as string) : undefined;
}

/** The context of the service a service principal names (`logs.us-east-1.amazonaws.com` → CloudWatch Logs). */
export function contextForServicePrincipal(principal: string): ServiceContext | undefined {
  const plain = principal.replace(/\.cn$/, '');
  const m = REGIONAL_PRINCIPAL.exec(plain);
  return BY_PRINCIPAL.get(m ? `${m[1]}.amazonaws.com` : plain);
}
