import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { generatePrivateKey } from '../../keys/generatePrivateKey.ts';
import { type SdkRuntime, secretNames } from './runtime.ts';

/**
 * @internal Creates a fresh random session key, stores it encrypted and records it
 * locally as in flight (so a concurrent reconciliation keeps it).
 * @returns the key's address and a `settle()` to call when the workflow ends
 */
export async function createSessionKey(
  rt: SdkRuntime,
  userId: string,
): Promise<{ address: Address; settle(): void }> {
  const key = generatePrivateKey();
  const { address } = privateKeyToAccount(key);
  const id = address.toLowerCase();
  rt.inFlightSessions.add(id);
  await rt.keystore.put(secretNames.session(userId, address), key);
  await rt.state.update(userId, (local) => {
    if (local) local.sessions[id] = { address, entity: null, nonce: '0', lastUsedAt: 0 };
    return local;
  });
  return { address, settle: () => rt.inFlightSessions.delete(id) };
}

/** @internal Deletes a session key and its local record. */
export async function dropSessionKey(
  rt: SdkRuntime,
  userId: string,
  address: string,
): Promise<void> {
  const id = address.toLowerCase();
  await rt.state.update(userId, (local) => {
    if (local) delete local.sessions[id];
    return local;
  });
  await rt.keystore.delete(secretNames.session(userId, id));
}
