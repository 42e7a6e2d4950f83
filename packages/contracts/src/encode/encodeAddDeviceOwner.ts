import { type Address, encodeFunctionData, type Hex } from 'viem';
import { safeAbi } from '../generated/Safe.ts';

/**
 * Encodes `Safe.addOwnerWithThreshold(device, 1)`: a Safe transaction from the Safe to
 * itself that adds a device key as an owner and keeps the threshold at 1.
 *
 * @param device - the device key to add as a Safe owner
 * @returns calldata for the user's Safe (the device manager)
 * @example
 * const data = encodeAddDeviceOwner('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
 */
export function encodeAddDeviceOwner(device: Address): Hex {
  return encodeFunctionData({
    abi: safeAbi,
    functionName: 'addOwnerWithThreshold',
    args: [device, 1n],
  });
}
