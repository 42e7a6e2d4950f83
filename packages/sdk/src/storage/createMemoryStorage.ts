import type { WalletStorage } from './WalletStorage.ts';

/**
 * A {@link WalletStorage} in memory: for tests and short-lived processes. Everything is
 * gone when the process ends.
 *
 * @param initial - optional entries to start with (e.g. a copy of another storage)
 * @returns the storage, with a `snapshot()` to inspect what was stored
 * @throws never
 * @example const sdk = createWalletSdk({ platformUrl, storage: createMemoryStorage(), storagePassword });
 */
export function createMemoryStorage(
  initial: Record<string, string> = {},
): WalletStorage & { snapshot(): Record<string, string> } {
  const map = new Map(Object.entries(initial));
  return {
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      map.set(key, value);
    },
    async delete(key) {
      map.delete(key);
    },
    snapshot() {
      return Object.fromEntries(map);
    },
  };
}
