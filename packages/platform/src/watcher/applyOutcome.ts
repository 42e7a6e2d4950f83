/**
 * What a mined (or abandoned) outbox row means for the entities. Each update is
 * conditional on the state the row left the entity in, so applying an outcome twice
 * changes nothing the second time.
 */
import { safeAbi, tokenHolderAbi, userWalletFactoryAbi } from '@ost-wallet/contracts';
import type { Kysely } from 'kysely';
import { type Address, getAddress, type Log, parseEventLogs } from 'viem';
import { nowSeconds } from '../context.ts';
import type { Database, OutboxRow } from '../db/schema.ts';
import { nameRevertData } from './explainFailure.ts';

/** How a row ended on chain. */
export type Outcome =
  | { ok: true; logs: Log[]; blockNumber: number; blockTimestamp: number }
  | {
      ok: false;
      reason: string;
      blockNumber: number | null;
      blockTimestamp: number | null;
    };

/**
 * Applies a row's outcome to its entities, inside the caller's transaction.
 */
export async function applyOutcome(
  trx: Kysely<Database>,
  row: OutboxRow,
  outcome: Outcome,
): Promise<void> {
  const now = nowSeconds();
  const logs = outcome.ok ? outcome.logs : [];
  const thEvents = parseEventLogs({ abi: tokenHolderAbi, logs, strict: false });

  switch (row.kind) {
    case 'activate': {
      const user = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', row.user_id)
        .executeTakeFirst();
      if (user?.status !== 'ACTIVATING') return;
      const created = parseEventLogs({
        abi: userWalletFactoryAbi,
        logs,
        eventName: 'UserWalletCreated',
        strict: false,
      })[0];
      if (created?.args.safe && created.args.tokenHolder && created.args.recoveryModule) {
        const tokenHolder = getAddress(created.args.tokenHolder);
        const authorized = keysOf(thEvents, 'SessionAuthorized', tokenHolder);
        await trx
          .updateTable('users')
          .set({
            status: 'ACTIVATED',
            device_manager_address: getAddress(created.args.safe),
            token_holder_address: tokenHolder,
            recovery_module_address: getAddress(created.args.recoveryModule),
            token_holder_status: 'ACTIVE',
            failure_reason: null,
            updated_at: now,
          })
          .where('id', '=', row.user_id)
          .execute();
        await trx
          .updateTable('devices')
          .set({ status: 'AUTHORIZED', updated_at: now })
          .where('user_id', '=', row.user_id)
          .where('status', '=', 'AUTHORIZING')
          .execute();
        const pending = await trx
          .selectFrom('sessions')
          .select('address')
          .where('user_id', '=', row.user_id)
          .where('status', '=', 'INITIALIZING')
          .execute();
        for (const s of pending) {
          const ok = authorized.has(s.address);
          await trx
            .updateTable('sessions')
            .set({
              status: ok ? 'AUTHORIZED' : 'FAILED',
              failure_reason: ok ? null : 'SessionAuthorized event missing',
              updated_at: now,
            })
            .where('address', '=', s.address)
            .where('status', '=', 'INITIALIZING')
            .execute();
        }
        return;
      }
      const reason = outcome.ok ? 'UserWalletCreated event missing' : outcome.reason;
      await trx
        .updateTable('users')
        .set({ status: 'FAILED', failure_reason: reason, updated_at: now })
        .where('id', '=', row.user_id)
        .where('status', '=', 'ACTIVATING')
        .execute();
      await trx
        .updateTable('devices')
        .set({ status: 'REGISTERED', updated_at: now })
        .where('user_id', '=', row.user_id)
        .where('status', '=', 'AUTHORIZING')
        .execute();
      await trx
        .updateTable('sessions')
        .set({ status: 'FAILED', failure_reason: reason, updated_at: now })
        .where('user_id', '=', row.user_id)
        .where('status', '=', 'INITIALIZING')
        .execute();
      return;
    }

    case 'authorize_session': {
      const tokenHolder = await tokenHolderOf(trx, row.user_id);
      const ok = keysOf(thEvents, 'SessionAuthorized', tokenHolder).has(row.ref);
      await trx
        .updateTable('sessions')
        .set({
          status: ok ? 'AUTHORIZED' : 'FAILED',
          failure_reason: ok
            ? null
            : failureReason(outcome, 'SessionAuthorized event missing'),
          updated_at: now,
        })
        .where('address', '=', row.ref)
        .where('status', '=', 'INITIALIZING')
        .execute();
      if (ok) {
        await trx
          .updateTable('users')
          .set({ token_holder_status: 'ACTIVE', updated_at: now })
          .where('id', '=', row.user_id)
          .where('token_holder_status', '=', 'LOGGED_OUT')
          .execute();
      }
      return;
    }

    case 'revoke_session': {
      const tokenHolder = await tokenHolderOf(trx, row.user_id);
      const ok = keysOf(thEvents, 'SessionRevoked', tokenHolder).has(row.ref);
      await trx
        .updateTable('sessions')
        .set(
          ok
            ? { status: 'REVOKED', failure_reason: null, updated_at: now }
            : {
                status: 'AUTHORIZED',
                failure_reason: `revoke failed: ${failureReason(outcome, 'SessionRevoked event missing')}`,
                updated_at: now,
              },
        )
        .where('address', '=', row.ref)
        .where('status', '=', 'REVOKING')
        .execute();
      return;
    }

    case 'authorize_device': {
      const user = await trx
        .selectFrom('users')
        .select('device_manager_address')
        .where('id', '=', row.user_id)
        .executeTakeFirst();
      const ok = parseEventLogs({
        abi: safeAbi,
        logs,
        eventName: 'AddedOwner',
        strict: false,
      }).some(
        (e) =>
          sameAddress(e.address, user?.device_manager_address) &&
          sameAddress(e.args.owner, row.ref),
      );
      await trx
        .updateTable('devices')
        .set(
          ok
            ? { status: 'AUTHORIZED', failure_reason: null, updated_at: now }
            : {
                status: 'REGISTERED',
                failure_reason: failureReason(outcome, 'AddedOwner event missing'),
                updated_at: now,
              },
        )
        .where('address', '=', row.ref)
        .where('status', '=', 'AUTHORIZING')
        .execute();
      return;
    }

    case 'logout': {
      const tokenHolder = await tokenHolderOf(trx, row.user_id);
      const ok = thEvents.some(
        (e) => e.eventName === 'SessionsLoggedOut' && sameAddress(e.address, tokenHolder),
      );
      if (ok) {
        await trx
          .updateTable('users')
          .set({ token_holder_status: 'LOGGED_OUT', updated_at: now })
          .where('id', '=', row.user_id)
          .where('token_holder_status', '=', 'LOGGING_OUT')
          .execute();
        await trx
          .updateTable('sessions')
          .set({ status: 'LOGGED_OUT', updated_at: now })
          .where('user_id', '=', row.user_id)
          .where('status', 'in', ['AUTHORIZED', 'REVOKING'])
          .execute();
      } else {
        await trx
          .updateTable('users')
          .set({ token_holder_status: 'ACTIVE', updated_at: now })
          .where('id', '=', row.user_id)
          .where('token_holder_status', '=', 'LOGGING_OUT')
          .execute();
      }
      return;
    }

    case 'execute_rule': {
      const tx = await trx
        .selectFrom('transactions')
        .selectAll()
        .where('id', '=', row.ref)
        .executeTakeFirst();
      if (!tx || (tx.status !== 'CREATED' && tx.status !== 'SUBMITTED')) return;
      const tokenHolder = await tokenHolderOf(trx, row.user_id);
      const executed = thEvents.find(
        (e) =>
          e.eventName === 'RuleExecuted' &&
          sameAddress(e.address, tokenHolder) &&
          sameAddress(e.args.key, tx.session_address),
      );
      let status: 'SUCCESS' | 'FAILED';
      let reason: string | null = null;
      if (executed && executed.eventName === 'RuleExecuted') {
        status = executed.args.success ? 'SUCCESS' : 'FAILED';
        if (!executed.args.success) {
          const failed = thEvents.find((e) => e.eventName === 'RuleFailed');
          const data =
            failed?.eventName === 'RuleFailed' ? failed.args.reason : undefined;
          reason = `rule failed: ${nameRevertData(data) ?? 'no reason given'}`;
        }
      } else {
        status = 'FAILED';
        reason = failureReason(outcome, 'RuleExecuted event missing');
      }
      await trx
        .updateTable('transactions')
        .set({
          status,
          failure_reason: reason,
          transaction_hash: row.tx_hash,
          block_number: outcome.blockNumber,
          block_timestamp: outcome.blockTimestamp,
          // A reverted executeRule consumed no nonce: free it for the next request.
          ...(executed ? {} : { nonce_key: null }),
          updated_at: now,
        })
        .where('id', '=', tx.id)
        .execute();
      if (executed) {
        const session = await trx
          .selectFrom('sessions')
          .select('nonce')
          .where('address', '=', tx.session_address)
          .executeTakeFirst();
        const next = BigInt(tx.nonce) + 1n;
        if (session && BigInt(session.nonce) < next) {
          await trx
            .updateTable('sessions')
            .set({ nonce: next.toString(), updated_at: now })
            .where('address', '=', tx.session_address)
            .execute();
        }
      }
      return;
    }

    case 'fund': {
      await trx
        .updateTable('fundings')
        .set({
          status: outcome.ok ? 'SUCCESS' : 'FAILED',
          failure_reason: outcome.ok ? null : outcome.reason,
          transaction_hash: row.tx_hash,
          updated_at: now,
        })
        .where('id', '=', row.ref)
        .where('status', 'in', ['QUEUED', 'SUBMITTED'])
        .execute();
      return;
    }
  }
}

