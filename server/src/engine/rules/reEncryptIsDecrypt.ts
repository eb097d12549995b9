/**
 * KP509: a statement that allows kms:ReEncryptFrom (directly or through `kms:ReEncrypt*`) but not
 * kms:Decrypt. ReEncryptFrom decrypts the ciphertext inside KMS and re-encrypts it under a key the caller
 * chooses, one whose Decrypt the caller may hold, so it is as good as Decrypt. A statement that leaves Decrypt
 * out to keep principals from reading data does not achieve that. Info: re-encryption is a legitimate job;
 * the point is that the principals here can read the data.
 *
 * Any Allow is considered ("given broadly" means: to anyone who is not also given Decrypt). Statements that
 * grant Decrypt too are not reported: there is nothing hidden.
 */
import type { PolicyRule } from './types';
import { hasCapability } from '../facts';
import { listNames } from '../messages';

/** KP509 re-encrypt-is-decrypt. */
export const reEncryptIsDecrypt: PolicyRule = {
  code: 'KP509',
  name: 're-encrypt-is-decrypt',
  severity: 'info',
  summary: 'ReEncryptFrom (kms:ReEncrypt*) is decrypt-equivalent: the principals can read the data even without kms:Decrypt.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (s.effect?.value !== 'Allow') continue;
      const decrypting = f.grantedWhere((a) => hasCapability(a, 'decrypt'));
      if (decrypting.length === 0 || decrypting.some((a) => a.name === 'Decrypt')) continue;
      const names = listNames(
        decrypting.map((a) => `kms:${a.name}`),
        4,
      );
      const item = f.itemWhere((a) => hasCapability(a, 'decrypt'));
      if (!item) continue;
      ctx.report({
        at: item,
        message: `${names} decrypts inside KMS and re-encrypts under a key the caller picks, so these principals can read data encrypted under this key even without kms:Decrypt. Keep it only for principals that may decrypt.`,
      });
    }
  },
};
