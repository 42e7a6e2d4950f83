import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { assertId } from './internal/assertUserId.ts';
import { authenticateUser } from './internal/authenticateUser.ts';
import { loadActivatedUser } from './internal/device.ts';
import { type SdkRuntime, secretNames } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Gives the app the 12 words of this device's owner key, after the PIN, so the user can
 * write them down. The words go only to `flowComplete` / `result`; never to a log.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param delegate - the app's delegate (needs `getPin`)
 * @returns the workflow handle; `result` resolves with `{ entityType: 'MNEMONICS', entity: string[] }`
 * @throws never; failures reach `flowInterrupt`: `DEVICE_UNAUTHORIZED`,
 *   `USER_NOT_ACTIVATED`, `MAX_PIN_ATTEMPTS`, `WORKFLOW_CANCELLED`
 * @example const { entity: words } = await sdk.getDeviceMnemonics('u1', delegate).result;
 */
export function getDeviceMnemonics(
  rt: SdkRuntime,
  userId: string,
  delegate: WorkflowDelegate,
): WorkflowHandle<string[]> {
  let invalid: unknown;
  try {
    assertId('userId', userId);
  } catch (error) {
    invalid = error;
  }
  return runWorkflow<string[]>({
    type: 'GET_DEVICE_MNEMONICS',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      const { reader, user } = await loadActivatedUser(rt, userId, scope.signal);
      await authenticateUser(rt, scope, reader, user);
      scope.throwIfCancelled();
      const mnemonic = await rt.keystore.get(secretNames.deviceMnemonic(userId));
      if (!mnemonic)
        throw new WalletSdkError(
          'KEY_NOT_FOUND',
          `the device key of user '${userId}' is missing`,
        );
      return { entityType: 'MNEMONICS', entity: mnemonic.split(' ') };
    },
  });
}
