/**
 * Value enumerations for kms condition keys and the AWS services that call KMS for kms:ViaService, maintained by
 * hand. Enumerations follow the KMS API model (B: botocore kms/2014-11-01 service-2.json; the same enums ship in
 * @aws-sdk/client-kms 3.1164.0, models/enums). GrantConstraintType comes from K:conditions-kms.md, which names
 * the two encryption-context constraints. Values are listed in API order.
 */
import { deepFreeze } from './freeze';

/** Names of the value enumerations. */
export type KmsEnumName =
  | 'EncryptionAlgorithm'
  | 'SigningAlgorithm'
  | 'MacAlgorithm'
  | 'KeySpec'
  | 'CustomerMasterKeySpec'
  | 'KeyUsage'
  | 'KeyOrigin'
  | 'GrantOperations'
  | 'DataKeyPairSpec'
  | 'MessageType'
  | 'MultiRegionKeyType'
  | 'GrantConstraintType'
  | 'ExpirationModel'
  | 'WrappingAlgorithm'
  | 'WrappingKeySpec'
  | 'KeyAgreementAlgorithm'
  | 'PrincipalType';

/** Every enumeration's values. */
export const KMS_ENUMS: Readonly<Record<KmsEnumName, readonly string[]>> = deepFreeze({
  EncryptionAlgorithm: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'],
  SigningAlgorithm: [
    'RSASSA_PSS_SHA_256',
    'RSASSA_PSS_SHA_384',
    'RSASSA_PSS_SHA_512',
    'RSASSA_PKCS1_V1_5_SHA_256',
    'RSASSA_PKCS1_V1_5_SHA_384',
    'RSASSA_PKCS1_V1_5_SHA_512',
    'ECDSA_SHA_256',
    'ECDSA_SHA_384',
    'ECDSA_SHA_512',
    'SM2DSA',
    'ML_DSA_SHAKE_256',
    'ED25519_SHA_512',
    'ED25519_PH_SHA_512',
  ],
  MacAlgorithm: ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'],
  KeySpec: [
    'SYMMETRIC_DEFAULT',
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
    'ECC_NIST_P521',
    'ECC_SECG_P256K1',
    'ECC_NIST_EDWARDS25519',
    'HMAC_224',
    'HMAC_256',
    'HMAC_384',
    'HMAC_512',
    'SM2',
    'ML_DSA_44',
    'ML_DSA_65',
    'ML_DSA_87',
    'ML_KEM_512',
    'ML_KEM_768',
    'ML_KEM_1024',
  ],
  // The deprecated spelling never gained the newer key specs.
  CustomerMasterKeySpec: [
    'SYMMETRIC_DEFAULT',
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
    'ECC_NIST_P521',
    'ECC_SECG_P256K1',
    'HMAC_224',
    'HMAC_256',
    'HMAC_384',
    'HMAC_512',
    'SM2',
  ],
  KeyUsage: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'],
  KeyOrigin: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
  // API GrantOperation. Encapsulate and Decapsulate are grant operations in the API model although the IAM data
  // has no actions of those names yet.
  GrantOperations: [
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'ReEncryptFrom',
    'ReEncryptTo',
    'Sign',
    'Verify',
    'GetPublicKey',
    'CreateGrant',
    'RetireGrant',
    'DescribeKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateMac',
    'VerifyMac',
    'DeriveSharedSecret',
    'Encapsulate',
    'Decapsulate',
  ],
  DataKeyPairSpec: [
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
    'ECC_NIST_P521',
    'ECC_SECG_P256K1',
    'ECC_NIST_EDWARDS25519',
    'SM2',
    'ML_KEM_512',
    'ML_KEM_768',
    'ML_KEM_1024',
  ],
  MessageType: ['RAW', 'DIGEST', 'EXTERNAL_MU'],
  MultiRegionKeyType: ['PRIMARY', 'REPLICA'],
  GrantConstraintType: ['EncryptionContextEquals', 'EncryptionContextSubset'],
  ExpirationModel: ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
  WrappingAlgorithm: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'],
  WrappingKeySpec: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'],
  KeyAgreementAlgorithm: ['ECDH'],
  // aws:PrincipalType (I:reference_policies_condition-keys.md).
  PrincipalType: ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'],
});

/** Which enumeration a condition key's values come from (key names in lower case). */
export const KEY_ENUMS: Readonly<Record<string, KmsEnumName>> = deepFreeze({
  'kms:encryptionalgorithm': 'EncryptionAlgorithm',
  'kms:signingalgorithm': 'SigningAlgorithm',
  'kms:macalgorithm': 'MacAlgorithm',
  'kms:keyspec': 'KeySpec',
  'kms:customermasterkeyspec': 'CustomerMasterKeySpec',
  'kms:keyusage': 'KeyUsage',
  'kms:customermasterkeyusage': 'KeyUsage',
  'kms:keyorigin': 'KeyOrigin',
  'kms:grantoperations': 'GrantOperations',
  'kms:datakeypairspec': 'DataKeyPairSpec',
  'kms:messagetype': 'MessageType',
  'kms:multiregionkeytype': 'MultiRegionKeyType',
  'kms:grantconstrainttype': 'GrantConstraintType',
  'kms:expirationmodel': 'ExpirationModel',
  'kms:wrappingalgorithm': 'WrappingAlgorithm',
  'kms:wrappingkeyspec': 'WrappingKeySpec',
  'kms:keyagreementalgorithm': 'KeyAgreementAlgorithm',
  'aws:principaltype': 'PrincipalType',
});

