import type { ActivateUserBody, Salt, User } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { deriveRecoveryOwnerAddress } from '../keys/deriveRecoveryOwnerAddress.ts';
import { assertExpiryAfterSecs } from '../utils/assertExpiryAfterSecs.ts';
import { assertSpendingLimit } from '../utils/assertSpendingLimit.ts';
import { assertId } from './internal/assertUserId.ts';
import { createSessionKey } from './internal/createSessionKey.ts';
import { createReader, loadDevice } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import type { SdkRuntime } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import { syncSessions } from './internal/syncSessions.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/** The shortest PIN activateUser accepts (as the original SDKs). */
export const MIN_PIN_LENGTH = 6;

/**
 * Activates the user: derives the recovery owner from the PIN, creates a first session
 * key and asks the platform to deploy the user's Safe, recovery module and TokenHolder
 * with that session. Reports `requestAcknowledged(USER)` once accepted and
 * `flowComplete(USER)` when the user is ACTIVATED.
 *
 * Parameters are validated before any key or request; invalid ones end the workflow
 * through `flowInterrupt` (the call itself never throws).
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param pin - the user's PIN, at least 6 characters (never stored or logged)
 * @param passphrasePrefix - the app's passphrase prefix
 * @param expiryAfterSecs - lifetime of the first session in seconds (chain time)
 * @param spendingLimit - per-transaction limit of the first session, smallest unit
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'USER', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_SESSION_SPENDING_LIMIT`,
 *   `INVALID_SESSION_EXPIRY_TIME`, `INVALID_PIN`, `DEVICE_NOT_SETUP`,
 *   `USER_ALREADY_ACTIVATED`, `WORKFLOW_FAILED`, `POLLING_TIMEOUT`, `WORKFLOW_CANCELLED`
 * @example sdk.activateUser('u1', '123456', appPrefix, 86400, '1000000000000000000', delegate);
 */
export function activateUser(
  rt: SdkRuntime,
  userId: string,
  pin: string,
  passphrasePrefix: string,
  expiryAfterSecs: number,
  spendingLimit: bigint | string,
  delegate: WorkflowDelegate,
): WorkflowHandle<User> {
  let invalid: unknown;
  let limit = 0n;
  try {
    assertId('userId', userId);
    limit = assertSpendingLimit(spendingLimit);
    assertExpiryAfterSecs(expiryAfterSecs, rt.maxExpiryAfterSecs);
    if (typeof pin !== 'string' || pin.length < MIN_PIN_LENGTH) {
      throw new WalletSdkError(
        'INVALID_PIN',
        `pin must be a string of at least ${MIN_PIN_LENGTH} characters`,
      );
    }
    if (typeof passphrasePrefix !== 'string' || passphrasePrefix === '') {
      throw new WalletSdkError(
        'INVALID_PARAMETER',
        'passphrasePrefix must be a non-empty string',
      );
    }
  } catch (error) {
    invalid = error;
  }

  return runWorkflow<User>({
    type: 'ACTIVATE_USER',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      const { credentials } = await loadDevice(rt, userId);
      const reader = createReader(rt, credentials, scope.signal);
      let user = await reader.user();
      if (user.status === 'ACTIVATED') {
        throw new WalletSdkError(
          'USER_ALREADY_ACTIVATED',
          `user '${userId}' is already activated`,
        );
      }

      // A user already ACTIVATING (e.g. the app restarted) is only waited for.
      if (user.status !== 'ACTIVATING') {
        const salt = (await reader.get<Salt>(routes.salt(userId))).scrypt_salt;
        const recoveryOwner = await deriveRecoveryOwnerAddress({
          passphrasePrefix,
          pin,
          userId,
          salt,
          scrypt: rt.pinScrypt,
        });
        scope.throwIfCancelled();
        const chain = await reader.chain();
        const session = await createSessionKey(rt, userId);
        try {
          const body: ActivateUserBody = {
            recovery_owner_address: recoveryOwner,
            sessions: [
              {
                address: session.address,
                spending_limit: limit.toString(),
                expires_at: chain.time + expiryAfterSecs,
              },
            ],
          };
          user = await reader.post<User>(routes.activate(userId), body);
          scope.callDelegate('requestAcknowledged', scope.context, {
            entityType: 'USER',
            entity: user,
          });
        } finally {
          session.settle();
        }
      }

      user = await pollUntil(
        scope,
        {
          intervalMs: rt.pollIntervalMs,
          timeoutMs: rt.pollTimeoutMs,
          what: 'user activation',
        },
        () => reader.user(),
        (u) =>
          u.status === 'ACTIVATED'
            ? { done: u }
            : u.status === 'ACTIVATING'
              ? { pending: u.status }
              : {
                  failed: new WalletSdkError(
                    'WORKFLOW_FAILED',
                    `activation of user '${userId}' failed`,
                    {
                      details: { status: u.status, reason: u.failure_reason },
                    },
                  ),
                },
      );
      await reader.device();
      await syncSessions(rt, reader, userId);
      return { entityType: 'USER', entity: user };
    },
  });
}
