import type { Address, Hex } from 'viem';

/** EIP-712 types of the message a session key signs for `TokenHolder.executeRule`. */
export const executeRuleTypes = {
  ExecuteRule: [
    { name: 'to', type: 'address' },
    { name: 'data', type: 'bytes' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

/** Parameters of {@link getExecuteRuleTypedData}. */
export type GetExecuteRuleTypedDataParameters = {
  /** Chain the TokenHolder lives on. */
  chainId: number;
  /** The TokenHolder that will execute the rule (the EIP-712 verifying contract). */
  tokenHolder: Address;
  /** The rule contract to call, e.g. TokenRules. */
  to: Address;
  /** Calldata for `to`, e.g. from {@link encodeDirectTransfers}. */
  data: Hex;
  /** The session key's current nonce (`TokenHolder.sessions(key).nonce`). */
  nonce: bigint;
};

/**
 * Builds the EIP-712 typed data a session key signs to run a rule through its
 * TokenHolder. The domain binds the chain id and the TokenHolder address, so the
 * signature is useless on any other chain or wallet.
 *
 * @param parameters - chain, TokenHolder, rule address, calldata and nonce
 * @returns typed data for viem's `signTypedData` / `hashTypedData`
 * @example
 * const typedData = getExecuteRuleTypedData({ chainId: 31337, tokenHolder, to: tokenRules, data, nonce: 0n });
 * const signature = await sessionAccount.signTypedData(typedData);
 */
export function getExecuteRuleTypedData(parameters: GetExecuteRuleTypedDataParameters) {
  const { chainId, tokenHolder, to, data, nonce } = parameters;
  return {
    domain: {
      name: 'TokenHolder',
      version: '1',
      chainId,
      verifyingContract: tokenHolder,
    },
    types: executeRuleTypes,
    primaryType: 'ExecuteRule',
    message: { to, data, nonce },
  } as const;
}
