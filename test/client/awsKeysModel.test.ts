/** What the AWS Keys view shows about a key: order, context values, denied calls, detail rows, grants for who-can. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateMonthlyCost } from '../../client/src/aws/cost';
import type { DeniedCall, KmsKeySummary } from '../../client/src/aws/types';
import {
  confirmationNames,
  deniedLabel,
  grantForWhoCan,
  keyContextValue,
  keyDescription,
  keyDetailRows,
  keyTitle,
  keyTooltip,
  orderKeys,
  type DetailRow,
} from '../../client/src/explorer/awsKeysModel';

const ACCOUNT = '111122223333';
const DAY = 86_400_000;

function key(id: string, overrides: Partial<KmsKeySummary> = {}): KmsKeySummary {
  return {
    id,
    arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`,
    region: 'us-east-1',
    accountId: ACCOUNT,
    aliases: [],
    details: {
      state: 'Enabled',
      spec: 'SYMMETRIC_DEFAULT',
      usage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: 'NONE',
      manager: 'CUSTOMER',
      description: '',
      creationDate: new Date(Date.UTC(2024, 0, 15)),
    },
    rotation: { supported: true, enabled: false },
    grants: [],
    tags: [],
    ...overrides,
  };
}

const denied = (action: string, code = 'AccessDeniedException'): DeniedCall => ({
  denied: action,
  code,
  message: `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: ${action}`,
});

function find(rows: readonly DetailRow[], id: string): DetailRow {
  const row = rows.find((r) => r.id === id);
  assert.ok(row, `row ${id} among ${rows.map((r) => r.id).join(', ')}`);
  return row;
}

describe('orderKeys', () => {
  const awsS3 = key('aws1', {
    aliases: ['alias/aws/s3'],
    details: { ...(key('x').details as object), manager: 'AWS' } as KmsKeySummary['details'],
  });
  const zeta = key('z1', { aliases: ['alias/zeta'] });
  const alpha = key('a9', { aliases: ['alias/alpha'] });
  const bare = key('0bare');

  test('customer managed keys first, named ones by alias, then unnamed; AWS managed hidden by default', () => {
    const { keys, hiddenAwsManaged } = orderKeys([awsS3, zeta, bare, alpha], false);
    assert.deepEqual(keys.map(keyTitle), ['alias/alpha', 'alias/zeta', '0bare']);
    assert.equal(hiddenAwsManaged, 1);
  });

  test('AWS managed keys come last when shown', () => {
    const { keys, hiddenAwsManaged } = orderKeys([awsS3, zeta, alpha], true);
    assert.deepEqual(keys.map(keyTitle), ['alias/alpha', 'alias/zeta', 'alias/aws/s3']);
    assert.equal(hiddenAwsManaged, 0);
  });

  test('a key whose DescribeKey was denied counts as AWS managed only by an alias/aws/ alias', () => {
    const unknownAws = key('u1', { aliases: ['alias/aws/ebs'], details: denied('kms:DescribeKey') });
    const unknown = key('u2', { aliases: ['alias/mine'], details: denied('kms:DescribeKey') });
    assert.deepEqual(orderKeys([unknownAws, unknown], false).keys.map(keyTitle), ['alias/mine']);
  });
});

describe('keyContextValue', () => {
  test('names manager, state and rotation, as the menus match them', () => {
    assert.equal(keyContextValue(key('k', { rotation: { supported: true, enabled: true, periodDays: 365 } })), 'kmsKey.customer.enabled.rotation-on');
    assert.equal(keyContextValue(key('k')), 'kmsKey.customer.enabled.rotation-off');
    const disabled = key('k', { details: { ...(key('k').details as object), state: 'Disabled' } as KmsKeySummary['details'] });
    assert.equal(keyContextValue(disabled), 'kmsKey.customer.disabled.rotation-off');
    const pending = key('k', { details: { ...(key('k').details as object), state: 'PendingDeletion' } as KmsKeySummary['details'] });
    assert.equal(keyContextValue(pending), 'kmsKey.customer.pendingDeletion.rotation-off');
    const importing = key('k', {
      details: { ...(key('k').details as object), state: 'PendingImport' } as KmsKeySummary['details'],
      rotation: { supported: false, enabled: false },
    });
    assert.equal(keyContextValue(importing), 'kmsKey.customer.other.rotation-unsupported');
    assert.equal(
      keyContextValue(key('k', { details: denied('kms:DescribeKey'), rotation: denied('kms:GetKeyRotationStatus') })),
      'kmsKey.unknown.unknown.rotation-unknown',
    );
  });
});

describe('a key with parts the user cannot read', () => {
  const k = key('k1', {
    aliases: ['alias/payments'],
    details: denied('kms:DescribeKey'),
    grants: denied('kms:ListGrants'),
    tags: denied('kms:ListResourceTags', 'NotFoundException'),
  });

  test('names the denied calls instead of the data', () => {
    const rows = keyDetailRows(k);
    assert.equal(find(rows, 'details').label, 'Details: kms:DescribeKey denied');
    assert.equal(find(rows, 'details').description, `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: kms:DescribeKey`);
    assert.equal(find(rows, 'grants').label, 'Grants: kms:ListGrants denied');
    assert.equal(find(rows, 'tags').label, 'Tags: kms:ListResourceTags failed (NotFoundException)');
    assert.ok(!rows.some((r) => r.id === 'state'), 'no state row without DescribeKey');
    assert.equal(find(rows, 'aliases').label, 'Aliases (1)');
  });

  test('says so in the description and tooltip', () => {
    assert.equal(keyDescription(k), 'details: kms:DescribeKey denied · k1');
    assert.match(keyTooltip(k), /kms:ListGrants denied: User: arn:aws:iam::111122223333:user\/dev is not authorized/);
    assert.equal(deniedLabel(denied('kms:ListAliases')), 'kms:ListAliases denied');
  });
});

describe('keyDetailRows', () => {
  const grant = {
    id: 'g-1',
    name: 'finance-reports',
    grantee: `arn:aws:iam::${ACCOUNT}:role/App`,
    operations: ['Decrypt', 'Encrypt'],
    constraints: { encryptionContextSubset: { Department: 'Finance' } },
    retiringPrincipal: `arn:aws:iam::${ACCOUNT}:role/Admin`,
    issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
    creationDate: new Date(Date.UTC(2025, 5, 1)),
  };
  const created = new Date(Date.UTC(2024, 0, 15));
  const k = key('k2', {
    aliases: ['alias/app-data', 'alias/app-data-legacy'],
    details: {
      state: 'PendingDeletion',
      spec: 'SYMMETRIC_DEFAULT',
      usage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      multiRegion: 'PRIMARY',
      manager: 'CUSTOMER',
      description: 'Orders',
      creationDate: created,
      deletionDate: new Date(Date.UTC(2026, 2, 4)),
      pendingWindowDays: 7,
    },
    rotation: { supported: true, enabled: true, periodDays: 180, nextRotationDate: new Date(created.getTime() + 540 * DAY) },
    grants: [grant],
    tags: [{ key: 'Team', value: 'payments' }],
  });
  const cost = estimateMonthlyCost([k]);
  const rows = keyDetailRows(k, cost.keys[0], cost.assumptions);

  test('shows state with the deletion date, spec and usage, origin, multi-Region role, rotation, dates', () => {
    assert.equal(find(rows, 'state').label, 'State: Pending deletion');
    assert.equal(find(rows, 'state').description, 'deleted on 2026-03-04 (7-day waiting period)');
    assert.equal(find(rows, 'spec').label, 'Key spec: SYMMETRIC_DEFAULT');
    assert.equal(find(rows, 'spec').description, 'usage ENCRYPT_DECRYPT');
    assert.equal(find(rows, 'origin').label, 'Origin: AWS_KMS');
    assert.equal(find(rows, 'multiRegion').label, 'Multi-Region: primary');
    assert.equal(find(rows, 'rotation').label, 'Rotation: on');
    assert.equal(find(rows, 'rotation').description, 'every 180 days · next 2025-07-08');
    assert.equal(find(rows, 'created').label, 'Created: 2024-01-15');
    assert.equal(find(rows, 'deletion').label, 'Deletion date: 2026-03-04');
    assert.deepEqual(
      find(rows, 'aliases').children?.map((c) => [c.label, c.contextValue, c.alias]),
      [
        ['alias/app-data', 'kmsAlias', 'alias/app-data'],
        ['alias/app-data-legacy', 'kmsAlias', 'alias/app-data-legacy'],
      ],
    );
    assert.deepEqual(
      find(rows, 'tags').children?.map((c) => c.label),
      ['Team = payments'],
    );
  });

  test('shows each grant with grantee, operations, constraints and retiring principal', () => {
    const g = find(rows, 'grants').children?.[0];
    assert.ok(g);
    assert.equal(g.contextValue, 'kmsGrant');
    assert.equal(g.label, `arn:aws:iam::${ACCOUNT}:role/App`);
    assert.equal(g.description, 'Decrypt, Encrypt');
    assert.deepEqual(g.children?.map((c) => c.label).slice(0, 4), [
      `Grantee: arn:aws:iam::${ACCOUNT}:role/App`,
      'Operations: Decrypt, Encrypt',
      'Constraints: encryption context includes {Department=Finance}',
      `Retiring principal: arn:aws:iam::${ACCOUNT}:role/Admin`,
    ]);
  });

  test('shows a cost estimate with its basis, and the assumptions in the tooltip', () => {
    const row = find(rows, 'cost');
    assert.equal(row.label, 'Estimated cost: $0.00/month');
    assert.match(row.description ?? '', /pending deletion: not charged/);
    assert.match(row.tooltip ?? '', /Assumptions/);
    assert.match(row.tooltip ?? '', /AWS managed keys and keys pending deletion cost nothing/);
  });

  test('the typed deletion confirmation accepts the aliases and the id', () => {
    assert.deepEqual(confirmationNames(k), ['alias/app-data', 'alias/app-data-legacy', 'k2']);
  });

  test('the description shows state, spec, multi-Region role, extra aliases and the id', () => {
    assert.equal(keyDescription(k), 'Pending deletion · SYMMETRIC_DEFAULT · multi-Region primary · +1 alias · k2');
  });
});

describe('grantForWhoCan', () => {
  test('turns a grant back into the ListGrants shape the server reads', () => {
    assert.deepEqual(
      grantForWhoCan({
        id: 'g',
        name: '',
        grantee: 'arn:aws:iam::1:role/R',
        operations: ['Decrypt'],
        constraints: { encryptionContextEquals: { Tenant: 'eu' } },
        retiringPrincipal: undefined,
        issuingAccount: 'arn:aws:iam::1:root',
      }),
      {
        GrantId: 'g',
        GranteePrincipal: 'arn:aws:iam::1:role/R',
        Operations: ['Decrypt'],
        Constraints: { EncryptionContextEquals: { Tenant: 'eu' } },
        IssuingAccount: 'arn:aws:iam::1:root',
      },
    );
  });

  test('leaves out a grant without grantee or operations', () => {
    assert.equal(grantForWhoCan({ id: 'g', name: '', grantee: '', operations: ['Decrypt'] }), undefined);
    assert.equal(grantForWhoCan({ id: 'g', name: '', grantee: 'x', operations: [] }), undefined);
  });
});