/** Marks the entity SUBMITTED once its transaction reached the node. */
export async function applySent(trx: Kysely<Database>, row: OutboxRow): Promise<void> {
  const now = nowSeconds();
  if (row.kind === 'execute_rule') {
    await trx
      .updateTable('transactions')
      .set({ status: 'SUBMITTED', transaction_hash: row.tx_hash, updated_at: now })
      .where('id', '=', row.ref)
      .where('status', '=', 'CREATED')
      .execute();
  } else if (row.kind === 'fund') {
    await trx
      .updateTable('fundings')
      .set({ status: 'SUBMITTED', transaction_hash: row.tx_hash, updated_at: now })
      .where('id', '=', row.ref)
      .where('status', '=', 'QUEUED')
      .execute();
  }
}

function failureReason(outcome: Outcome, fallback: string): string {
  return outcome.ok ? fallback : outcome.reason;
}

async function tokenHolderOf(
  trx: Kysely<Database>,
  userId: string,
): Promise<string | null> {
  const user = await trx
    .selectFrom('users')
    .select('token_holder_address')
    .where('id', '=', userId)
    .executeTakeFirst();
  return user?.token_holder_address ?? null;
}

function keysOf(
  events: readonly { eventName: string; address: string; args: unknown }[],
  name: 'SessionAuthorized' | 'SessionRevoked',
  tokenHolder: string | null,
): Set<string> {
  const keys = new Set<string>();
  for (const e of events) {
    if (e.eventName !== name || !sameAddress(e.address, tokenHolder)) continue;
    const key = (e.args as { key?: Address }).key;
    if (key) keys.add(getAddress(key));
  }
  return keys;
}

function sameAddress(
  a: string | null | undefined,
  b: string | null | undefined,
): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
