/** Validation and wording of the key actions' prompts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DELETION_WINDOW_DAYS, ROTATION_PERIOD_DAYS } from '../../client/src/aws';
import {
  DELETION_DAYS,
  ROTATION_DAYS,
  deletionWarning,
  typedConfirmationPrompt,
  validateAliasName,
  validateDeletionDays,
  validateRotationPeriod,
  validateTypedConfirmation,
} from '../../client/src/keyActions/keyActionPrompts';

test("the bounds match the AWS module's", () => {
  assert.equal(ROTATION_DAYS.min, ROTATION_PERIOD_DAYS.min);
  assert.equal(ROTATION_DAYS.max, ROTATION_PERIOD_DAYS.max);
  assert.equal(ROTATION_DAYS.default, ROTATION_PERIOD_DAYS.default);
  assert.equal(DELETION_DAYS.min, DELETION_WINDOW_DAYS.min);
  assert.equal(DELETION_DAYS.max, DELETION_WINDOW_DAYS.max);
});

test('rotation period: whole days from 90 to 2560', () => {
  assert.equal(validateRotationPeriod('365'), undefined);
  assert.equal(validateRotationPeriod(' 90 '), undefined);
  assert.equal(validateRotationPeriod('2560'), undefined);
  assert.equal(validateRotationPeriod('89'), 'The rotation period must be from 90 to 2560 days; 89 is outside that range.');
  assert.equal(validateRotationPeriod('1.5'), 'Enter the rotation period as a whole number of days from 90 to 2560.');
  assert.equal(validateRotationPeriod(''), 'Enter the rotation period as a whole number of days from 90 to 2560.');
});

test('deletion waiting period: whole days from 7 to 30', () => {
  assert.equal(validateDeletionDays('7'), undefined);
  assert.equal(validateDeletionDays('30'), undefined);
  assert.equal(validateDeletionDays('31'), 'The waiting period must be from 7 to 30 days; 31 is outside that range.');
  assert.equal(validateDeletionDays('6'), 'The waiting period must be from 7 to 30 days; 6 is outside that range.');
});

test('alias names', () => {
  assert.equal(validateAliasName('alias/app-data_2/eu'), undefined);
  assert.equal(validateAliasName('app-data'), 'An alias name starts with "alias/", e.g. alias/app-data.');
  assert.equal(validateAliasName('alias/aws/s3'), 'Aliases starting with "alias/aws/" are reserved for AWS managed keys.');
  assert.equal(validateAliasName('alias/'), 'Enter a name after "alias/".');
  assert.equal(validateAliasName('alias/a b'), 'An alias name may contain only letters, digits, "/", "_" and "-".');
  assert.equal(validateAliasName('alias/x', ['alias/x']), 'alias/x already points to this key.');
  assert.equal(validateAliasName(`alias/${'a'.repeat(251)}`), 'An alias name is at most 256 characters; this one has 257.');
});

test('the typed confirmation accepts exactly an alias or the key id', () => {
  const names = ['alias/app-data', 'alias/app-data-legacy', '1234abcd-12ab-34cd-56ef-1234567890ab'];
  assert.equal(validateTypedConfirmation('alias/app-data', names), undefined);
  assert.equal(validateTypedConfirmation('1234abcd-12ab-34cd-56ef-1234567890ab', names), undefined);
  assert.equal(validateTypedConfirmation('alias/app', names), 'Type alias/app-data or the key id exactly to confirm.');
  assert.equal(validateTypedConfirmation('ALIAS/APP-DATA', names), 'Type alias/app-data or the key id exactly to confirm.');
  assert.equal(validateTypedConfirmation('x', ['k1']), 'Type the key id exactly to confirm.');
});

test('the deletion warnings say plainly that data becomes unrecoverable', () => {
  assert.match(deletionWarning('alias/app-data'), /data encrypted under this key can never be decrypted again/);
  assert.equal(
    typedConfirmationPrompt('alias/app-data', ['alias/app-data', 'k'], 7),
    'Data encrypted under alias/app-data becomes unrecoverable 7 days after you confirm. Type alias/app-data (or the key id) to schedule the deletion.',
  );
});
