/**
 * Key states that refuse operations whatever the policy says (SEMANTICS §2.3; KMS "Key states" page), as the
 * catalog's KMS facts list them per action: e.g. Disabled, PendingDeletion, PendingImport and Creating refuse
 * cryptographic operations, GetPublicKey, CreateGrant and ReplicateKey; Unavailable refuses cryptographic
 * operations but not CreateGrant; Updating refuses ReplicateKey. Where the sources are silent, the state does
 * not refuse. The documentation does not say whether KMS reports the authorization failure or the state
 * failure first; the simulator reports them as two verdicts (Decision.reason and Decision.keyState).
 */
import { KEY_STATES as CATALOG_KEY_STATES } from '../catalog';
import { blockedInState } from './knowledge';
import type { KeyState } from './types';

/** Every key state, for option validation. */
export const KEY_STATES: readonly KeyState[] = CATALOG_KEY_STATES;

/** True when a key in `state` refuses `action` (lower case, with prefix). */
export function stateBlocks(state: KeyState, action: string): boolean {
  return blockedInState(action, state);
}

/** A sentence saying why the state refuses the action (`action` as the reader should see it). */
export function stateReason(state: KeyState, action: string): string {
  return `the key is ${state}, and a key in that state refuses ${action}`;
}
