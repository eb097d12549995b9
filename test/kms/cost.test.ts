/** The monthly cost estimate (pure). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateMonthlyCost, estimatedRotations, type KmsKeySummary } from '../../client/src/aws';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

function key(
  id: string,
  over: { manager?: 'AWS' | 'CUSTOMER'; state?: string; createdDaysAgo?: number; rotation?: KmsKeySummary['rotation']; denied?: boolean },
): KmsKeySummary {
  const denied = { denied: 'kms:DescribeKey', code: 'AccessDeniedException', message: 'no' };
  return {
    id,
    arn: `arn:aws:kms:us-east-1:111122223333:key/${id}`,
    region: 'us-east-1',
    accountId: '111122223333',
    aliases: [],
    details: over.denied
      ? denied
      : {
          state: over.state ?? 'Enabled',
          spec: 'SYMMETRIC_DEFAULT',
          usage: 'ENCRYPT_DECRYPT',
          origin: 'AWS_KMS',
          multiRegion: 'NONE',
          manager: over.manager ?? 'CUSTOMER',
          description: '',
          creationDate: new Date(NOW - (over.createdDaysAgo ?? 10) * DAY_MS),
        },
    rotation: over.rotation ?? { supported: true, enabled: false },
    grants: [],
    tags: [],
  };
}

const rotating = (createdDaysAgo: number, periodDays: number): KmsKeySummary['rotation'] => {
  const created = NOW - createdDaysAgo * DAY_MS;
  const period = periodDays * DAY_MS;
  const next = created + (Math.floor((NOW - created) / period) + 1) * period;
  return { supported: true, enabled: true, periodDays, nextRotationDate: new Date(next) };
};

describe('estimatedRotations', () => {
  test('counts whole periods between creation and the last rotation', () => {
    const created = new Date(NOW - 400 * DAY_MS);
    assert.equal(estimatedRotations(created, new Date(created.getTime() + 365 * DAY_MS), 365), 0);
    assert.equal(estimatedRotations(created, new Date(created.getTime() + 730 * DAY_MS), 365), 1);
    assert.equal(estimatedRotations(created, new Date(created.getTime() + 5 * 90 * DAY_MS), 90), 4);
    assert.equal(estimatedRotations(undefined, new Date(NOW), 365), 0);
    assert.equal(estimatedRotations(created, undefined, 365), 0);
  });
});

describe('estimateMonthlyCost', () => {
  test('$1 per customer key, +$1 for each of the first two rotations; AWS managed and pending deletion free', () => {
    const estimate = estimateMonthlyCost([
      key('plain', { createdDaysAgo: 100 }),
      key('one-rotation', { createdDaysAgo: 400, rotation: rotating(400, 365) }),
      key('many-rotations', { createdDaysAgo: 1000, rotation: rotating(1000, 90) }),
      key('aws', { manager: 'AWS', rotation: rotating(1000, 365) }),
      key('deleting', { state: 'PendingDeletion' }),
      key('unknown', { denied: true }),
    ]);
    assert.deepEqual(
      estimate.keys.map((k) => [k.arn.split('/')[1], k.usdPerMonth]),
      [
        ['plain', 1],
        ['one-rotation', 2],
        ['many-rotations', 3],
        ['aws', 0],
        ['deleting', 0],
        ['unknown', 1],
      ],
    );
    assert.equal(estimate.totalUsdPerMonth, 7);
    assert.equal(estimate.requestsUsdPerMonth, 0);
    assert.equal(estimate.keys[2].basis, 'customer managed key $1 + 2 billed rotations × $1 (11 estimated, only the first 2 are billed)');
    assert.equal(estimate.keys[5].basis, 'customer managed key $1 + assumed customer managed and not pending deletion (DescribeKey failed)');
    assert.ok(estimate.assumptions.some((a) => a.includes('first two rotations')));
    assert.ok(estimate.assumptions.some((a) => a.startsWith('Request charges are not included')));
  });

  test('requests beyond the free 20,000 cost $0.03 per 10,000', () => {
    assert.equal(estimateMonthlyCost([], { monthlyRequests: 15_000 }).requestsUsdPerMonth, 0);
    const estimate = estimateMonthlyCost([key('k', {})], { monthlyRequests: 1_020_000 });
    assert.equal(estimate.requestsUsdPerMonth, 3);
    assert.equal(estimate.totalUsdPerMonth, 4);
    assert.ok(estimate.assumptions.some((a) => a.startsWith('Request charges assume 1020000 symmetric requests')));
  });
});
