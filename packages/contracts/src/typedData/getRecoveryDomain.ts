import type { Address } from 'viem';

/**
 * The EIP-712 domain of a user's DelayedRecoveryModule.
 *
 * @param chainId - chain the module lives on
 * @param recoveryModule - the user's module (the verifying contract)
 * @returns the domain for recovery typed data
 * @example
 * const domain = getRecoveryDomain(31337, recoveryModule);
 */
export function getRecoveryDomain(chainId: number, recoveryModule: Address) {
  return {
    name: 'DelayedRecoveryModule',
    version: '1',
    chainId,
    verifyingContract: recoveryModule,
  } as const;
}
