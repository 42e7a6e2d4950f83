import { getSafeTxTypedData, safeAbi } from '@ost-wallet/contracts';
import type { Device } from '@ost-wallet/protocol';
import { encodeFunctionData, isAddressEqual } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { mnemonicToDeviceOwnerKey } from '../keys/mnemonicToDeviceOwnerKey.ts';
import { assertId } from './internal/assertUserId.ts';
import { authenticateUser } from './internal/authenticateUser.ts';
import { createReader, loadDevice } from './internal/device.ts';
import type { SdkRuntime } from './internal/runtime.ts';
import { runWorkflow } from './internal/runWorkflow.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Authorizes this (REGISTERED) device with the 12 words of an AUTHORIZED device of the
 * same user: after the PIN, the old device key signs the Safe transaction
 * `addOwnerWithThreshold(thisDevice, 1)`.
 *
 * TODO(#4): the platform has no device-API route that accepts an owner-adding Safe
 * transaction yet. The local part runs (validation, PIN, ownership check, signature)
 * and the workflow then ends with `NOT_SUPPORTED`; the signed transaction is not sent.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param mnemonics - the other device's words, as one string or an array
 * @param delegate - the app's delegate (needs `getPin`)
 * @returns the workflow handle; `result` resolves with `{ entityType: 'DEVICE', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_PARAMETER` (bad words),
 *   `ALREADY_EXISTS` (this device is already authorized), `DEVICE_NOT_REGISTERED`,
 *   `USER_NOT_ACTIVATED`, `DEVICE_UNAUTHORIZED` (the words are not an owner's),
 *   `MAX_PIN_ATTEMPTS`, `NOT_SUPPORTED`
 * @example sdk.authorizeDeviceWithMnemonics('u1', words, delegate);
 */
export function authorizeDeviceWithMnemonics(
  rt: SdkRuntime,
  userId: string,
  mnemonics: string | readonly string[],
  delegate: WorkflowDelegate,
): WorkflowHandle<Device> {
  let invalid: unknown;
  let ownerKey: `0x${string}` = '0x';
  try {
    assertId('userId', userId);
    const text = Array.isArray(mnemonics) ? mnemonics.join(' ') : mnemonics;
    ownerKey = mnemonicToDeviceOwnerKey(text as string);
  } catch (error) {
    invalid = error;
  }

  return runWorkflow<Device>({
    type: 'AUTHORIZE_DEVICE_WITH_MNEMONICS',
    delegate,
    logger: rt.logger,
    async body(scope) {
      if (invalid) throw invalid;
      const { local, credentials } = await loadDevice(rt, userId);
      const reader = createReader(rt, credentials, scope.signal);
      const device = await reader.device();
      if (device.status === 'AUTHORIZED') {
        throw new WalletSdkError(
          'ALREADY_EXISTS',
          `device ${device.address} is already authorized`,
        );
      }
      if (device.status !== 'REGISTERED') {
        throw new WalletSdkError(
          'DEVICE_NOT_REGISTERED',
          `device ${device.address} is ${device.status}, not REGISTERED`,
          {
            details: { status: device.status },
          },
        );
      }
      const user = await reader.activatedUser();
      await authenticateUser(rt, scope, reader, user);
      scope.throwIfCancelled();

      const oldOwner = privateKeyToAccount(ownerKey);
      const manager = await reader.deviceManager();
      if (!manager.owners.some((o) => isAddressEqual(o, oldOwner.address))) {
        throw new WalletSdkError(
          'DEVICE_UNAUTHORIZED',
          'the mnemonics are not those of an authorized device of this user',
          {
            details: { deviceAddress: oldOwner.address },
          },
        );
      }
      const data = encodeFunctionData({
        abi: safeAbi,
        functionName: 'addOwnerWithThreshold',
        args: [local.deviceAddress, 1n],
      });
      const chain = await reader.chain();
      // The local part is complete: this signature is what the missing route would take.
      await oldOwner.signTypedData(
        getSafeTxTypedData({
          chainId: chain.id,
          safe: manager.address,
          to: manager.address,
          data,
          nonce: BigInt(manager.nonce),
        }),
      );
      throw new WalletSdkError(
        'NOT_SUPPORTED',
        'the platform has no route to add a device owner yet; the device was not authorized',
        {
          details: { deviceAddress: local.deviceAddress, authorizedBy: oldOwner.address },
        },
      );
    },
  });
}
