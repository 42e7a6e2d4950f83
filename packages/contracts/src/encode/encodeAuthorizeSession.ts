import { type Address, encodeFunctionData, type Hex } from 'viem';
import { tokenHolderAbi } from '../generated/TokenHolder.ts';

/** Parameters of {@link encodeAuthorizeSession}. */
export type EncodeAuthorizeSessionParameters = {
  /** The new session key's address; never authorized before on this TokenHolder. */
  sessionKey: Address;
  /** Most one execution may move, in the token's smallest unit; > 0 and < 2^128. */
  spendingLimit: bigint;
  /** Unix time in seconds from which the key stops working; must be in the future. */
  expiresAt: bigint;
};

/**
 * Encodes `TokenHolder.authorizeSession(key, spendingLimit, expiresAt)`, the call a
 * device key wraps in a Safe transaction to the user's TokenHolder.
 *
 * @param parameters - session key, spending limit and expiry
 * @returns calldata for the TokenHolder
 * @example
 * const data = encodeAuthorizeSession({ sessionKey, spendingLimit: 10n ** 18n, expiresAt: 1_900_000_000n });
 */
export function encodeAuthorizeSession(
  parameters: EncodeAuthorizeSessionParameters,
): Hex {
  const { sessionKey, spendingLimit, expiresAt } = parameters;
  return encodeFunctionData({
    abi: tokenHolderAbi,
    functionName: 'authorizeSession',
    args: [sessionKey, spendingLimit, expiresAt],
  });
}
