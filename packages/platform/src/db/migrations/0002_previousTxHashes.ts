import type { Kysely, Migration } from 'kysely';

/**
 * Remembers the hashes of earlier signatures of an outbox row, when the relayer had to
 * re-sign the same nonce with higher fees: whichever of them is mined settles the row.
 */
export const previousTxHashes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('outbox')
      .addColumn('previous_tx_hashes', 'text')
      .execute();
  },
};
