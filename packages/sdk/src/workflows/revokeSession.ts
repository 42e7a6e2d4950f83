import { encodeRevokeSession } from '@ost-wallet/contracts';
import type { RevokeSessionBody, Session } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { type Address, getAddress, isAddress } from 'viem';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { describe } from '../utils/toSmallestUnit.ts';
import { assertId } from './internal/assertUserId.ts';
import { dropSessionKey } from './internal/createSessionKey.ts';
import { loadActivatedUser, loadOwnerAccount } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import type { SdkRuntime } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import { submitSafeTx } from './internal/submitSafeTx.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Revokes one session: the device key signs the Safe transaction
 * `revokeSession(key)` on the user's TokenHolder; reports `requestAcknowledged(SESSION)`
 * and `flowComplete(SESSION)` once the platform reports it REVOKED, then deletes the
 * key from this device. Runs in the user's queue with addSession and logoutAllSessions.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param sessionAddress - the session key's address (any device's session of the user)
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'SESSION', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_ADDRESS`, `DEVICE_UNAUTHORIZED`,
 *   `USER_NOT_ACTIVATED`, `SESSION_NOT_FOUND`, `WORKFLOW_FAILED`, `POLLING_TIMEOUT`,
 *   `WORKFLOW_CANCELLED`
 * @example sdk.revokeSession('u1', session.address, delegate);
 */
export function revokeSession(
  rt: SdkRuntime,
  userId: string,
  sessionAddress: string,
  delegate: WorkflowDelegate,
): WorkflowHandle<Session> {
  let invalid: unknown;
  let address: Address = '0x';
  try {
    assertId('userId', userId);
    if (
      typeof sessionAddress !== 'string' ||
      !isAddress(sessionAddress, { strict: false })
    ) {
      throw new WalletSdkError(
        'INVALID_ADDRESS',
        `sessionAddress must be a 20-byte hex address, got ${describe(sessionAddress)}`,
      );
    }
    address = getAddress(sessionAddress);
  } catch (error) {
    invalid = error;
  }

  return runWorkflow<Session>({
    type: 'REVOKE_SESSION',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      return rt.userQueue(userId, async () => {
        scope.throwIfCancelled();
        const { local, reader, user } = await loadActivatedUser(rt, userId, scope.signal);
        const owner = await loadOwnerAccount(rt, local);
        const chain = await reader.chain();

        const accepted = await submitSafeTx(
          reader,
          owner,
          {
            chainId: chain.id,
            to: user.token_holder_address as Address,
            data: encodeRevokeSession(address),
          },
          async (safeTx) => {
            const body: RevokeSessionBody = { safe_tx: safeTx };
            return await reader.post<Session>(
              routes.revokeSession(userId, address),
              body,
            );
          },
        );
        scope.callDelegate('requestAcknowledged', scope.context, {
          entityType: 'SESSION',
          entity: accepted,
        });

        const session = await pollUntil(
          scope,
          {
            intervalMs: rt.pollIntervalMs,
            timeoutMs: rt.pollTimeoutMs,
            what: 'session revocation',
          },
          () => reader.session(address),
          (s) =>
            s.status === 'REVOKED' || s.status === 'LOGGED_OUT'
              ? { done: s }
              : s.status === 'REVOKING' || s.status === 'AUTHORIZED'
                ? { pending: s.status }
                : {
                    failed: new WalletSdkError(
                      'WORKFLOW_FAILED',
                      `revoking session ${address} ended ${s.status}`,
                      {
                        details: {
                          sessionAddress: address,
                          status: s.status,
                          reason: s.failure_reason,
                        },
                      },
                    ),
                  },
        );
        await dropSessionKey(rt, userId, address);
        return { entityType: 'SESSION', entity: session };
      });
    },
  });
}
