import type { Kysely } from 'kysely';
import type { Address, PublicClient } from 'viem';
import type { Database } from '../db/schema.ts';

/** Hands out the relayer's transaction nonces, one at a time. */
export type NonceManager = {
  /** The next unused nonce; call only from the relayer's single loop. */
  next(): Promise<number>;
};

/**
 * Nonces come from one place: the larger of the chain's pending count and one past
 * the highest nonce already written to the outbox (signed rows may not have reached
 * the node yet, e.g. after a crash). The caller serializes; the unique index on
 * (relayer_address, relayer_nonce) backs this up.
 */
export function createNonceManager(
  db: Kysely<Database>,
  publicClient: PublicClient,
  relayer: Address,
): NonceManager {
  return {
    async next() {
      const [onChain, stored] = await Promise.all([
        publicClient.getTransactionCount({ address: relayer, blockTag: 'pending' }),
        db
          .selectFrom('outbox')
          .select((eb) => eb.fn.max('relayer_nonce').as('max'))
          .where('relayer_address', '=', relayer)
          .executeTakeFirst(),
      ]);
      const max = stored?.max;
      const fromDb = max === null || max === undefined ? 0 : Number(max) + 1;
      return Math.max(onChain, fromDb);
    },
  };
}
