/** The question lens's answer by name: named principals that can perform the first action, counted by kind. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namedLensSummary } from '../../../server/src/engine';
import { NAMED_ANSWER } from '../../client/namedAnswers';

test('counts roles and users that can, and the conditional ones', () => {
  // Decrypt: AppServerRole, S3Reader (conditional), DeployRole; ci-runner only through a chain; Sandbox and the service cannot.
  assert.equal(namedLensSummary(NAMED_ANSWER), '3 roles (1 conditional); 1 more by assuming roles');
});

test('counts by the first action of the answer', () => {
  assert.equal(namedLensSummary({ ...NAMED_ANSWER, actions: ['kms:Encrypt', 'kms:Decrypt'] }), '1 role, 1 service');
});

test('says nobody when no named principal can, and counts chains alone', () => {
  assert.equal(namedLensSummary({ ...NAMED_ANSWER, principals: [] }), 'nobody, by name');
  assert.equal(namedLensSummary({ ...NAMED_ANSWER, principals: NAMED_ANSWER.principals.filter((p) => p.name === 'ci-runner') }), '1 by assuming roles');
});
