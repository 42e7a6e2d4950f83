import type { Address, Hex, LocalAccount } from 'viem';
import { recoverMessageAddress } from 'viem';
import { type RequestToSign, toCanonicalRequest } from './canonicalRequest.ts';

/**
 * The identity a device request is signed for: `userId:deviceAddress`.
 * @example toDeviceIdentity('u1', '0xAbc…') // 'u1:0xAbc…'
 */
export function toDeviceIdentity(userId: string, deviceAddress: Address): string {
  return `${userId}:${deviceAddress}`;
}

/**
 * Signs a device API request with the device's API-signer key (EIP-191 personal
 * message over the canonical request). The API-signer key is not the device owner key.
 * @param request - the request, without `identity`
 * @param device - user id, device owner address, and the API-signer account
 * @returns the 65-byte signature for the `ost-signature` header
 * @example await signDeviceRequest({ method: 'GET', path: '/v1/chain', timestamp }, { userId, deviceAddress, apiSigner })
 */
export function signDeviceRequest(
  request: Omit<RequestToSign, 'identity'>,
  device: { userId: string; deviceAddress: Address; apiSigner: LocalAccount },
): Promise<Hex> {
  const message = toCanonicalRequest({
    ...request,
    identity: toDeviceIdentity(device.userId, device.deviceAddress),
  });
  return device.apiSigner.signMessage({ message });
}

/**
 * Recovers the address that signed a device request.
 * @returns the API-signer address to compare with the device's registered one
 * @throws when the signature is malformed
 */
export function recoverDeviceRequestSigner(
  request: Omit<RequestToSign, 'identity'>,
  device: { userId: string; deviceAddress: Address },
  signature: Hex,
): Promise<Address> {
  const message = toCanonicalRequest({
    ...request,
    identity: toDeviceIdentity(device.userId, device.deviceAddress),
  });
  return recoverMessageAddress({ message, signature });
}
