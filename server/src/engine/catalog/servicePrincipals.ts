/**
 * Service principals (`Principal: {"Service": …}`) known to appear in KMS key policies, maintained by hand, each
 * row with where it is documented. KP304 suggests from this list and names documentation placeholders; it is
 * not a whitelist (AWS adds services every month), so a principal missing here is never an error by itself.
 * Sources (codes as in SEMANTICS.md; IAM-SP = I:reference_service_principals_listing.md, the IAM guide's
 * "Full AWS Service Principals Listing"):
 */
import { deepFreeze } from './freeze';
import { suggest } from './suggest';

/** One service principal. */
export interface ServicePrincipal {
  /** The principal without the Region (`logs.amazonaws.com`); regional ones are written `<name>.<region>.amazonaws.com`. */
  readonly principal: string;
  readonly service: string;
  /** True when the documented form carries the Region (`logs.<region>.amazonaws.com`). */
  readonly regional?: boolean;
  /** Where it is documented. */
  readonly source: string;
}

const IAM_SP = 'IAM-SP';
const row = (principal: string, service: string, source: string, regional = false): ServicePrincipal => ({
  principal,
  service,
  source,
  ...(regional ? { regional } : {}),
});

/** Known service principals, sorted. */
export const SERVICE_PRINCIPALS: readonly ServicePrincipal[] = deepFreeze([
  row('acm.amazonaws.com', 'AWS Certificate Manager', IAM_SP),
  row('apigateway.amazonaws.com', 'Amazon API Gateway', IAM_SP),
  row('athena.amazonaws.com', 'Amazon Athena', IAM_SP),
  row('auditmanager.amazonaws.com', 'AWS Audit Manager', 'Audit Manager User Guide, "Data encryption" (customer managed key policy)'),
  row('autoscaling.amazonaws.com', 'Amazon EC2 Auto Scaling', IAM_SP),
  row('backup.amazonaws.com', 'AWS Backup', 'AWS Backup Developer Guide, "Encryption for backups"'),
  row('cloudformation.amazonaws.com', 'AWS CloudFormation', IAM_SP),
  row('cloudfront.amazonaws.com', 'Amazon CloudFront', IAM_SP),
  row('cloudtrail.amazonaws.com', 'AWS CloudTrail', `${IAM_SP}; CloudTrail User Guide, default-kms-key-policy.md`),
  row('cloudwatch.amazonaws.com', 'Amazon CloudWatch alarms', 'SNS Developer Guide, "Key management" (alarms publishing to an encrypted topic)'),
  row('codecommit.amazonaws.com', 'AWS CodeCommit', IAM_SP),
  row('codedeploy.amazonaws.com', 'AWS CodeDeploy', IAM_SP),
  row('codepipeline.amazonaws.com', 'AWS CodePipeline', IAM_SP),
  row(
    'codestar-notifications.amazonaws.com',
    'AWS CodeStar Notifications',
    'Developer Tools console User Guide, "Configure encrypted SNS topics for notifications"',
  ),
  row('config.amazonaws.com', 'AWS Config', `${IAM_SP}; Config Developer Guide, "KMS key policy for the delivery channel"`),
  row(
    'delivery.logs.amazonaws.com',
    'CloudWatch Logs vended-log delivery',
    'CloudWatch Logs User Guide, "Enabling logging from AWS services" (AWS-vended logs)',
  ),
  row('dnssec-route53.amazonaws.com', 'Route 53 DNSSEC signing', 'Route 53 Developer Guide, "Working with customer managed keys for DNSSEC"'),
  row('ds.amazonaws.com', 'AWS Directory Service', IAM_SP),
  row('dynamodb.amazonaws.com', 'Amazon DynamoDB', IAM_SP),
  row('ec2.amazonaws.com', 'Amazon EC2', IAM_SP),
  row('ecr.amazonaws.com', 'Amazon ECR', IAM_SP),
  row('ecs.amazonaws.com', 'Amazon ECS', IAM_SP),
  row('elasticache.amazonaws.com', 'Amazon ElastiCache', IAM_SP),
  row('elasticfilesystem.amazonaws.com', 'Amazon EFS', IAM_SP),
  row('elasticmapreduce.amazonaws.com', 'Amazon EMR', IAM_SP),
  row('events.amazonaws.com', 'Amazon EventBridge', `${IAM_SP} (CloudWatch Events)`),
  row('firehose.amazonaws.com', 'Amazon Data Firehose', 'Firehose Developer Guide, "Data protection"'),
  row('guardduty.amazonaws.com', 'Amazon GuardDuty', 'GuardDuty User Guide, "Exporting findings" (KMS key policy)'),
  row('inspector.amazonaws.com', 'Amazon Inspector', IAM_SP),
  row('kinesis.amazonaws.com', 'Amazon Kinesis', IAM_SP),
  row('lambda.amazonaws.com', 'AWS Lambda', IAM_SP),
  row('logging.s3.amazonaws.com', 'S3 server access logging', 'S3 User Guide, "Enabling Amazon S3 server access logging" (logging.s3 service principal)'),
  row('logs.amazonaws.com', 'Amazon CloudWatch Logs', `${IAM_SP}; CloudWatch Logs User Guide, encrypt-log-data-kms.md (the Region form)`, true),
  row('macie.amazonaws.com', 'Amazon Macie', 'Macie User Guide, "Configuring a repository for sensitive data discovery results" (KMS key policy)'),
  row('monitoring.amazonaws.com', 'Amazon CloudWatch', IAM_SP),
  row(
    'monitoring.rds.amazonaws.com',
    'Amazon RDS Enhanced Monitoring',
    'RDS User Guide, "Setting up and enabling Enhanced Monitoring" (the monitoring role\'s trust policy)',
  ),
  row('rds.amazonaws.com', 'Amazon RDS', IAM_SP),
  row('redshift.amazonaws.com', 'Amazon Redshift', IAM_SP),
  row('route53.amazonaws.com', 'Amazon Route 53', IAM_SP),
  row('s3.amazonaws.com', 'Amazon S3', IAM_SP),
  row('secretsmanager.amazonaws.com', 'AWS Secrets Manager', 'Secrets Manager User Guide, "Secret encryption and decryption"'),
  row('servicecatalog.amazonaws.com', 'AWS Service Catalog', IAM_SP),
  row('ses.amazonaws.com', 'Amazon SES', IAM_SP),
  row('sns.amazonaws.com', 'Amazon SNS', `${IAM_SP}; SNS Developer Guide, "Key management"`),
  row('sqs.amazonaws.com', 'Amazon SQS', IAM_SP),
  row('ssm.amazonaws.com', 'AWS Systems Manager', IAM_SP),
  row('states.amazonaws.com', 'AWS Step Functions', 'Step Functions Developer Guide, "Data at rest encryption"'),
  row('storagegateway.amazonaws.com', 'AWS Storage Gateway', IAM_SP),
  row('vpc-flow-logs.amazonaws.com', 'VPC Flow Logs', 'VPC User Guide, "Publish flow logs to Amazon S3" (SSE-KMS key policy)'),
  row('workspaces.amazonaws.com', 'Amazon WorkSpaces', IAM_SP),
]);

