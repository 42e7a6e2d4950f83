import { OstWalletError } from '@ost-wallet/errors';
import { headers, recoverDeviceRequestSigner } from '@ost-wallet/protocol';
import type { FastifyRequest } from 'fastify';
import { type Address, getAddress, type Hex, isAddress } from 'viem';
import type { PlatformContext } from '../context.ts';
import type { DeviceRow } from '../db/schema.ts';
import { isCanonicalSignature } from './isCanonicalSignature.ts';
import { readSignedRequest } from './readSignedRequest.ts';
import { rememberSignature } from './rememberSignature.ts';

/** The device a request was signed by. */
export type AuthenticatedDevice = { userId: string; device: DeviceRow };

/**
 * Authenticates a device (SDK) request: a known, non-revoked device of the user named
 * in the headers, a fresh timestamp, an EIP-191 signature by the device's API-signer
 * key, and for POST a signature never seen before. A device acts only on its own user.
 * @throws {OstWalletError} `UNAUTHORIZED`, `REQUEST_EXPIRED`, `REQUEST_REPLAYED`, or
 *   `FORBIDDEN` when the path names another user
 */
export async function verifyDeviceRequest(
  ctx: PlatformContext,
  request: FastifyRequest,
): Promise<AuthenticatedDevice> {
  const userId = request.headers[headers.userId];
  const deviceHeader = request.headers[headers.device];
  if (typeof userId !== 'string' || userId.length === 0) {
    throw unauthorized(`missing ${headers.userId} header`, headers.userId);
  }
  if (typeof deviceHeader !== 'string' || !isAddress(deviceHeader, { strict: false })) {
    throw unauthorized(`missing or malformed ${headers.device} header`, headers.device);
  }
  const signed = readSignedRequest(request);
  if (!isCanonicalSignature(signed.signature)) {
    throw unauthorized(
      'device signature must be 65 bytes of hex: r, low s, v 27 or 28',
      headers.signature,
    );
  }

  const device = await ctx.db
    .selectFrom('devices')
    .selectAll()
    .where('address', '=', getAddress(deviceHeader))
    .executeTakeFirst();
  // One answer for unknown device, wrong user and bad signature: no probing.
  if (!device || device.user_id !== userId) throw unauthorized('unknown device');
  let signer: Address;
  try {
    signer = await recoverDeviceRequestSigner(
      signed.toSign,
      { userId, deviceAddress: deviceHeader as Address },
      signed.signature as Hex,
    );
  } catch {
    throw unauthorized('device signature does not verify', headers.signature);
  }
  if (signer !== device.api_signer_address) {
    throw unauthorized('device signature does not verify', headers.signature);
  }
  if (device.status === 'REVOKED') throw unauthorized('device is revoked');

  const pathUser = (request.params as { userId?: string } | undefined)?.userId;
  if (pathUser !== undefined && pathUser !== userId) {
    throw new OstWalletError('FORBIDDEN', 'a device acts only on its own user', {
      details: { user_id: pathUser },
    });
  }
  if (request.method !== 'GET')
    await rememberSignature(ctx, signed.signature, signed.timestamp);
  return { userId, device };
}

function unauthorized(message: string, header?: string): OstWalletError {
  return new OstWalletError('UNAUTHORIZED', message, {
    details: header === undefined ? {} : { header },
  });
}
