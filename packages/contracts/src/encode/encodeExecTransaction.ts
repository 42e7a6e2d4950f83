import { type Address, encodeFunctionData, type Hex, zeroAddress } from 'viem';
import { safeAbi } from '../generated/Safe.ts';

/** Parameters of {@link encodeExecTransaction}. */
export type EncodeExecTransactionParameters = {
  /** Call target, e.g. the user's TokenHolder. */
  to: Address;
  /** Wei sent with the call. @default 0n */
  value?: bigint;
  /** Calldata of the inner call. */
  data: Hex;
  /** 0 = CALL, 1 = DELEGATECALL. @default 0 */
  operation?: 0 | 1;
  /** The device key's 65-byte signature over {@link getSafeTxTypedData}. */
  signature: Hex;
};

/**
 * Encodes `Safe.execTransaction(...)` with zero gas and refund fields, matching
 * {@link getSafeTxTypedData}. A relayer sends it to the Safe.
 *
 * @param parameters - the inner call and the owner's signature
 * @returns calldata for the Safe
 * @example
 * const data = encodeExecTransaction({ to: tokenHolder, data: encodeLogout(), signature });
 * await walletClient.sendTransaction({ to: safe, data });
 */
export function encodeExecTransaction(parameters: EncodeExecTransactionParameters): Hex {
  const { to, value = 0n, data, operation = 0, signature } = parameters;
  return encodeFunctionData({
    abi: safeAbi,
    functionName: 'execTransaction',
    args: [to, value, data, operation, 0n, 0n, 0n, zeroAddress, zeroAddress, signature],
  });
}
