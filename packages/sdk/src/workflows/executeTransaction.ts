import { encodeDirectTransfers, getExecuteRuleTypedData } from '@ost-wallet/contracts';
import { isOstWalletError } from '@ost-wallet/errors';
import type {
  ExecuteTransactionBody,
  Transaction,
  TransactionMeta,
} from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { type Address, getAddress, isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { describe } from '../utils/toSmallestUnit.ts';
import { assertId } from './internal/assertUserId.ts';
import type { Reader } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import {
  forgetReads,
  getChainReusing,
  getTokenOnce,
  isRecheckable,
  loadActivatedUserReusing,
  syncSessionsReusing,
} from './internal/reuseReads.ts';
import { type SdkRuntime, secretNames } from './internal/runtime.ts';
import { runWorkflow, type WorkflowScope } from './internal/runWorkflow.ts';
import { selectSession } from './internal/selectSession.ts';
import type { ContextEntity, WorkflowDelegate, WorkflowHandle } from './types.ts';

/** The rule names executeTransaction supports. */
export type RuleName = 'direct transfer';

/**
 * Sends tokens from the user's TokenHolder with a session key of this device: picks an
 * eligible session (AUTHORIZED, unexpired by chain time with a 30 s margin, limit ≥
 * the total, least recently used first), signs the EIP-712 ExecuteRule for the token's
 * "direct transfer" rule with the session's next nonce, POSTs it, reports
 * `requestAcknowledged(TRANSACTION)` and waits for SUCCESS.
 *
 * Transactions on one session are signed and sent one after the other; any failure
 * resyncs that session's nonce from the platform.
 *
 * The token is read once per SDK instance; the device and user states, the sessions and
 * chain time are reused for `reuseReadsForMs` after a read (chain time extrapolated by
 * wall time). The platform re-checks all of them on the POST; a refusal or a failed
 * selection made on reused reads is decided again on fresh reads before it is
 * reported, and any failure makes the next call read fresh.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param toAddresses - recipients (TokenHolder or any address)
 * @param amounts - per recipient, smallest unit: bigint or decimal digits, > 0
 * @param ruleName - `'direct transfer'`
 * @param meta - optional `{ name, type, details }` stored with the transaction
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'TRANSACTION', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_ADDRESS`, `INVALID_AMOUNT`,
 *   `INVALID_PARAMETER`, `NO_SESSION_FOUND`, `SESSION_EXPIRED`, `SPENDING_LIMIT_EXCEEDED`,
 *   `DEVICE_UNAUTHORIZED`, `USER_NOT_ACTIVATED`, `TRANSACTION_FAILED` (reason in
 *   details), `POLLING_TIMEOUT`, `WORKFLOW_CANCELLED`
 * @example sdk.executeTransaction('u1', [bob], ['1000'], 'direct transfer', { name: 'tip' }, delegate);
 */
export function executeTransaction(
  rt: SdkRuntime,
  userId: string,
  toAddresses: readonly string[],
  amounts: readonly (bigint | string)[],
  ruleName: RuleName,
  meta: TransactionMeta | null | undefined,
  delegate: WorkflowDelegate,
): WorkflowHandle<Transaction> {
  let invalid: unknown;
  let transfers: { to: Address; amount: bigint }[] = [];
  try {
    assertId('userId', userId);
    transfers = assertTransfers(toAddresses, amounts);
    if (ruleName !== 'direct transfer') {
      throw new WalletSdkError(
        'INVALID_PARAMETER',
        `ruleName must be 'direct transfer', got ${describe(ruleName)}`,
      );
    }
    assertMeta(meta);
  } catch (error) {
    invalid = error;
  }
  const total = transfers.reduce((sum, t) => sum + t.amount, 0n);

  return runWorkflow<Transaction>({
    type: 'EXECUTE_TRANSACTION',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      try {
        return await transfer(scope);
      } catch (error) {
        // A refusal or failure: the next transaction reads fresh.
        forgetReads(rt, userId);
        throw error;
      }
    },
  });

  async function transfer(scope: WorkflowScope): Promise<ContextEntity<Transaction>> {
    let reusedAny = false;
    const submit = async (reuse: boolean) => {
      const { reader, user, reused } = await loadActivatedUserReusing(
        rt,
        userId,
        scope.signal,
        reuse,
      );
      const token = await getTokenOnce(rt, reader);
      const rule = token.rules.find((r) => r.name.toLowerCase() === ruleName);
      if (!rule)
        throw new WalletSdkError(
          'INVALID_PARAMETER',
          `token ${token.id} has no '${ruleName}' rule`,
        );

      const synced = await syncSessionsReusing(rt, reader, userId, reuse);
      const { chain, reused: chainReused } = await getChainReusing(rt, reader, reuse);
      reusedAny ||= reused || synced.reused || chainReused;
      const chosen = selectSession(
        synced.sessions,
        total,
        chain.time,
        rt.expiryMarginSecs,
      );
      const accepted = await post(scope, reader, {
        tokenHolder: user.token_holder_address as Address,
        rule: rule.address,
        chainId: chain.id,
        session: chosen.address,
      });
      return { reader, chosen, accepted };
    };

    const { reader, chosen, accepted } = await submit(rt.reuseReadsForMs > 0).catch(
      (error: unknown) => {
        // A refusal a reused read may have caused is decided again on fresh reads.
        if (!reusedAny || !isRecheckable((error as { code?: string }).code)) throw error;
        forgetReads(rt, userId);
        return submit(false);
      },
    );
    scope.callDelegate('requestAcknowledged', scope.context, {
      entityType: 'TRANSACTION',
      entity: accepted,
    });

    try {
      const done = await pollUntil(
        scope,
        {
          intervalMs: rt.pollIntervalMs,
          timeoutMs: rt.pollTimeoutMs,
          what: `transaction ${accepted.id}`,
        },
        () => reader.get<Transaction>(routes.transaction(userId, accepted.id)),
        (t) =>
          t.status === 'SUCCESS'
            ? { done: t }
            : t.status === 'FAILED'
              ? {
                  failed: new WalletSdkError(
                    'TRANSACTION_FAILED',
                    `transaction ${t.id} failed`,
                    {
                      details: {
                        transactionId: t.id,
                        reason: t.failure_reason,
                        transactionHash: t.transaction_hash,
                      },
                    },
                  ),
                }
              : { pending: t.status },
      );
      return { entityType: 'TRANSACTION', entity: done };
    } catch (error) {
      if (isOstWalletError(error, 'TRANSACTION_FAILED')) {
        await resyncNonce(rt, reader, userId, chosen.address).catch(() => {});
      }
      throw error;
    }
  }

  /** Signs the ExecuteRule with the session's next nonce and POSTs it. */
  async function post(
    scope: WorkflowScope,
    reader: Reader,
    on: { tokenHolder: Address; rule: Address; chainId: number; session: Address },
  ): Promise<Transaction> {
    const sessionId = on.session.toLowerCase();
    // Mark it used now, so a concurrent transaction prefers another session.
    await touch(rt, userId, sessionId);
    scope.throwIfCancelled();

    const data = encodeDirectTransfers({
      to: transfers.map((t) => t.to),
      amounts: transfers.map((t) => t.amount),
    });
    return await rt.sessionQueue(sessionId, async () => {
      scope.throwIfCancelled();
      const key = await rt.keystore.get(secretNames.session(userId, sessionId));
      if (!key)
        throw new WalletSdkError(
          'KEY_NOT_FOUND',
          `the key of session ${on.session} is missing`,
        );
      const account = privateKeyToAccount(key as `0x${string}`);
      for (let attempt = 0; ; attempt++) {
        const nonce = BigInt(
          (await rt.state.get(userId))?.sessions[sessionId]?.nonce ?? '0',
        );
        const signature = await account.signTypedData(
          getExecuteRuleTypedData({
            chainId: on.chainId,
            tokenHolder: on.tokenHolder,
            to: on.rule,
            data,
            nonce,
          }),
        );
        const body: ExecuteTransactionBody = {
          session_address: on.session,
          rule_name: 'direct transfer',
          transfers: transfers.map((t) => ({ to: t.to, amount: t.amount.toString() })),
          data,
          nonce: nonce.toString(),
          signature,
          ...(meta ? { meta } : {}),
        };
        try {
          const tx = await reader.post<Transaction>(routes.transactions(userId), body);
          await setNonce(rt, userId, sessionId, nonce + 1n);
          return tx;
        } catch (error) {
          await resyncNonce(rt, reader, userId, on.session);
          if (attempt === 0 && isOstWalletError(error, 'STALE_SESSION_NONCE')) continue;
          throw error;
        }
      }
    });
  }
}

