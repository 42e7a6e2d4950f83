import { encodeFunctionData, type Hex } from 'viem';
import { tokenHolderAbi } from '../generated/TokenHolder.ts';

/**
 * Encodes `TokenHolder.logout()`, which ends every session at once.
 *
 * @returns calldata for the TokenHolder
 * @example
 * const data = encodeLogout();
 */
export function encodeLogout(): Hex {
  return encodeFunctionData({ abi: tokenHolderAbi, functionName: 'logout' });
}
