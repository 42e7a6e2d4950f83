/**
 * The relayer moves outbox rows onto the chain. One loop, one key:
 *
 *   QUEUED --sign (nonce from the nonce manager; raw tx + hash stored)--> SIGNED
 *   SIGNED --eth_sendRawTransaction--> SENT
 *
 * The raw transaction and its hash are committed before the first broadcast, so a crash
 * at any point re-broadcasts the very same bytes on restart: nothing is lost and nothing
 * is sent twice with different nonces. Receipts are the watcher's job.
 *
 * NOTE: one platform process per database; its worker loop is the only nonce authority.
 * TODO(#3): a SIGNED row the node refuses for good (fee cap below a risen base fee,
 * relayer out of gas money) stays SIGNED, is retried every pass and holds up the
 * nonces after it; it should be re-signed on the same nonce with fresh fees, with the
 * watcher accepting either hash.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Account, type Hex, keccak256, type PublicClient } from 'viem';
import { nowSeconds } from '../context.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { createNonceManager } from './createNonceManager.ts';

/** Signs and broadcasts outbox rows. */
export type Relayer = {
  /** Signs queued rows and broadcasts signed ones; one pass. */
  step(): Promise<void>;
  /** Sends an already signed transaction again; true when the node has it or mined it. */
  rebroadcast(row: Pick<OutboxRow, 'id' | 'raw_tx' | 'tx_hash'>): Promise<boolean>;
};

export type RelayerOptions = {
  db: Kysely<Database>;
  publicClient: PublicClient;
  account: Account;
  chainId: number;
  logger: Logger;
  /** Called in the same database transaction that marks a row SENT. */
  onSent(trx: Kysely<Database>, row: OutboxRow): Promise<void>;
};

/**
 * Creates the relayer of one platform instance.
 * @returns `step()` to run from the platform's worker loop
 */
export function createRelayer(options: RelayerOptions): Relayer {
  const { db, publicClient, account, chainId, logger } = options;
  const nonces = createNonceManager(db, publicClient, account.address);
  const failpoint = process.env.OST_WALLET_FAILPOINT;

  async function sign(row: OutboxRow): Promise<void> {
    if (!account.signTransaction)
      throw new Error('relayer account cannot sign transactions');
    const nonce = await nonces.next();
    const fees = await publicClient.estimateFeesPerGas();
    const raw = await account.signTransaction({
      chainId,
      type: 'eip1559',
      to: row.to_address as Hex,
      data: row.data as Hex,
      value: 0n,
      gas: BigInt(row.gas),
      nonce,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    const hash = keccak256(raw);
    await db
      .updateTable('outbox')
      .set({
        status: 'SIGNED',
        relayer_address: account.address,
        relayer_nonce: nonce,
        raw_tx: raw,
        tx_hash: hash,
        updated_at: nowSeconds(),
      })
      .where('id', '=', row.id)
      .where('status', '=', 'QUEUED')
      .execute();
    logger.info({ outbox: row.id, kind: row.kind, nonce, tx: hash }, 'outbox row signed');
    if (failpoint === 'after-sign') process.kill(process.pid, 'SIGKILL');
  }

  async function send(row: OutboxRow): Promise<void> {
    const accepted = await rebroadcast(row);
    if (!accepted) return;
    await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('outbox')
        .set({ status: 'SENT', updated_at: nowSeconds() })
        .where('id', '=', row.id)
        .where('status', '=', 'SIGNED')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) await options.onSent(trx, row);
    });
    logger.info({ outbox: row.id, kind: row.kind, tx: row.tx_hash }, 'outbox row sent');
    if (failpoint === 'after-send') process.kill(process.pid, 'SIGKILL');
  }

  async function rebroadcast(
    row: Pick<OutboxRow, 'id' | 'raw_tx' | 'tx_hash'>,
  ): Promise<boolean> {
    try {
      await publicClient.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
      return true;
    } catch (error) {
      const message = String(
        (error as { details?: string }).details ?? error,
      ).toLowerCase();
      if (message.includes('already known') || message.includes('already imported')) {
        return true;
      }
      // Nonce used: fine if by this very transaction.
      if (message.includes('nonce too low')) {
        const receipt = await publicClient
          .getTransactionReceipt({ hash: row.tx_hash as Hex })
          .catch(() => null);
        if (receipt) return true;
      }
      logger.warn(
        { outbox: row.id, tx: row.tx_hash, reason: message.slice(0, 200) },
        'broadcast refused; will retry',
      );
      return false;
    }
  }

  return {
    rebroadcast,
    async step() {
      const queued = await db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'QUEUED')
        .orderBy('id')
        .limit(50)
        .execute();
      for (const row of queued) await sign(row);

      const signed = await db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'SIGNED')
        .orderBy('relayer_nonce')
        .limit(50)
        .execute();
      for (const row of signed) await send(row);
    },
  };
}
