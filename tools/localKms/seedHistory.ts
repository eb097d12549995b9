/**
 * Seeded CloudTrail history for the demo keys: ~60 days of Decrypt, GenerateDataKey and Encrypt
 * by a few roles, some through S3 and EBS (invokedBy), cross-account use of the shared key, an
 * outsider using the public key, AccessDenied attempts, and a few administrative calls.
 * A fixed-seed generator keeps the history the same on every run (times are relative to `now`).
 */
import type { Caller } from './identities';
import { stableUuid, type KmsStore } from './model';
import { kmsEvent, type KmsCall, type TrailStore } from './trail';

const DAY_MS = 86_400_000;
const A = '111122223333';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function caller(arn: string, accessKeyId: string): Caller {
  const account = arn.split(':')[4] ?? A;
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role') return { arn, accountId: account, accessKeyId, identityType: 'AssumedRole', userName: parts[2] ?? '' };
  return { arn, accountId: account, accessKeyId, identityType: 'IAMUser', userName: parts[parts.length - 1] ?? '' };
}

const APP = caller(`arn:aws:sts::${A}:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718`, 'ASIAAPPSERVER0000001');
const PIPELINE = caller(`arn:aws:sts::${A}:assumed-role/DataPipelineRole/etl-nightly`, 'ASIAPIPELINE00000001');
const EC2 = caller(`arn:aws:sts::${A}:assumed-role/Ec2InstanceRole/i-0f1e2d3c4b5a69788`, 'ASIAEC2INSTANCE00001');
const REPORTING = caller(`arn:aws:sts::${A}:assumed-role/ReportingRole/quicksight-refresh`, 'ASIAREPORTING0000001');
const PARTNER = caller('arn:aws:sts::444455556666:assumed-role/PartnerAnalytics/partner-etl', 'ASIAPARTNER000000001');
const OUTSIDER = caller('arn:aws:sts::999988887777:assumed-role/UnknownRole/scanner', 'ASIAOUTSIDER00000001');
const EU = caller(`arn:aws:sts::${A}:assumed-role/EuProcessor/lambda-eu-retail`, 'ASIAEUPROCESSOR00001');
const ALICE = caller(`arn:aws:iam::${A}:user/alice`, 'AKIALOCALALICE000001');
const CLOUDTRAIL: Caller = { arn: '', accountId: A, accessKeyId: '', identityType: 'AWSService', userName: 'cloudtrail.amazonaws.com' };

interface Pattern {
  who: Caller;
  key: string;
  region?: string;
  events: string[];
  count: number;
  via?: 's3' | 'ebs' | 'rds';
  context?: Record<string, string>;
  denied?: boolean;
}

