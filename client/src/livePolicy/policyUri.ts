/**
 * Where a live key policy lives in the editor: `kms-policy:/<region>/<keyId>/policy.kms.json`. The
 * `.kms.json` name gives the document the key-policy language (and so the language server) in any
 * scheme. Pure: no `vscode` import, so it is unit-tested in plain Node.
 */

/** The scheme of editable live key policies (served by the live-policy file system provider). */
export const LIVE_POLICY_SCHEME = 'kms-policy';

/** The scheme of read-only snapshots of a deployed policy (the left side of conflict diffs). */
export const DEPLOYED_SNAPSHOT_SCHEME = 'kms-policy-deployed';

/** The file name every live policy has. */
export const POLICY_FILE_NAME = 'policy.kms.json';

/** A key, as a live-policy URI names it. */
export interface LivePolicyRef {
  readonly region: string;
  readonly keyId: string;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** The URI path of a key's live policy. Throws on a Region or key id that cannot be part of one. */
export function livePolicyPath(ref: LivePolicyRef): string {
  if (!REGION.test(ref.region)) throw new Error(`Not an AWS Region code: "${ref.region}".`);
  if (!KEY_ID.test(ref.keyId)) throw new Error(`Not a KMS key id: "${ref.keyId}".`);
  return `/${ref.region}/${ref.keyId}/${POLICY_FILE_NAME}`;
}

/** The key a live-policy URI path names. Throws an Error saying what is wrong with any other path. */
export function parseLivePolicyPath(path: string): LivePolicyRef {
  const parts = path.split('/');
  if (parts.length !== 4 || parts[0] !== '' || parts[3] !== POLICY_FILE_NAME) {
    throw new Error(`Not a live key policy path: "${path}" (expected /<region>/<keyId>/${POLICY_FILE_NAME}).`);
  }
  const [, region, keyId] = parts;
  if (!REGION.test(region)) throw new Error(`Not an AWS Region code: "${region}".`);
  if (!KEY_ID.test(keyId)) throw new Error(`Not a KMS key id: "${keyId}".`);
  return { region, keyId };
}

/** A stable string for a key, for maps keyed by key. */
export function keyRefId(ref: LivePolicyRef): string {
  return `${ref.region}/${ref.keyId}`;
}
