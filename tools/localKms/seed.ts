/**
 * Demo data for the local endpoint: realistic keys in us-east-1, eu-west-1 and ap-southeast-2 of
 * account 111122223333 (and one in the partner account 444455556666), with aliases, grants,
 * rotation, tags, every interesting key state and policy shape, and ~60 days of CloudTrail history.
 * Ids are derived from names, so they are the same on every run.
 */
import { randomBytes } from 'node:crypto';
import { newGrantId, stableUuid, type KeyState, type KmsStore, type MultiRegionInfo, type StoredGrant, type StoredKey } from './model';
import { seedHistory } from './seedHistory';
import {
  USER_ACTIONS,
  awsManagedPolicy,
  cloudTrailPolicy,
  consolePolicy,
  deletionGuardPolicy,
  policyText,
  publicPolicy,
  rootStatement,
  viaServicePolicy,
} from './seedPolicies';
import type { TrailStore } from './trail';

/** The demo's main account. */
export const SEED_ACCOUNT = '111122223333';
/** The partner account whose principals use the shared key. */
export const PARTNER_ACCOUNT = '444455556666';

const DAY_MS = 86_400_000;
const A = SEED_ACCOUNT;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const KEY_ADMIN_ROLE = `arn:aws:iam::${A}:role/KeyAdminRole`;
const APP_ROLE = `arn:aws:iam::${A}:role/AppServerRole`;
const ADMINS = [ALICE, KEY_ADMIN_ROLE];

interface SeedGrant {
  name?: string;
  grantee: string;
  retiring?: string;
  operations: string[];
  constraints?: StoredGrant['constraints'];
  ageDays: number;
}

interface SeedKey {
  /** Stable name: key ids and grant ids derive from it. */
  name: string;
  account?: string;
  region: string;
  aliases: string[];
  description: string;
  ageDays: number;
  policy: (arn: string) => string;
  keySpec?: string;
  keyUsage?: string;
  origin?: string;
  manager?: 'AWS' | 'CUSTOMER';
  state?: KeyState;
  /** PendingDeletion: days until deletion and the waiting period chosen. */
  deletion?: { inDays: number; windowDays: number };
  rotation?: { periodDays: number; enabledDaysAgo: number };
  tags?: Record<string, string>;
  grants?: SeedGrant[];
  /** Multi-Region: id shared by primary and replicas; the primary's Region; all Regions. */
  multiRegion?: { primaryRegion: string; regions: string[] };
}

