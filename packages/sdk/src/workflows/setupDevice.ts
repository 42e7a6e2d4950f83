import { isOstWalletError } from '@ost-wallet/errors';
import type { Device } from '@ost-wallet/protocol';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { generateDeviceMnemonic } from '../keys/generateDeviceMnemonic.ts';
import { generatePrivateKey } from '../keys/generatePrivateKey.ts';
import { mnemonicToDeviceOwnerKey } from '../keys/mnemonicToDeviceOwnerKey.ts';
import { assertId } from './internal/assertUserId.ts';
import { createReader, loadDevice } from './internal/device.ts';
import { type SdkRuntime, secretNames } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import { waitForAnswer } from './internal/waitForAnswer.ts';
import type { RegisterDeviceParams, WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Sets up this device for a user: creates the device owner key (BIP-39 mnemonic →
 * `m/44'/60'/0'/0/0`) and a separate API-signer key when there are none, stores them
 * encrypted, asks the app to register the device through its server
 * (`delegate.registerDevice`) when the platform does not know it yet, then syncs the
 * device, user and token. Run it at every app start for a logged-in user.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param tokenId - the economy's token id
 * @param delegate - the app's delegate
 * @returns the workflow handle; `result` resolves with `{ entityType: 'DEVICE', entity }`
 * @throws never; failures reach `flowInterrupt` and `result`: `INVALID_PARAMETER`,
 *   `WORKFLOW_CANCELLED`, `DEVICE_NOT_REGISTERED`, keystore and network errors
 * @example
 * sdk.setupDevice('u1', '1', { registerDevice: (p, cb) => myServer.register(p).then(cb.deviceRegistered), flowComplete, flowInterrupt });
 */
export function setupDevice(
  rt: SdkRuntime,
  userId: string,
  tokenId: string,
  delegate: WorkflowDelegate,
): WorkflowHandle<Device> {
  return runWorkflow<Device>({
    type: 'SETUP_DEVICE',
    delegate,
    logger: rt.logger,
    async body(scope) {
      assertId('userId', userId);
      assertId('tokenId', tokenId);
      await rt.keystore.open();
      await ensureDeviceKeys(rt, userId, tokenId);
      scope.throwIfCancelled();

      const { local, credentials } = await loadDevice(rt, userId);
      const reader = createReader(rt, credentials, scope.signal);
      let device = await tryReadDevice(reader);
      if (!device) {
        const params: RegisterDeviceParams = {
          user_id: userId,
          device_address: local.deviceAddress,
          api_signer_address: local.apiSignerAddress,
        };
        await waitForAnswer<unknown>(scope, 'registerDevice', (answer, cancelFlow) =>
          scope.callDelegate('registerDevice', params, {
            deviceRegistered: answer,
            cancelFlow,
          }),
        );
        device = await tryReadDevice(reader);
        if (!device) {
          throw new WalletSdkError(
            'DEVICE_NOT_REGISTERED',
            `the platform does not know device ${local.deviceAddress} of user '${userId}'`,
            {
              details: { deviceAddress: local.deviceAddress, userId },
            },
          );
        }
      }
      const [user, token] = await Promise.all([reader.user(), reader.token()]);
      if (token.id !== tokenId || user.token_id !== tokenId) {
        throw new WalletSdkError(
          'INVALID_PARAMETER',
          `tokenId '${tokenId}' is not the token of user '${userId}' ('${user.token_id}')`,
          {
            details: { tokenId, userTokenId: user.token_id },
          },
        );
      }
      await reader.chain();
      return { entityType: 'DEVICE', entity: device };
    },
  });
}

// Creates the device's two keys unless a usable pair exists. A revoked device gets new
// keys: the platform never accepts the old ones again.
async function ensureDeviceKeys(
  rt: SdkRuntime,
  userId: string,
  tokenId: string,
): Promise<void> {
  const local = await rt.state.get(userId);
  if (local && local.device?.status !== 'REVOKED') {
    const api = await rt.keystore.get(secretNames.apiSigner(userId));
    const mnemonic = await rt.keystore.get(secretNames.deviceMnemonic(userId));
    if (api && mnemonic) return;
  }
  const mnemonic = generateDeviceMnemonic();
  const apiKey = generatePrivateKey();
  const deviceAddress = privateKeyToAccount(mnemonicToDeviceOwnerKey(mnemonic)).address;
  const apiSignerAddress = privateKeyToAccount(apiKey).address;
  await rt.keystore.put(secretNames.deviceMnemonic(userId), mnemonic);
  await rt.keystore.put(secretNames.apiSigner(userId), apiKey);
  await rt.state.update(userId, () => ({
    userId,
    tokenId,
    deviceAddress,
    apiSignerAddress,
    device: null,
    user: null,
    token: null,
    sessions: {},
    chainTimeOffset: 0,
  }));
  rt.logger.info('created device keys', { userId, deviceAddress });
}

async function tryReadDevice(
  reader: ReturnType<typeof createReader>,
): Promise<Device | undefined> {
  try {
    const device = await reader.device();
    return device.status === 'REVOKED' ? undefined : device;
  } catch (error) {
    if (
      isOstWalletError(error, 'UNAUTHORIZED') ||
      isOstWalletError(error, 'DEVICE_NOT_FOUND')
    )
      return undefined;
    throw error;
  }
}
