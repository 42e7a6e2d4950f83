import type { Address } from 'viem';
import { getRecoveryDomain } from './getRecoveryDomain.ts';

/** EIP-712 types shared by `InitiateRecovery` and `AbortRecovery`. */
const recoveryFields = [
  { name: 'prevOwner', type: 'address' },
  { name: 'oldOwner', type: 'address' },
  { name: 'newOwner', type: 'address' },
  { name: 'nonce', type: 'uint256' },
] as const;

/** EIP-712 types of the message that starts a recovery. */
export const initiateRecoveryTypes = { InitiateRecovery: recoveryFields } as const;

/** EIP-712 types of the message that aborts a recovery. */
export const abortRecoveryTypes = { AbortRecovery: recoveryFields } as const;

/** Parameters of {@link getInitiateRecoveryTypedData} and {@link getAbortRecoveryTypedData}. */
export type RecoveryTypedDataParameters = {
  /** Chain the module lives on. */
  chainId: number;
  /** The user's DelayedRecoveryModule. */
  recoveryModule: Address;
  /** The owner before `oldOwner` in the Safe's owner list (0x…01 for the head). */
  prevOwner: Address;
  /** The lost device key. */
  oldOwner: Address;
  /** The new device key. */
  newOwner: Address;
  /** The module's current `nonce()`. */
  nonce: bigint;
};

/**
 * Builds the typed data the recovery owner signs to start replacing a device key.
 *
 * @param parameters - module, owners to swap and module nonce
 * @returns typed data for viem's `signTypedData`
 * @example
 * const typedData = getInitiateRecoveryTypedData({ chainId, recoveryModule, prevOwner, oldOwner, newOwner, nonce: 0n });
 * const signature = await recoveryOwnerAccount.signTypedData(typedData);
 */
export function getInitiateRecoveryTypedData(parameters: RecoveryTypedDataParameters) {
  const { chainId, recoveryModule, prevOwner, oldOwner, newOwner, nonce } = parameters;
  return {
    domain: getRecoveryDomain(chainId, recoveryModule),
    types: initiateRecoveryTypes,
    primaryType: 'InitiateRecovery',
    message: { prevOwner, oldOwner, newOwner, nonce },
  } as const;
}

/**
 * Builds the typed data the recovery owner signs to abort a pending recovery.
 *
 * @param parameters - module, the pending recovery's owners and module nonce
 * @returns typed data for viem's `signTypedData`
 * @example
 * const typedData = getAbortRecoveryTypedData({ chainId, recoveryModule, prevOwner, oldOwner, newOwner, nonce: 1n });
 * const signature = await recoveryOwnerAccount.signTypedData(typedData);
 */
export function getAbortRecoveryTypedData(parameters: RecoveryTypedDataParameters) {
  const { chainId, recoveryModule, prevOwner, oldOwner, newOwner, nonce } = parameters;
  return {
    domain: getRecoveryDomain(chainId, recoveryModule),
    types: abortRecoveryTypes,
    primaryType: 'AbortRecovery',
    message: { prevOwner, oldOwner, newOwner, nonce },
  } as const;
}
