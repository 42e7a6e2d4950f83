/**
 * The watcher follows SENT outbox rows to their receipts and moves entities on:
 * MINED rows apply their events, REVERTED rows their decoded reason. A row is closed
 * and its outcome applied in one database transaction, so each outcome lands once.
 * A sent row without a receipt is broadcast again once per process start and then
 * every `rebroadcastAfterSecs`, in case the node forgot it.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Hex, PublicClient, TransactionReceipt } from 'viem';
import { nowSeconds } from '../context.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { previousHashes, type Relayer } from '../relayer/createRelayer.ts';
import { applyOutcome, type Outcome } from './applyOutcome.ts';
import { explainFailure } from './explainFailure.ts';

/** Follows sent outbox rows to their receipts. */
export type Watcher = { step(): Promise<void> };

export type WatcherOptions = {
  db: Kysely<Database>;
  publicClient: PublicClient;
  relayer: Relayer;
  logger: Logger;
  /** @default 30 */
  rebroadcastAfterSecs?: number;
};

/**
 * Creates the watcher of one platform instance.
 * @param options - database, chain client, the relayer (for re-broadcasts), logger
 * @returns `step()` to run from the platform's worker loop
 */
export function createWatcher(options: WatcherOptions): Watcher {
  const { db, publicClient, relayer, logger } = options;
  const rebroadcastAfter = options.rebroadcastAfterSecs ?? 30;
  const lastBroadcast = new Map<number, number>();

  async function settle(row: OutboxRow, receipt: TransactionReceipt): Promise<void> {
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const blockNumber = Number(receipt.blockNumber);
    const blockTimestamp = Number(block.timestamp);
    const mined = receipt.status === 'success';
    const outcome: Outcome = mined
      ? { ok: true, logs: receipt.logs, blockNumber, blockTimestamp }
      : {
          ok: false,
          reason: await explainFailure(publicClient, row, receipt),
          blockNumber,
          blockTimestamp,
        };

    await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('outbox')
        .set({
          status: mined ? 'MINED' : 'REVERTED',
          tx_hash: row.tx_hash,
          block_number: blockNumber,
          error: outcome.ok ? null : outcome.reason,
          // A reverted Safe transaction consumed no Safe nonce: release it.
          ...(mined ? {} : { safe_nonce_key: null }),
          updated_at: nowSeconds(),
        })
        .where('id', '=', row.id)
        .where('status', '=', 'SENT')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) await applyOutcome(trx, row, outcome);
    });
    lastBroadcast.delete(row.id);
    logger.info(
      {
        outbox: row.id,
        kind: row.kind,
        tx: row.tx_hash,
        block: blockNumber,
        ...(outcome.ok ? {} : { reason: outcome.reason }),
      },
      mined ? 'outbox row mined' : 'outbox row reverted',
    );
  }

  /** The receipt of the row's transaction, under its current or an earlier hash. */
  async function findReceipt(row: OutboxRow): Promise<TransactionReceipt | null> {
    for (const hash of [row.tx_hash as Hex, ...previousHashes(row)]) {
      const receipt = await publicClient
        .getTransactionReceipt({ hash })
        .catch(() => null);
      if (receipt) return receipt;
    }
    return null;
  }

  return {
    async step() {
      const sent = await db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'SENT')
        .orderBy('relayer_nonce')
        .limit(100)
        .execute();
      for (const row of sent) {
        const found = await findReceipt(row);
        if (found) {
          await settle({ ...row, tx_hash: found.transactionHash }, found);
          continue;
        }
        const last = lastBroadcast.get(row.id);
        if (last === undefined || nowSeconds() - last >= rebroadcastAfter) {
          lastBroadcast.set(row.id, nowSeconds());
          await relayer.rebroadcast(row);
        }
      }
    },
  };
}