/** An AWS service that uses KMS keys with the caller's credentials, i.e. a kms:ViaService value. */
export interface ViaService {
  /** Endpoint prefix: the value is `<prefix>.<region>.amazonaws.com`. */
  readonly prefix: string;
  readonly name: string;
}

/**
 * Services integrated with KMS, by endpoint prefix (K:service-integration.md and the services-*.md pages;
 * K:conditions-kms.md for the kms:ViaService value format; EBS and EC2 share `ec2`, and DocumentDB and Neptune
 * use the `rds` endpoint). Sorted by prefix.
 */
export const VIA_SERVICES: readonly ViaService[] = deepFreeze([
  { prefix: 'acm', name: 'AWS Certificate Manager' },
  { prefix: 'airflow', name: 'Amazon Managed Workflows for Apache Airflow' },
  { prefix: 'appflow', name: 'Amazon AppFlow' },
  { prefix: 'athena', name: 'Amazon Athena' },
  { prefix: 'backup', name: 'AWS Backup' },
  { prefix: 'cassandra', name: 'Amazon Keyspaces' },
  { prefix: 'cloudtrail', name: 'AWS CloudTrail' },
  { prefix: 'codeartifact', name: 'AWS CodeArtifact' },
  { prefix: 'codebuild', name: 'AWS CodeBuild' },
  { prefix: 'codecommit', name: 'AWS CodeCommit' },
  { prefix: 'comprehend', name: 'Amazon Comprehend' },
  { prefix: 'connect', name: 'Amazon Connect' },
  { prefix: 'datasync', name: 'AWS DataSync' },
  { prefix: 'dax', name: 'Amazon DynamoDB Accelerator' },
  { prefix: 'dms', name: 'AWS Database Migration Service' },
  { prefix: 'dynamodb', name: 'Amazon DynamoDB' },
  { prefix: 'ec2', name: 'Amazon EC2 and Amazon EBS' },
  { prefix: 'ecr', name: 'Amazon Elastic Container Registry' },
  { prefix: 'elasticache', name: 'Amazon ElastiCache' },
  { prefix: 'elasticfilesystem', name: 'Amazon EFS' },
  { prefix: 'elasticmapreduce', name: 'Amazon EMR' },
  { prefix: 'elastictranscoder', name: 'Amazon Elastic Transcoder' },
  { prefix: 'es', name: 'Amazon OpenSearch Service' },
  { prefix: 'events', name: 'Amazon EventBridge' },
  { prefix: 'firehose', name: 'Amazon Data Firehose' },
  { prefix: 'fsx', name: 'Amazon FSx' },
  { prefix: 'glue', name: 'AWS Glue' },
  { prefix: 'healthlake', name: 'AWS HealthLake' },
  { prefix: 'imagebuilder', name: 'EC2 Image Builder' },
  { prefix: 'kafka', name: 'Amazon MSK' },
  { prefix: 'kendra', name: 'Amazon Kendra' },
  { prefix: 'kinesis', name: 'Amazon Kinesis Data Streams' },
  { prefix: 'kinesisvideo', name: 'Amazon Kinesis Video Streams' },
  { prefix: 'lambda', name: 'AWS Lambda' },
  { prefix: 'lightsail', name: 'Amazon Lightsail' },
  { prefix: 'logs', name: 'Amazon CloudWatch Logs' },
  { prefix: 'memorydb', name: 'Amazon MemoryDB' },
  { prefix: 'mq', name: 'Amazon MQ' },
  { prefix: 'qldb', name: 'Amazon QLDB' },
  { prefix: 'rds', name: 'Amazon RDS, Aurora, DocumentDB and Neptune' },
  { prefix: 'redshift', name: 'Amazon Redshift' },
  { prefix: 'redshift-serverless', name: 'Amazon Redshift Serverless' },
  { prefix: 's3', name: 'Amazon S3' },
  { prefix: 'sagemaker', name: 'Amazon SageMaker' },
  { prefix: 'secretsmanager', name: 'AWS Secrets Manager' },
  { prefix: 'ses', name: 'Amazon SES' },
  { prefix: 'sns', name: 'Amazon SNS' },
  { prefix: 'sqs', name: 'Amazon SQS' },
  { prefix: 'ssm', name: 'AWS Systems Manager' },
  { prefix: 'states', name: 'AWS Step Functions' },
  { prefix: 'storagegateway', name: 'AWS Storage Gateway' },
  { prefix: 'timestream', name: 'Amazon Timestream' },
  { prefix: 'transcribe', name: 'Amazon Transcribe' },
  { prefix: 'translate', name: 'Amazon Translate' },
  { prefix: 'workmail', name: 'Amazon WorkMail' },
  { prefix: 'workspaces', name: 'Amazon WorkSpaces' },
  { prefix: 'xray', name: 'AWS X-Ray' },
]);
