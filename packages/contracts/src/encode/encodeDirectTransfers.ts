import { type Address, encodeFunctionData, type Hex } from 'viem';
import { tokenRulesAbi } from '../generated/TokenRules.ts';

/** Parameters of {@link encodeDirectTransfers}. */
export type EncodeDirectTransfersParameters = {
  /** Recipients. */
  to: readonly Address[];
  /** Amount per recipient, in the token's smallest unit. */
  amounts: readonly bigint[];
};

/**
 * Encodes `TokenRules.directTransfers(to, amounts)`, the rule call a session key
 * signs (see {@link getExecuteRuleTypedData}) to move tokens from its TokenHolder.
 *
 * @param parameters - recipients and amounts (same length)
 * @returns calldata for TokenRules
 * @throws {Error} when the two lists differ in length
 * @example
 * const data = encodeDirectTransfers({ to: [bob], amounts: [5n * 10n ** 18n] });
 */
export function encodeDirectTransfers(parameters: EncodeDirectTransfersParameters): Hex {
  const { to, amounts } = parameters;
  if (to.length !== amounts.length) {
    throw new Error(
      `to and amounts must have the same length, got ${to.length} and ${amounts.length}`,
    );
  }
  return encodeFunctionData({
    abi: tokenRulesAbi,
    functionName: 'directTransfers',
    args: [to, amounts],
  });
}
