import { encodeAddDeviceOwner } from '@ost-wallet/contracts';
import type { AuthorizeDeviceBody, Device } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { isAddressEqual } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { mnemonicToDeviceOwnerKey } from '../keys/mnemonicToDeviceOwnerKey.ts';
import { assertId } from './internal/assertUserId.ts';
import { authenticateUser } from './internal/authenticateUser.ts';
import { createReader, loadDevice, type Reader } from './internal/device.ts';
import { pollUntil } from './internal/pollUntil.ts';
import type { SdkRuntime } from './internal/runtime.ts';
import { runWorkflow, type WorkflowScope } from './internal/runWorkflow.ts';
import { submitSafeTx } from './internal/submitSafeTx.ts';
import type { WorkflowDelegate, WorkflowHandle } from './types.ts';

/**
 * Authorizes this (REGISTERED) device with the 12 words of an AUTHORIZED device of the
 * same user: after the PIN, the old device key signs the Safe transaction
 * `addOwnerWithThreshold(thisDevice, 1)` and this device sends it to the platform.
 * Reports `requestAcknowledged(DEVICE)` once accepted and `flowComplete(DEVICE)` when
 * the device is AUTHORIZED. The old device's key is used for that one signature and
 * never stored; this device keeps using its own keys.
 *
 * @param rt - the SDK runtime
 * @param userId - the platform user id
 * @param mnemonics - the other device's words, as one string or an array
 * @param delegate - the app's delegate (needs `getPin`)
 * @returns the workflow handle; `result` resolves with `{ entityType: 'DEVICE', entity }`
 * @throws never; failures reach `flowInterrupt`: `INVALID_PARAMETER` (bad words),
 *   `ALREADY_EXISTS` (this device is already authorized), `DEVICE_NOT_REGISTERED`,
 *   `USER_NOT_ACTIVATED`, `DEVICE_UNAUTHORIZED` (the words are not an owner's),
 *   `MAX_PIN_ATTEMPTS`, `STALE_SAFE_NONCE`, `WORKFLOW_FAILED` (refused on chain),
 *   `POLLING_TIMEOUT`, `WORKFLOW_CANCELLED`
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
      // An authorization already in flight (e.g. the app restarted) is only waited for.
      if (device.status === 'AUTHORIZING') {
        return {
          entityType: 'DEVICE',
          entity: await waitForAuthorized(rt, scope, reader),
        };
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
      const data = encodeAddDeviceOwner(local.deviceAddress);
      const chain = await reader.chain();
      const accepted = await submitSafeTx(
        reader,
        oldOwner,
        { chainId: chain.id, to: manager.address, data },
        (safeTx) => {
          const body: AuthorizeDeviceBody = {
            device_address: local.deviceAddress,
            safe_tx: safeTx,
          };
          return reader.post<Device>(routes.authorizeDevice(userId), body);
        },
      );
      scope.callDelegate('requestAcknowledged', scope.context, {
        entityType: 'DEVICE',
        entity: accepted,
      });
      return { entityType: 'DEVICE', entity: await waitForAuthorized(rt, scope, reader) };
    },
  });
}

/** Polls the current device until the platform reports it AUTHORIZED. */
function waitForAuthorized(
  rt: SdkRuntime,
  scope: WorkflowScope,
  reader: Reader,
): Promise<Device> {
  return pollUntil(
    scope,
    {
      intervalMs: rt.pollIntervalMs,
      timeoutMs: rt.pollTimeoutMs,
      what: 'device authorization',
    },
    () => reader.device(),
    (d) =>
      d.status === 'AUTHORIZED'
        ? { done: d }
        : d.status === 'AUTHORIZING'
          ? { pending: d.status }
          : {
              failed: new WalletSdkError(
                'WORKFLOW_FAILED',
                `authorization of device ${d.address} failed${d.failure_reason ? `: ${d.failure_reason}` : ''}`,
                {
                  details: { status: d.status, reason: d.failure_reason ?? null },
                },
              ),
            },
  );
}
