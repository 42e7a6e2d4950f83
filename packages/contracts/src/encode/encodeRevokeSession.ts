import { type Address, encodeFunctionData, type Hex } from 'viem';
import { tokenHolderAbi } from '../generated/TokenHolder.ts';

/**
 * Encodes `TokenHolder.revokeSession(key)` for a Safe transaction to the TokenHolder.
 *
 * @param sessionKey - the session key to revoke
 * @returns calldata for the TokenHolder
 * @example
 * const data = encodeRevokeSession('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
 */
export function encodeRevokeSession(sessionKey: Address): Hex {
  return encodeFunctionData({
    abi: tokenHolderAbi,
    functionName: 'revokeSession',
    args: [sessionKey],
  });
}
