import { encodeAuthorizeSession } from '@ost-wallet/contracts';
import type { AuthorizeSessionBody, Session } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { assertExpiryAfterSecs } from '../utils/assertExpiryAfterSecs.ts';
import { assertSpendingLimit } from '../utils/assertSpendingLimit.ts';
import { assertId } from './internal/assertUserId.ts';
import { authenticateUser } from './internal/authenticateUser.ts';
import { createSessionKey, dropSessionKey } from './internal/createSessionKey.ts';
import { loadActivatedUser, loadOwnerAccount } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import type { SdkRuntime } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import { submitSafeTx } from './internal/submitSafeTx.ts';
import { syncSessions } from './internal/syncSessions.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Creates a session key on this device and authorizes it on the user's TokenHolder
 * with a per-transaction spending limit and an expiry time.
 *
 * Steps: validate (synchronously, before any key or request) → device AUTHORIZED and
 * user ACTIVATED according to the platform → PIN (`getPin`, checked locally against
 * the recovery owner; `invalidPin` on a wrong one; the third wrong one ends the flow
 * with MAX_PIN_ATTEMPTS) → `pinValidated` → new random key, stored encrypted → the device
 * key signs the Safe transaction `authorizeSession(key, limit, chain time + expiry)` →
 * POST → `requestAcknowledged(SESSION)` → poll with back-off → `flowComplete(SESSION)`.
 *
 * NOTE: invalid parameters do not throw from this call: the handle is returned and the
 * error reaches `flowInterrupt` (once) and `result`. Calls for one user run one after
 * the other, each with the Safe nonce current when it signs.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param spendingLimit - most one transaction may move, smallest unit: a bigint or a
 *   string of decimal digits, 1 ≤ value < 2^256
 * @param expiryAfterSecs - seconds of chain time the session lives, 1 … maxExpiryAfterSecs
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'SESSION', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_SESSION_SPENDING_LIMIT`,
 *   `INVALID_SESSION_EXPIRY_TIME`, `DEVICE_NOT_SETUP`, `DEVICE_UNAUTHORIZED`,
 *   `USER_NOT_ACTIVATED`, `MAX_PIN_ATTEMPTS`, `WORKFLOW_CANCELLED`, `WORKFLOW_FAILED`,
 *   `POLLING_TIMEOUT`, platform and network errors
 * @example
 * const { result } = sdk.addSession('u1', '1000000000000000000', 86400, delegate);
 * const { entity: session } = await result;
 */
export function addSession(
  rt: SdkRuntime,
  userId: string,
  spendingLimit: bigint | string,
  expiryAfterSecs: number,
  delegate: WorkflowDelegate,
): WorkflowHandle<Session> {
  let invalid: unknown;
  let limit = 0n;
  try {
    assertId('userId', userId);
    limit = assertSpendingLimit(spendingLimit);
    assertExpiryAfterSecs(expiryAfterSecs, rt.maxExpiryAfterSecs);
  } catch (error) {
    invalid = error;
  }

  return runWorkflow<Session>({
    type: 'ADD_SESSION',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      return rt.userQueue(userId, async () => {
        scope.throwIfCancelled();
        const { local, reader, user } = await loadActivatedUser(rt, userId, scope.signal);
        // Leftovers of a process that died mid-workflow must not confuse this one.
        if (!rt.reconciled.has(userId)) await syncSessions(rt, reader, userId);

        await authenticateUser(rt, scope, reader, user);
        scope.throwIfCancelled();

        const owner = await loadOwnerAccount(rt, local);
        const chain = await reader.chain();
        const expiresAt = chain.time + expiryAfterSecs;
        const key = await createSessionKey(rt, userId);
        let acknowledged = false;
        try {
          const data = encodeAuthorizeSession({
            sessionKey: key.address,
            spendingLimit: limit,
            expiresAt: BigInt(expiresAt),
          });
          const accepted = await submitSafeTx(
            reader,
            owner,
            { chainId: chain.id, to: user.token_holder_address as `0x${string}`, data },
            async (safeTx) => {
              const body: AuthorizeSessionBody = {
                address: key.address,
                spending_limit: limit.toString(),
                expires_at: expiresAt,
                safe_tx: safeTx,
              };
              return await reader.post<Session>(routes.sessions(userId), body);
            },
          );
          acknowledged = true;
          await storeEntity(rt, userId, accepted);
          scope.callDelegate('requestAcknowledged', scope.context, {
            entityType: 'SESSION',
            entity: accepted,
          });

          const session = await pollUntil(
            scope,
            {
              intervalMs: rt.pollIntervalMs,
              timeoutMs: rt.pollTimeoutMs,
              what: 'session authorization',
            },
            () => reader.session(key.address),
            (s) =>
              s.status === 'AUTHORIZED'
                ? { done: s }
                : s.status === 'INITIALIZING'
                  ? { pending: s.status }
                  : {
                      failed: new WalletSdkError(
                        'WORKFLOW_FAILED',
                        `session ${key.address} ended ${s.status}`,
                        {
                          details: {
                            sessionAddress: key.address,
                            status: s.status,
                            reason: s.failure_reason,
                          },
                        },
                      ),
                    },
          );
          await storeEntity(rt, userId, session);
          return { entityType: 'SESSION', entity: session };
        } catch (error) {
          // A key the platform refused (it answered an error), or whose session failed,
          // is useless. After a network error, a timeout or cancel the session may still
          // be authorized: the next reconciliation decides.
          const status = (error as { details?: { status?: unknown } }).details?.status;
          const refused = !acknowledged && typeof status === 'number';
          if (refused || status === 'FAILED')
            await dropSessionKey(rt, userId, key.address).catch(() => {});
          throw error;
        } finally {
          key.settle();
        }
      });
    },
  });
}

async function storeEntity(
  rt: SdkRuntime,
  userId: string,
  entity: Session,
): Promise<void> {
  await rt.state.update(userId, (local) => {
    const record = local?.sessions[entity.address.toLowerCase()];
    if (record) {
      record.entity = entity;
      if (BigInt(entity.nonce) > BigInt(record.nonce)) record.nonce = entity.nonce;
    }
    return local;
  });
}