/** The demo keys. */
export const SEED_KEYS: readonly SeedKey[] = [
  {
    name: 'app-data',
    region: 'us-east-1',
    aliases: ['alias/app-data', 'alias/app-data-legacy'],
    ageDays: 540,
    description: 'Application data at rest (orders, invoices)',
    policy: () => consolePolicy(A, ADMINS, [APP_ROLE, `arn:aws:iam::${A}:role/DataPipelineRole`]),
    rotation: { periodDays: 365, enabledDaysAgo: 500 },
    tags: { Environment: 'production', Team: 'payments', CostCenter: 'CC-1042' },
    grants: [
      {
        name: 'finance-reports',
        grantee: APP_ROLE,
        retiring: KEY_ADMIN_ROLE,
        ageDays: 55,
        operations: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
        constraints: { EncryptionContextSubset: { Department: 'Finance' } },
      },
    ],
  },
  {
    name: 'ebs-volumes',
    region: 'us-east-1',
    aliases: ['alias/ebs-volumes'],
    ageDays: 420,
    description: 'EBS volumes of the web tier',
    policy: () => consolePolicy(A, ADMINS, [`arn:aws:iam::${A}:role/Ec2InstanceRole`]),
    rotation: { periodDays: 365, enabledDaysAgo: 420 },
    tags: { Environment: 'production', Team: 'web' },
    grants: [
      {
        grantee: `arn:aws:sts::${A}:assumed-role/aws:ec2-infrastructure/i-0f1e2d3c4b5a69788`,
        ageDays: 35,
        operations: ['Decrypt'],
        constraints: { EncryptionContextSubset: { 'aws:ebs:id': 'vol-0a1b2c3d4e5f67890' } },
      },
    ],
  },
  {
    name: 'rds-orders',
    region: 'us-east-1',
    aliases: ['alias/rds-orders'],
    ageDays: 300,
    description: 'RDS orders database storage',
    policy: () => consolePolicy(A, ADMINS, [`arn:aws:iam::${A}:role/DataPipelineRole`]),
    rotation: { periodDays: 365, enabledDaysAgo: 300 },
    tags: { Environment: 'production', Team: 'orders' },
    grants: [
      {
        grantee: 'rds.us-east-1.amazonaws.com',
        retiring: 'rds.us-east-1.amazonaws.com',
        ageDays: 300,
        operations: [
          'Decrypt',
          'Encrypt',
          'GenerateDataKey',
          'GenerateDataKeyWithoutPlaintext',
          'ReEncryptFrom',
          'ReEncryptTo',
          'CreateGrant',
          'RetireGrant',
          'DescribeKey',
        ],
      },
    ],
  },
  {
    name: 'partner-shared',
    region: 'us-east-1',
    aliases: ['alias/partner-shared'],
    ageDays: 200,
    description: 'Data shared with the analytics partner (444455556666)',
    policy: () => consolePolicy(A, ADMINS, [APP_ROLE, `arn:aws:iam::${PARTNER_ACCOUNT}:root`, `arn:aws:iam::${PARTNER_ACCOUNT}:role/PartnerAnalytics`]),
    rotation: { periodDays: 730, enabledDaysAgo: 200 },
    tags: { Sharing: 'partner', DataClass: 'confidential' },
  },
  {
    name: 'legacy-open',
    region: 'us-east-1',
    aliases: ['alias/legacy-open'],
    ageDays: 1100,
    description: 'Legacy key, opened to everyone during a migration',
    policy: () => publicPolicy(A),
    tags: { Owner: 'unknown' },
  },
  {
    name: 'old-reports',
    region: 'us-east-1',
    aliases: ['alias/old-reports'],
    ageDays: 900,
    state: 'Disabled',
    description: 'Reports archive (disabled after the 2024 migration)',
    policy: () => policyText([rootStatement(A)], 'key-default-1'),
  },
  {
    name: 'retired-project',
    region: 'us-east-1',
    aliases: ['alias/retired-project'],
    ageDays: 700,
    state: 'PendingDeletion',
    deletion: { inDays: 5, windowDays: 7 },
    description: 'Project Falcon (retired)',
    policy: () => policyText([rootStatement(A)], 'key-default-1'),
    tags: { Project: 'falcon' },
  },
  {
    name: 'hmac-tokens',
    region: 'us-east-1',
    aliases: ['alias/hmac-tokens'],
    ageDays: 150,
    keySpec: 'HMAC_256',
    keyUsage: 'GENERATE_VERIFY_MAC',
    description: 'Signs session tokens',
    policy: () => consolePolicy(A, ADMINS, [`arn:aws:iam::${A}:role/TokenService`], USER_ACTIONS.hmac),
  },
  {
    name: 'code-signing',
    region: 'us-east-1',
    aliases: ['alias/code-signing'],
    ageDays: 260,
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    description: 'Release artifact signing',
    policy: () => consolePolicy(A, ADMINS, [`arn:aws:iam::${A}:role/ReleasePipeline`], USER_ACTIONS.signing),
    tags: { Team: 'release' },
  },
  {
    name: 'global-orders',
    region: 'us-east-1',
    aliases: ['alias/global-orders'],
    ageDays: 180,
    description: 'Orders replicated to Europe',
    multiRegion: { primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] },
    policy: () => consolePolicy(A, ADMINS, [APP_ROLE]),
    rotation: { periodDays: 365, enabledDaysAgo: 180 },
  },
  {
    name: 'cloudtrail-logs',
    region: 'us-east-1',
    aliases: ['alias/cloudtrail-logs'],
    ageDays: 800,
    description: 'CloudTrail log file encryption',
    policy: () => cloudTrailPolicy(A, 'us-east-1'),
    rotation: { periodDays: 365, enabledDaysAgo: 800 },
  },
  {
    name: 'secrets-app',
    region: 'us-east-1',
    aliases: ['alias/secrets-app'],
    ageDays: 90,
    description: 'Secrets Manager secrets of the app',
    policy: () => viaServicePolicy(A, 'secretsmanager.us-east-1.amazonaws.com', ADMINS),
  },
  {
    name: 'ci-artifacts',
    region: 'us-east-1',
    aliases: ['alias/ci-artifacts'],
    ageDays: 60,
    description: 'CI build cache',
    policy: () => policyText([rootStatement(A)], 'key-default-1'),
    tags: { Team: 'platform', Environment: 'ci' },
  },
  {
    name: 'byok',
    region: 'us-east-1',
    aliases: ['alias/byok'],
    ageDays: 400,
    origin: 'EXTERNAL',
    description: 'Imported key material (bring your own key)',
    policy: () => policyText([rootStatement(A)], 'key-default-1'),
  },
  {
    name: 'unlabelled',
    region: 'us-east-1',
    aliases: [],
    ageDays: 75,
    description: 'Created by CloudFormation stack analytics-dev',
    policy: () => policyText([rootStatement(A)], 'key-default-1'),
  },
  {
    name: 'aws-s3',
    region: 'us-east-1',
    aliases: ['alias/aws/s3'],
    ageDays: 1200,
    manager: 'AWS',
    description: 'Default key that protects my S3 objects when no other key is defined',
    policy: () => awsManagedPolicy(A, 's3.us-east-1.amazonaws.com'),
    rotation: { periodDays: 365, enabledDaysAgo: 1200 },
  },
  {
    name: 'aws-ebs',
    region: 'us-east-1',
    aliases: ['alias/aws/ebs'],
    ageDays: 1150,
    manager: 'AWS',
    description: 'Default key that protects my EBS volumes when no other key is defined',
    policy: () => awsManagedPolicy(A, 'ec2.us-east-1.amazonaws.com'),
    rotation: { periodDays: 365, enabledDaysAgo: 1150 },
  },
  {
    name: 'gdpr-customer-data',
    region: 'eu-west-1',
    aliases: ['alias/gdpr-customer-data'],
    ageDays: 365,
    description: 'EU customer records',
    policy: () => consolePolicy(A, ADMINS, [`arn:aws:iam::${A}:role/EuProcessor`]),
    rotation: { periodDays: 180, enabledDaysAgo: 365 },
    tags: { DataResidency: 'EU', DataClass: 'personal' },
    grants: [
      {
        name: 'eu-lambda',
        grantee: `arn:aws:iam::${A}:role/EuProcessor`,
        ageDays: 90,
        operations: ['Decrypt'],
        constraints: { EncryptionContextEquals: { Tenant: 'eu-retail' } },
      },
    ],
  },
  {
    name: 'aws-s3-eu',
    region: 'eu-west-1',
    aliases: ['alias/aws/s3'],
    ageDays: 1000,
    manager: 'AWS',
    description: 'Default key that protects my S3 objects when no other key is defined',
    policy: () => awsManagedPolicy(A, 's3.eu-west-1.amazonaws.com'),
    rotation: { periodDays: 365, enabledDaysAgo: 1000 },
  },
  {
    name: 'payments-apse2',
    region: 'ap-southeast-2',
    aliases: ['alias/payments-apse2'],
    ageDays: 210,
    description: 'Card payments (Sydney)',
    policy: () => consolePolicy(A, ADMINS, [APP_ROLE]),
    rotation: { periodDays: 90, enabledDaysAgo: 210 },
    tags: { Environment: 'production', Team: 'payments' },
  },
  {
    name: 'backup-vault',
    region: 'ap-southeast-2',
    aliases: ['alias/backup-vault'],
    ageDays: 330,
    description: 'AWS Backup vault (deletion guarded)',
    policy: () => deletionGuardPolicy(A, ADMINS),
    tags: { Team: 'platform' },
  },
  {
    name: 'partner-own',
    account: PARTNER_ACCOUNT,
    region: 'us-east-1',
    aliases: ['alias/partner-etl'],
    ageDays: 100,
    description: "The partner's own ETL key",
    policy: () => policyText([rootStatement(PARTNER_ACCOUNT)], 'key-default-1'),
  },
];

