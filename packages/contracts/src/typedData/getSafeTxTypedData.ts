import { type Address, type Hex, zeroAddress } from 'viem';

/** EIP-712 types of a Safe 1.4.1 transaction (`SafeTx`). */
export const safeTxTypes = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

/** Parameters of {@link getSafeTxTypedData}. */
export type GetSafeTxTypedDataParameters = {
  /** Chain the Safe lives on. */
  chainId: number;
  /** The Safe (device manager) that executes the transaction. */
  safe: Address;
  /** Call target, e.g. the user's TokenHolder. */
  to: Address;
  /** Wei sent with the call. @default 0n */
  value?: bigint;
  /** Calldata, e.g. from {@link encodeAuthorizeSession}. */
  data: Hex;
  /** 0 = CALL, 1 = DELEGATECALL. @default 0 */
  operation?: 0 | 1;
  /** The Safe's current `nonce()`. */
  nonce: bigint;
};

/**
 * Builds the Safe 1.4.1 `SafeTx` EIP-712 typed data a device key signs. Gas fields
 * and refunds are zero: a relayer pays gas and nobody is refunded.
 *
 * @param parameters - chain, Safe, call and Safe nonce
 * @returns typed data for viem's `signTypedData` / `hashTypedData`
 * @example
 * const typedData = getSafeTxTypedData({ chainId: 31337, safe, to: tokenHolder, data, nonce: 0n });
 * const signature = await deviceAccount.signTypedData(typedData);
 */
export function getSafeTxTypedData(parameters: GetSafeTxTypedDataParameters) {
  const { chainId, safe, to, value = 0n, data, operation = 0, nonce } = parameters;
  return {
    domain: { chainId, verifyingContract: safe },
    types: safeTxTypes,
    primaryType: 'SafeTx',
    message: {
      to,
      value,
      data,
      operation,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce,
    },
  } as const;
}