function assertTransfers(
  toAddresses: readonly string[],
  amounts: readonly (bigint | string)[],
): { to: Address; amount: bigint }[] {
  if (!Array.isArray(toAddresses) || toAddresses.length === 0) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `toAddresses must be a non-empty array, got ${Array.isArray(toAddresses) ? 'an empty array' : describe(toAddresses)}`,
    );
  }
  if (!Array.isArray(amounts) || amounts.length !== toAddresses.length) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `amounts must have one entry per address (${toAddresses.length}), got ${Array.isArray(amounts) ? amounts.length : typeof amounts}`,
    );
  }
  return toAddresses.map((to, i) => {
    if (typeof to !== 'string' || !isAddress(to, { strict: false })) {
      throw new WalletSdkError(
        'INVALID_ADDRESS',
        `toAddresses[${i}] must be a 20-byte hex address, got ${describe(to)}`,
      );
    }
    const raw = amounts[i];
    const amount =
      typeof raw === 'bigint'
        ? raw
        : typeof raw === 'string' && /^[0-9]+$/.test(raw)
          ? BigInt(raw)
          : -1n;
    if (amount <= 0n || amount >= 1n << 256n) {
      throw new WalletSdkError(
        'INVALID_AMOUNT',
        `amounts[${i}] must be a positive integer in the token's smallest unit, got ${describe(raw)}`,
      );
    }
    return { to: getAddress(to), amount };
  });
}