const PATTERNS: readonly Pattern[] = [
  { who: APP, key: 'app-data', events: ['Decrypt', 'GenerateDataKey', 'Encrypt'], count: 70, context: { Department: 'Finance' } },
  { who: APP, key: 'app-data', events: ['GenerateDataKey', 'Decrypt'], count: 45, via: 's3' },
  { who: PIPELINE, key: 'app-data', events: ['Decrypt'], count: 20 },
  { who: REPORTING, key: 'app-data', events: ['Decrypt'], count: 9, denied: true },
  { who: EC2, key: 'ebs-volumes', events: ['Decrypt', 'GenerateDataKeyWithoutPlaintext'], count: 30, via: 'ebs' },
  { who: PIPELINE, key: 'rds-orders', events: ['Decrypt', 'GenerateDataKey'], count: 30, via: 'rds' },
  { who: PARTNER, key: 'partner-shared', events: ['Decrypt'], count: 25 },
  { who: OUTSIDER, key: 'legacy-open', events: ['Decrypt', 'DescribeKey'], count: 6 },
  { who: REPORTING, key: 'partner-shared', events: ['Decrypt'], count: 4, denied: true },
  {
    who: CLOUDTRAIL,
    key: 'cloudtrail-logs',
    events: ['GenerateDataKey'],
    count: 40,
    context: { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${A}:trail/management-events` },
  },
  { who: APP, key: 'global-orders', events: ['Encrypt', 'Decrypt'], count: 15 },
  { who: EU, key: 'gdpr-customer-data', region: 'eu-west-1', events: ['Decrypt'], count: 25, context: { Tenant: 'eu-retail' } },
];

const VIA: Readonly<Record<string, { service: string; context: (n: number) => Record<string, string> }>> = {
  s3: { service: 's3.amazonaws.com', context: (n) => ({ 'aws:s3:arn': `arn:aws:s3:::example-app-uploads/invoices/2026/${1000 + n}.pdf` }) },
  ebs: { service: 'ec2.amazonaws.com', context: () => ({ 'aws:ebs:id': 'vol-0a1b2c3d4e5f67890' }) },
  rds: { service: 'rds.amazonaws.com', context: () => ({ 'aws:rds:db-id': 'db-ORDERSPRIMARY0001' }) },
};

function findKeyArn(store: KmsStore, name: string, region: string): string | undefined {
  for (const s of store.all()) {
    if (s.region !== region) continue;
    for (const alias of s.aliases.values()) {
      if (alias.name === `alias/${name}` && alias.targetKeyId !== undefined) return s.keyArn(alias.targetKeyId);
    }
  }
  return undefined;
}

function requestFor(eventName: string, keyArn: string, context: Record<string, string> | undefined): Record<string, unknown> {
  const base: Record<string, unknown> = { keyId: keyArn };
  if (eventName === 'DescribeKey') return base;
  if (context !== undefined) base.encryptionContext = context;
  if (eventName.startsWith('GenerateDataKey')) base.keySpec = 'AES_256';
  else base.encryptionAlgorithm = 'SYMMETRIC_DEFAULT';
  return base;
}

/** Adds the seeded history to `trail`; keys are looked up by alias in `store`. */
export function seedHistory(store: KmsStore, trail: TrailStore, now: Date): void {
  const random = generator(20260115);
  let n = 0;
  const add = (call: Omit<KmsCall, 'eventId'>): void => {
    const event = kmsEvent({ ...call, eventId: stableUuid(`local-kms-seed/event/${n++}`) }, call.caller.accountId);
    trail.add(event);
    if (call.recipientAccountId !== call.caller.accountId) trail.add({ ...event, accountId: call.recipientAccountId });
  };
  for (const p of PATTERNS) {
    const region = p.region ?? 'us-east-1';
    const keyArn = findKeyArn(store, p.key, region);
    if (keyArn === undefined) continue;
    for (let i = 0; i < p.count; i++) {
      const time = new Date(now.getTime() - Math.floor(random() * 60 * DAY_MS) - 60_000);
      const eventName = p.events[Math.floor(random() * p.events.length)];
      const via = p.via === undefined ? undefined : VIA[p.via];
      const service = via?.service ?? (p.who.identityType === 'AWSService' ? p.who.userName : undefined);
      add({
        caller: p.who,
        region,
        eventName,
        time,
        recipientAccountId: A,
        resourceArns: [keyArn],
        requestParameters: requestFor(eventName, keyArn, via?.context(i) ?? p.context),
        errorCode: p.denied ? 'AccessDenied' : undefined,
        errorMessage: p.denied
          ? `User: ${p.who.arn} is not authorized to perform: kms:${eventName} on resource: ${keyArn} because no resource-based policy allows the kms:${eventName} action`
          : undefined,
        sourceIPAddress: service ?? `10.0.${Math.floor(random() * 200)}.${Math.floor(random() * 250) + 2}`,
        userAgent: service ?? 'aws-sdk-java/2.25.11 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.10',
        invokedBy: service,
      });
    }
  }
  const admin = (eventName: string, key: string, daysAgo: number, parameters: Record<string, unknown>): void => {
    const keyArn = findKeyArn(store, key, 'us-east-1');
    if (keyArn === undefined) return;
    add({
      caller: ALICE,
      region: 'us-east-1',
      eventName,
      time: new Date(now.getTime() - daysAgo * DAY_MS),
      recipientAccountId: A,
      resourceArns: [keyArn],
      requestParameters: { keyId: keyArn, ...parameters },
      sourceIPAddress: '203.0.113.24',
      userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64',
    });
  };
  admin('DisableKey', 'old-reports', 31, {});
  admin('ScheduleKeyDeletion', 'retired-project', 2, { pendingWindowInDays: 7 });
  admin('PutKeyPolicy', 'partner-shared', 44, { policyName: 'default', bypassPolicyLockoutSafetyCheck: false });
  admin('EnableKeyRotation', 'partner-shared', 44, { rotationPeriodInDays: 730 });
  admin('CreateGrant', 'app-data', 55, {
    granteePrincipal: `arn:aws:iam::${A}:role/AppServerRole`,
    operations: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
  });
}
