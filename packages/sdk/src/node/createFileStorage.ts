import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalletStorage } from '../storage/WalletStorage.ts';

/** Options of {@link createFileStorage}. */
export type FileStorageOptions = {
  /** The directory that holds one file per key; created when missing. */
  directory: string;
};

/**
 * A {@link WalletStorage} on the file system (Node only): one file per key, written
 * atomically (a temporary file in the same directory, then `rename`), mode 0600.
 *
 * @param options - the directory
 * @returns the storage
 * @throws {Error} from the file system when the directory cannot be used
 * @example
 * import { createFileStorage } from '@ost-wallet/sdk/node';
 * const storage = createFileStorage({ directory: './wallet-data' });
 */
export function createFileStorage(options: FileStorageOptions): WalletStorage {
  const { directory } = options;
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    ready ??= mkdir(directory, { recursive: true, mode: 0o700 });
    return ready;
  };
  // Key text may hold ':' and '/', so file names are the key's hex encoding.
  const fileOf = (key: string) =>
    join(directory, `${Buffer.from(key, 'utf8').toString('hex')}.json`);

  return {
    async get(key) {
      try {
        return await readFile(fileOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async set(key, value) {
      await ensureDir();
      const file = fileOf(key);
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, value, { encoding: 'utf8', mode: 0o600, flush: true });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