function assertMeta(meta: unknown): void {
  if (meta === undefined || meta === null) return;
  const ok =
    typeof meta === 'object' &&
    Object.entries(meta).every(
      ([k, v]) =>
        ['name', 'type', 'details'].includes(k) &&
        (v === undefined || typeof v === 'string'),
    );
  if (!ok)
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      'meta may only hold the strings name, type and details',
    );
}

async function touch(rt: SdkRuntime, userId: string, sessionId: string): Promise<void> {
  await rt.state.update(userId, (local) => {
    const s = local?.sessions[sessionId];
    if (s) s.lastUsedAt = Date.now();
    return local;
  });
}

async function setNonce(
  rt: SdkRuntime,
  userId: string,
  sessionId: string,
  nonce: bigint,
): Promise<void> {
  await rt.state.update(userId, (local) => {
    const s = local?.sessions[sessionId];
    if (s) s.nonce = nonce.toString();
    return local;
  });
}

async function resyncNonce(
  rt: SdkRuntime,
  reader: Reader,
  userId: string,
  address: Address,
): Promise<void> {
  try {
    const session = await reader.session(address);
    await rt.state.update(userId, (local) => {
      const s = local?.sessions[address.toLowerCase()];
      if (s) {
        s.entity = session;
        s.nonce = session.nonce;
      }
      return local;
    });
  } catch (error) {
    rt.logger.warn('could not resync the session nonce', {
      userId,
      sessionAddress: address,
      code: (error as { code?: string }).code,
    });
  }
}
