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
 * A row the node refuses as underpriced (its fee cap fell below a risen base fee) is
 * signed again on the same nonce with higher fees; the earlier hashes are kept, and
 * whichever one is mined settles the row. One nonce can only be mined once.
 *
 * NOTE: one platform process per database; its worker loop is the only nonce authority.
 * TODO(#3): a row refused for another lasting reason (relayer out of gas money) is
 * retried every pass and holds up the nonces after it; it is only logged.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  type Account,
  type Hex,
  keccak256,
  type PublicClient,
  parseTransaction,
} from 'viem';
import { nowSeconds } from '../context.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { createNonceManager } from './createNonceManager.ts';

/** Signs and broadcasts outbox rows. */
export type Relayer = {
  /** Signs queued rows and broadcasts signed ones; one pass. */
  step(): Promise<void>;
  /** Sends an already signed transaction again; true when the node has it or mined it. */
  rebroadcast(row: OutboxRow): Promise<boolean>;
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

  async function signRaw(
    row: OutboxRow,
    nonce: number,
    minFees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ): Promise<{ raw: Hex; hash: Hex }> {
    if (!account.signTransaction) {
      throw new Error('relayer account cannot sign transactions');
    }
    const fees = await publicClient.estimateFeesPerGas();
    let maxFeePerGas = fees.maxFeePerGas * 2n;
    let maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
    // A replacement must beat the earlier signature by at least 10 %; we use 25 %.
    if (minFees) {
      const bump = (fee: bigint) => (fee * 125n) / 100n + 1n;
      if (maxFeePerGas < bump(minFees.maxFeePerGas))
        maxFeePerGas = bump(minFees.maxFeePerGas);
      if (maxPriorityFeePerGas < bump(minFees.maxPriorityFeePerGas)) {
        maxPriorityFeePerGas = bump(minFees.maxPriorityFeePerGas);
      }
      if (maxFeePerGas < maxPriorityFeePerGas) maxFeePerGas = maxPriorityFeePerGas;
    }
    const raw = await account.signTransaction({
      chainId,
      type: 'eip1559',
      to: row.to_address as Hex,
      data: row.data as Hex,
      value: 0n,
      gas: BigInt(row.gas),
      nonce,
      maxFeePerGas,
      maxPriorityFeePerGas,
    });
    return { raw, hash: keccak256(raw) };
  }

  async function sign(row: OutboxRow): Promise<void> {
    const nonce = await nonces.next();
    const { raw, hash } = await signRaw(row, nonce);
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

  /** Signs the row's nonce again with higher fees; keeps the earlier hash. */
  async function resign(row: OutboxRow): Promise<OutboxRow> {
    const old = parseTransaction(row.raw_tx as Hex);
    const { raw, hash } = await signRaw(row, Number(row.relayer_nonce), {
      maxFeePerGas: old.maxFeePerGas ?? 0n,
      maxPriorityFeePerGas: old.maxPriorityFeePerGas ?? 0n,
    });
    const previous = [...previousHashes(row), row.tx_hash as string];
    const updated = {
      ...row,
      raw_tx: raw,
      tx_hash: hash,
      previous_tx_hashes: JSON.stringify(previous),
      updated_at: nowSeconds(),
    };
    await db
      .updateTable('outbox')
      .set({
        raw_tx: raw,
        tx_hash: hash,
        previous_tx_hashes: updated.previous_tx_hashes,
        updated_at: updated.updated_at,
      })
      .where('id', '=', row.id)
      .where('tx_hash', '=', row.tx_hash)
      .execute();
    logger.info(
      { outbox: row.id, nonce: row.relayer_nonce, tx: hash, replaces: row.tx_hash },
      'outbox row signed again with higher fees',
    );
    return updated;
  }

  async function send(signed: OutboxRow): Promise<void> {
    let row = signed;
    let result = await broadcast(row);
    if (result === 'underpriced') {
      row = await resign(row);
      result = await broadcast(row);
    }
    if (result !== 'accepted') return;
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

  async function broadcast(
    row: OutboxRow,
  ): Promise<'accepted' | 'underpriced' | 'refused'> {
    try {
      await publicClient.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
      return 'accepted';
    } catch (error) {
      const message = String(
        (error as { details?: string }).details ?? error,
      ).toLowerCase();
      if (message.includes('already known') || message.includes('already imported')) {
        return 'accepted';
      }
      // Nonce used: fine if by this very transaction or an earlier signature of it.
      if (message.includes('nonce too low')) {
        for (const hash of [row.tx_hash as Hex, ...previousHashes(row)]) {
          const receipt = await publicClient
            .getTransactionReceipt({ hash: hash as Hex })
            .catch(() => null);
          if (receipt) return 'accepted';
        }
      }
      if (/underpriced|base fee|fee cap|feecap|max fee per gas less than/.test(message)) {
        logger.warn(
          { outbox: row.id, tx: row.tx_hash },
          'broadcast refused as underpriced',
        );
        return 'underpriced';
      }
      logger.warn(
        { outbox: row.id, tx: row.tx_hash, reason: message.slice(0, 200) },
        'broadcast refused; will retry',
      );
      return 'refused';
    }
  }

  async function rebroadcast(row: OutboxRow): Promise<boolean> {
    const result = await broadcast(row);
    if (result !== 'underpriced') return result === 'accepted';
    return (await broadcast(await resign(row))) === 'accepted';
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

/** Hashes of earlier signatures of the row's nonce. */
export function previousHashes(row: Pick<OutboxRow, 'previous_tx_hashes'>): Hex[] {
  return row.previous_tx_hashes ? (JSON.parse(row.previous_tx_hashes) as Hex[]) : [];
}
