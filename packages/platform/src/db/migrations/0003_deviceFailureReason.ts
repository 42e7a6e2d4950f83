import type { Kysely, Migration } from 'kysely';

/**
 * Keeps why a device's authorization failed on chain, as sessions and users do: the
 * device goes back to REGISTERED with the reason instead of losing it.
 */
export const deviceFailureReason: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('devices').addColumn('failure_reason', 'text').execute();
  },
};
