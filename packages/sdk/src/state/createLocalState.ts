/**
 * The SDK's local, non-secret state per user: the device's addresses, the last known
 * platform entities, and the sessions whose keys live on this device. It is cached in
 * memory and written through to the storage adapter; writes for one user are
 * serialized so two workflows never lose each other's changes.
 */
import type { Device, Session, Token, User } from '@ost-wallet/protocol';
import type { Address } from 'viem';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import type { WalletStorage } from '../storage/WalletStorage.ts';
import { createKeyedQueue } from '../utils/createKeyedQueue.ts';

/** A session whose key lives on this device. */
export type LocalSession = {
  address: Address;
  /** The last entity the platform reported, or null before it knew the session. */
  entity: Session | null;
  /** The next nonce this device will sign with (decimal digits). */
  nonce: string;
  /** When this device last used the session (ms, device clock), for least-recently-used choice. */
  lastUsedAt: number;
};

/** Everything non-secret the SDK keeps about one user on this device. */
export type LocalUser = {
  userId: string;
  tokenId: string;
  deviceAddress: Address;
  apiSignerAddress: Address;
  device: Device | null;
  user: User | null;
  token: Token | null;
  sessions: Record<string, LocalSession>;
  /** Last seen `chain.time − device clock`, in seconds. */
  chainTimeOffset: number;
};

/** @internal */
export type LocalState = {
  get(userId: string): Promise<LocalUser | undefined>;
  update(
    userId: string,
    fn: (current: LocalUser | undefined) => LocalUser | undefined,
  ): Promise<LocalUser | undefined>;
};

/** @internal */
export function createLocalState(storage: WalletStorage): LocalState {
  const cache = new Map<string, LocalUser | undefined>();
  const queue = createKeyedQueue();
  const keyOf = (userId: string) => `user:${userId}`;

  async function load(userId: string): Promise<LocalUser | undefined> {
    if (cache.has(userId)) return cache.get(userId);
    const raw = await storage.get(keyOf(userId));
    let value: LocalUser | undefined;
    if (raw !== undefined) {
      try {
        value = JSON.parse(raw) as LocalUser;
      } catch (cause) {
        throw new WalletSdkError(
          'KEYSTORE_CORRUPT',
          `local state of user '${userId}' is not JSON`,
          { cause },
        );
      }
    }
    if (!cache.has(userId)) cache.set(userId, value);
    return cache.get(userId);
  }

  return {
    get: load,
    update(userId, fn) {
      return queue(userId, async () => {
        const current = await load(userId);
        // A deep copy (JSON only, so React Native needs no structuredClone).
        const next = fn(
          current === undefined
            ? undefined
            : (JSON.parse(JSON.stringify(current)) as LocalUser),
        );
        if (next === undefined) await storage.delete(keyOf(userId));
        else await storage.set(keyOf(userId), JSON.stringify(next));
        cache.set(userId, next);
        return next;
      });
    },
  };
}