/** Aliases AWS predefines for services not used yet (no target key), as ListAliases shows them. */
const PREDEFINED_ALIASES = ['alias/aws/rds', 'alias/aws/lambda', 'alias/aws/secretsmanager'];

/** The key id a seed name gets (multi-Region keys share one `mrk-` id across Regions). */
export function seedKeyId(name: string, multiRegion: boolean): string {
  const uuid = stableUuid(`local-kms-seed/${name}`);
  return multiRegion ? `mrk-${uuid.replace(/-/g, '')}` : uuid;
}

function multiRegionInfo(seed: SeedKey, keyId: string, region: string, account: string): MultiRegionInfo | undefined {
  if (seed.multiRegion === undefined) return undefined;
  const arnIn = (r: string): string => `arn:aws:kms:${r}:${account}:key/${keyId}`;
  const primary = seed.multiRegion.primaryRegion;
  return {
    type: region === primary ? 'PRIMARY' : 'REPLICA',
    primary: { Arn: arnIn(primary), Region: primary },
    replicas: seed.multiRegion.regions.filter((r) => r !== primary).map((r) => ({ Arn: arnIn(r), Region: r })),
  };
}

function addSeedKey(store: KmsStore, seed: SeedKey, region: string, now: Date): StoredKey {
  const account = seed.account ?? A;
  const home = store.region(account, region);
  const keyId = seedKeyId(seed.name, seed.multiRegion !== undefined);
  const arn = home.keyArn(keyId);
  const created = new Date(now.getTime() - seed.ageDays * DAY_MS);
  const key: StoredKey = {
    keyId,
    arn,
    accountId: account,
    region,
    creationDate: created,
    description: seed.description,
    keyUsage: seed.keyUsage ?? 'ENCRYPT_DECRYPT',
    keySpec: seed.keySpec ?? 'SYMMETRIC_DEFAULT',
    origin: seed.origin ?? 'AWS_KMS',
    keyManager: seed.manager ?? 'CUSTOMER',
    state: seed.state ?? 'Enabled',
    multiRegion: multiRegionInfo(seed, keyId, region, account),
    policy: seed.policy(arn),
    rotation:
      seed.rotation === undefined
        ? { enabled: false, periodDays: 365 }
        : {
            enabled: true,
            periodDays: seed.rotation.periodDays,
            enabledAt: new Date(now.getTime() - seed.rotation.enabledDaysAgo * DAY_MS),
          },
    material: randomBytes(32),
    tags: new Map(Object.entries(seed.tags ?? {})),
    grants: (seed.grants ?? []).map((g, i) => ({
      grantId: newGrantId(`local-kms-seed/${seed.name}/grant/${i}`),
      grantToken: randomBytes(96).toString('base64'),
      name: g.name,
      creationDate: new Date(now.getTime() - g.ageDays * DAY_MS),
      granteePrincipal: g.grantee,
      retiringPrincipal: g.retiring,
      issuingAccount: `arn:aws:iam::${account}:root`,
      operations: g.operations,
      constraints: g.constraints,
      seq: home.seq(),
    })),
    seq: home.seq(),
  };
  if (seed.deletion !== undefined) {
    key.deletionDate = new Date(now.getTime() + seed.deletion.inDays * DAY_MS);
    key.pendingWindowDays = seed.deletion.windowDays;
  }
  home.keys.set(keyId, key);
  for (const name of seed.aliases) {
    home.aliases.set(name, {
      name,
      arn: home.aliasArn(name),
      targetKeyId: keyId,
      creationDate: created,
      lastUpdatedDate: created,
      seq: home.seq(),
    });
  }
  return key;
}

/** Loads the demo keys and their CloudTrail history into an empty store, relative to `now`. */
export function seedDemoData(store: KmsStore, trail: TrailStore, now: Date): void {
  for (const seed of SEED_KEYS) {
    for (const region of seed.multiRegion?.regions ?? [seed.region]) addSeedKey(store, seed, region, now);
  }
  for (const region of ['us-east-1', 'eu-west-1']) {
    const home = store.region(A, region);
    for (const name of PREDEFINED_ALIASES) {
      const created = new Date(now.getTime() - 1300 * DAY_MS);
      home.aliases.set(name, { name, arn: home.aliasArn(name), creationDate: created, lastUpdatedDate: created, seq: home.seq() });
    }
  }
  seedHistory(store, trail, now);
}