const BY_NAME: ReadonlyMap<string, ServicePrincipal> = new Map(SERVICE_PRINCIPALS.map((p) => [p.principal, p]));
const REGIONAL = /^([a-z0-9-]+)\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?$/;

/** The known service principal a value is (exactly, or a regional one in its Region form); undefined otherwise. */
export function findServicePrincipal(value: string): ServicePrincipal | undefined {
  const exact = BY_NAME.get(value.replace(/\.cn$/, ''));
  if (exact) return exact;
  const m = REGIONAL.exec(value);
  const regional = m ? BY_NAME.get(`${m[1]}.amazonaws.com`) : undefined;
  return regional?.regional ? regional : undefined;
}

/**
 * Words documentation writes where a Region or account belongs: `region`, `region-code`, `<region>`,
 * `${AWS::Region}`, `{region}`, `REGION`, `account-id`… A label (between dots) that is one of these makes the
 * principal a placeholder, not a principal.
 */
const PLACEHOLDER_WORD = /^(?:<[^>]*>|\$\{[^}]*\}|\{[^}]*\}|\[[^\]]*\]|(?:your[-_]?|aws[-_]?)?region(?:[-_]?(?:code|name|id))?|account[-_]?id)$/i;
/** An upper-case word (`REGION`, `AWS_REGION`): no service principal label is written in capitals. */
const PLACEHOLDER_CAPS = /^[A-Z][A-Z0-9_]*$/;

/** The label of a service principal that is a documentation placeholder (`region` in `logs.region.amazonaws.com`). */
export function servicePrincipalPlaceholder(value: string): string | undefined {
  const labels = value.replace(/\.amazonaws\.com(\.cn)?$/i, '').split('.');
  return labels.slice(1).find((l) => PLACEHOLDER_WORD.test(l) || PLACEHOLDER_CAPS.test(l));
}

/** Up to three known service principals near `value` (typos: `cloudtrial.amazonaws.com`), nearest first. */
export function suggestServicePrincipals(value: string): string[] {
  return suggest(
    value.toLowerCase(),
    SERVICE_PRINCIPALS.map((p) => p.principal),
  );
}
