import type { Kysely, Transaction } from 'kysely';
import type { Address, Hex } from 'viem';
import { nowSeconds } from '../context.ts';
import type { Database, OutboxKind } from '../db/schema.ts';

/** One chain action to relay. */
export type OutboxEntry = {
  kind: OutboxKind;
  userId: string;
  /** The entity the action is for (session address, transaction id, funding id). */
  ref: string;
  to: Address;
  data: Hex;
  /** Gas limit of the relayed transaction. */
  gas: bigint;
  /** For Safe transactions: claims `safe:nonce` so no two requests use one Safe nonce. */
  safeNonceKey?: string;
};

/**
 * Queues a chain action in the outbox, inside the caller's database transaction so
 * the entity change and the action commit together or not at all.
 * @returns the outbox row id
 */
export async function enqueue(
  trx: Kysely<Database> | Transaction<Database>,
  entry: OutboxEntry,
): Promise<number> {
  const now = nowSeconds();
  const row = await trx
    .insertInto('outbox')
    .values({
      kind: entry.kind,
      user_id: entry.userId,
      ref: entry.ref,
      to_address: entry.to,
      data: entry.data,
      gas: entry.gas.toString(),
      safe_nonce_key: entry.safeNonceKey ?? null,
      status: 'QUEUED',
      relayer_address: null,
      relayer_nonce: null,
      raw_tx: null,
      tx_hash: null,
      previous_tx_hashes: null,
      block_number: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Gas limits per action: generous fixed values, as sends are never estimated. */
export const gasLimits = {
  activate: (sessions: number) => 1_500_000n + 150_000n * BigInt(sessions),
  safeTx: 400_000n,
  executeRule: (recipients: number) => 300_000n + 100_000n * BigInt(recipients),
  fund: 150_000n,
} as const;
