/**
 * Hand-written named who-can answers (engine/iam/answer.ts), test data for the matrix view: an account with
 * roles and a user, a conditional cell with residual conditions, a role chain, an SCP deny, a service.
 */
import type { NamedCell, NamedWhoCanAnswer } from '../../shared/protocol';

const keyStatement = { source: 'key-policy', policy: 'key policy', index: 0, sid: 'Enable IAM User Permissions', effect: 'Allow' } as const;
const identity = (name: string, index = 0) =>
  ({ source: 'identity', policy: `arn:aws:iam::111122223333:policy/${name}`, index, sid: 'UseKey', effect: 'Allow' }) as const;

const allowed = (action: string, policy = 'KmsUse'): NamedCell => ({
  action,
  decision: 'allowed',
  via: 'direct',
  decidedBy: [keyStatement, identity(policy)],
  reason: `allowed by the key policy's delegation and identity policy ${policy}`,
});
const denied = (action: string, reason = 'no identity policy allows it'): NamedCell => ({ action, decision: 'denied', via: 'direct', decidedBy: [], reason });

/** Four roles, one user, a service; kms:Decrypt and kms:Encrypt. */
export const NAMED_ANSWER: NamedWhoCanAnswer = {
  actions: ['kms:Decrypt', 'kms:Encrypt'],
  key: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  accounts: ['111122223333'],
  principals: [
    {
      arn: 'arn:aws:iam::111122223333:role/AppServerRole',
      account: '111122223333',
      kind: 'role',
      name: 'AppServerRole',
      path: '/',
      cells: [allowed('kms:Decrypt'), allowed('kms:Encrypt')],
      chains: [],
    },
    {
      arn: 'arn:aws:iam::111122223333:role/S3Reader',
      account: '111122223333',
      kind: 'role',
      name: 'S3Reader',
      path: '/',
      cells: [
        {
          action: 'kms:Decrypt',
          decision: 'conditional',
          via: 'direct',
          decidedBy: [keyStatement, identity('S3Only', 1)],
          reason: 'needs kms:ViaService = s3.us-east-1.amazonaws.com',
          residual: {
            any: [[{ operator: 'StringEquals', key: 'kms:ViaService', values: ['s3.us-east-1.amazonaws.com'] }]],
            unless: [[{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }]],
          },
        },
        denied('kms:Encrypt'),
      ],
      chains: [],
    },
    {
      arn: 'arn:aws:iam::111122223333:role/DeployRole',
      account: '111122223333',
      kind: 'role',
      name: 'DeployRole',
      path: '/',
      cells: [allowed('kms:Decrypt', 'Deploy'), denied('kms:Encrypt')],
      chains: [],
    },
    {
      arn: 'arn:aws:iam::111122223333:role/Sandbox',
      account: '111122223333',
      kind: 'role',
      name: 'Sandbox',
      path: '/',
      cells: [
        {
          action: 'kms:Decrypt',
          decision: 'denied',
          via: 'direct',
          decidedBy: [{ source: 'scp', policy: 'p-abc123', index: 0, sid: 'DenyKms', effect: 'Deny' }],
          reason: 'denied by SCP p-abc123 statement DenyKms',
        },
        denied('kms:Encrypt'),
      ],
      chains: [],
    },
    {
      arn: 'arn:aws:iam::111122223333:user/ci-runner',
      account: '111122223333',
      kind: 'user',
      name: 'ci-runner',
      path: '/',
      cells: [
        {
          action: 'kms:Decrypt',
          decision: 'denied',
          via: 'chain',
          decidedBy: [],
          reason: 'none of its identity policies allows it. Reachable by assuming roles: ci-runner → DeployRole.',
        },
        denied('kms:Encrypt'),
      ],
      chains: [
        {
          path: ['arn:aws:iam::111122223333:user/ci-runner', 'arn:aws:iam::111122223333:role/DeployRole'],
          actions: ['kms:Decrypt'],
          conditional: false,
        },
      ],
    },
    {
      arn: 'logs.us-east-1.amazonaws.com',
      kind: 'service',
      name: 'logs.us-east-1.amazonaws.com',
      cells: [denied('kms:Decrypt', 'no statement names the service'), allowed('kms:Encrypt')],
      chains: [],
    },
  ],
  counts: {
    'kms:Decrypt': { allowed: 3, conditional: 1, denied: 2 },
    'kms:Encrypt': { allowed: 2, conditional: 0, denied: 4 },
  },
  notSupplied: ['SCPs not supplied for account 444455556666'],
  caveats: ['Role chains followed to depth 3.'],
};

/** A name that would break the page if it were not escaped. */
export const HOSTILE_ANSWER: NamedWhoCanAnswer = {
  ...NAMED_ANSWER,
  principals: [{ ...NAMED_ANSWER.principals[0]!, name: '<img src=x onerror=alert(1)>', arn: 'arn:aws:iam::111122223333:role/"quoted"' }],
};
