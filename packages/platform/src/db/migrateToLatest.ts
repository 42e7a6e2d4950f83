import { OstWalletError } from '@ost-wallet/errors';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initial } from './migrations/0001_initial.ts';
import { previousTxHashes } from './migrations/0002_previousTxHashes.ts';
import { deviceFailureReason } from './migrations/0003_deviceFailureReason.ts';
import type { Database } from './schema.ts';

/**
 * Brings the schema up to date with kysely's `Migrator`. Migrations live in code
 * (no file scanning), named so they sort in order.
 * @throws {OstWalletError} `INTERNAL_ERROR` when a migration fails
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001_initial': initial(dialect),
        '0002_previous_tx_hashes': previousTxHashes,
        '0003_device_failure_reason': deviceFailureReason,
      };
    },
  };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new OstWalletError('INTERNAL_ERROR', `migration ${failed ?? '?'} failed`, {
      cause: error,
    });
  }
}
