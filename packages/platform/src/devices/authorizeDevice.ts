import { encodeAddDeviceOwner } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { AuthorizeDeviceBody } from '@ost-wallet/protocol';
import { getAddress } from 'viem';
import type { AuthenticatedDevice } from '../auth/verifyDeviceRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import type { DeviceRow } from '../db/schema.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import {
  isUniqueViolation,
  staleSafeNonce,
  verifySafeTx,
} from '../sessions/verifySafeTx.ts';
import { findUser } from '../users/findUser.ts';
import { assertActivated } from '../users/userRoutes.ts';

/**
 * Accepts the authorization of a second device: the requesting device is the new
 * one (REGISTERED, signing with its own API-signer key); an AUTHORIZED device of the
 * same user signed `addOwnerWithThreshold(device, 1)` on the user's Safe. The device
 * becomes AUTHORIZING and the Safe call is queued in one database transaction; the
 * watcher marks it AUTHORIZED on the Safe's AddedOwner event.
 * @throws {OstWalletError} `USER_NOT_ACTIVATED`, `FORBIDDEN` (device_address is not
 *   the requesting device), `DEVICE_NOT_REGISTERED`, and the checks of
 *   {@link verifySafeTx}: `INVALID_CALLDATA`, `INVALID_SIGNATURE`,
 *   `DEVICE_UNAUTHORIZED`, `STALE_SAFE_NONCE`
 */
export async function authorizeDevice(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  body: AuthorizeDeviceBody,
): Promise<DeviceRow> {
  const user = assertActivated(await findUser(ctx, auth.userId));
  const device = getAddress(auth.device.address);
  if (getAddress(body.device_address) !== device) {
    throw new OstWalletError(
      'FORBIDDEN',
      `device_address must be the requesting device ${device}, got ${body.device_address}`,
      { details: { field: 'device_address' } },
    );
  }
  if (auth.device.status !== 'REGISTERED') {
    throw new OstWalletError(
      'DEVICE_NOT_REGISTERED',
      `device ${device} is ${auth.device.status}, authorization needs a REGISTERED device`,
      { details: { device_address: device, status: auth.device.status } },
    );
  }
  const safe = getAddress(user.device_manager_address as string);
  const verified = await verifySafeTx(ctx, user, body.safe_tx, {
    to: safe,
    data: encodeAddDeviceOwner(device),
  });

  const now = nowSeconds();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('devices')
        .set({ status: 'AUTHORIZING', failure_reason: null, updated_at: now })
        .where('address', '=', device)
        .where('status', '=', 'REGISTERED')
        .executeTakeFirst();
      // A concurrent request moved the device first: this one claims nothing.
      if (Number(res.numUpdatedRows) !== 1) {
        throw new OstWalletError(
          'DEVICE_NOT_REGISTERED',
          `device ${device} is being authorized`,
          { details: { device_address: device } },
        );
      }
      await enqueue(trx, {
        kind: 'authorize_device',
        userId: user.id,
        ref: device,
        to: verified.safe,
        data: verified.execData,
        gas: gasLimits.safeTx,
        safeNonceKey: verified.safeNonceKey,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw staleSafeNonce(verified.nonce);
    throw error;
  }
  ctx.kickRelayer();
  return { ...auth.device, status: 'AUTHORIZING', failure_reason: null, updated_at: now };
}
