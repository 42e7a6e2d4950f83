import { decodeFunctionData } from 'viem';
import { describe, expect, it } from 'vitest';
import { safeAbi } from '../generated/Safe.ts';
import { encodeAddDeviceOwner } from './encodeAddDeviceOwner.ts';

describe('encodeAddDeviceOwner', () => {
  it('encodes addOwnerWithThreshold(device, 1)', () => {
    const device = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    const decoded = decodeFunctionData({
      abi: safeAbi,
      data: encodeAddDeviceOwner(device),
    });
    expect(decoded.functionName).toBe('addOwnerWithThreshold');
    expect(decoded.args).toEqual([device, 1n]);
  });
});
