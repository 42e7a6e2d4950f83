import { encodeLogout } from '@ost-wallet/contracts';
import type { LogoutBody, TokenHolder } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import type { Address } from 'viem';
import { assertId } from './internal/assertUserId.ts';
import { loadActivatedUser, loadOwnerAccount } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import { type SdkRuntime, secretNames } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import { submitSafeTx } from './internal/submitSafeTx.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Ends every session of the user at once (on every device): the device key signs the
 * Safe transaction `logout()` on the TokenHolder. Reports
 * `requestAcknowledged(TOKEN_HOLDER)`, waits until the platform no longer reports the
 * holder LOGGING_OUT, deletes this device's session keys and reports
 * `flowComplete(TOKEN_HOLDER)`.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'TOKEN_HOLDER', entity }`
 * @throws never; failures reach `flowInterrupt`: `DEVICE_UNAUTHORIZED`,
 *   `USER_NOT_ACTIVATED`, `POLLING_TIMEOUT`, `WORKFLOW_CANCELLED`, platform errors
 * @example sdk.logoutAllSessions('u1', delegate);
 */
export function logoutAllSessions(
  rt: SdkRuntime,
  userId: string,
  delegate: WorkflowDelegate,
): WorkflowHandle<TokenHolder> {
  let invalid: unknown;
  try {
    assertId('userId', userId);
  } catch (error) {
    invalid = error;
  }

  return runWorkflow<TokenHolder>({
    type: 'LOGOUT_ALL_SESSIONS',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      return rt.userQueue(userId, async () => {
        scope.throwIfCancelled();
        const { local, reader, user } = await loadActivatedUser(rt, userId, scope.signal);
        const owner = await loadOwnerAccount(rt, local);
        const chain = await reader.chain();
        // Sessions that exist now all end with this logout.
        const ending = Object.keys((await rt.state.get(userId))?.sessions ?? {}).filter(
          (id) => !rt.inFlightSessions.has(id),
        );

        const accepted = await submitSafeTx(
          reader,
          owner,
          {
            chainId: chain.id,
            to: user.token_holder_address as Address,
            data: encodeLogout(),
          },
          async (safeTx) => {
            const body: LogoutBody = { safe_tx: safeTx };
            return await reader.post<TokenHolder>(routes.logout(userId), body);
          },
        );
        scope.callDelegate('requestAcknowledged', scope.context, {
          entityType: 'TOKEN_HOLDER',
          entity: accepted,
        });

        const holder = await pollUntil(
          scope,
          { intervalMs: rt.pollIntervalMs, timeoutMs: rt.pollTimeoutMs, what: 'logout' },
          () => reader.get<TokenHolder>(routes.tokenHolder(userId)),
          (t) => (t.status === 'LOGGING_OUT' ? { pending: t.status } : { done: t }),
        );
        await rt.state.update(userId, (l) => {
          if (l) for (const id of ending) delete l.sessions[id];
          return l;
        });
        for (const id of ending)
          await rt.keystore.delete(secretNames.session(userId, id));
        return { entityType: 'TOKEN_HOLDER', entity: holder };
      });
    },
  });
}
