import type { Address } from 'viem';
import { getRecoveryDomain } from './getRecoveryDomain.ts';

/** EIP-712 types of the message that replaces the recovery owner (a PIN change). */
export const resetRecoveryOwnerTypes = {
  ResetRecoveryOwner: [
    { name: 'oldRecoveryOwner', type: 'address' },
    { name: 'newRecoveryOwner', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

/** Parameters of {@link getResetRecoveryOwnerTypedData}. */
export type GetResetRecoveryOwnerTypedDataParameters = {
  /** Chain the module lives on. */
  chainId: number;
  /** The user's DelayedRecoveryModule. */
  recoveryModule: Address;
  /** The current recovery owner (the signer). */
  oldRecoveryOwner: Address;
  /** The recovery owner derived from the new PIN. */
  newRecoveryOwner: Address;
  /** The module's current `nonce()`. */
  nonce: bigint;
};

/**
 * Builds the typed data the current recovery owner signs to hand over to a new one.
 *
 * @param parameters - module, old and new recovery owner, module nonce
 * @returns typed data for viem's `signTypedData`
 * @example
 * const typedData = getResetRecoveryOwnerTypedData({ chainId, recoveryModule, oldRecoveryOwner, newRecoveryOwner, nonce: 0n });
 * const signature = await oldRecoveryOwnerAccount.signTypedData(typedData);
 */
export function getResetRecoveryOwnerTypedData(
  parameters: GetResetRecoveryOwnerTypedDataParameters,
) {
  const { chainId, recoveryModule, oldRecoveryOwner, newRecoveryOwner, nonce } =
    parameters;
  return {
    domain: getRecoveryDomain(chainId, recoveryModule),
    types: resetRecoveryOwnerTypes,
    primaryType: 'ResetRecoveryOwner',
    message: { oldRecoveryOwner, newRecoveryOwner, nonce },
  } as const;
}
