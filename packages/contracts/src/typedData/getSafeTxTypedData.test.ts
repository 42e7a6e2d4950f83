import { hashTypedData, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { getExecuteRuleTypedData } from './getExecuteRuleTypedData.ts';
import { getSafeTxTypedData } from './getSafeTxTypedData.ts';

const safe = '0x1000000000000000000000000000000000000001';
const holder = '0x2000000000000000000000000000000000000002';

describe('typed data', () => {
  it('fills Safe gas and refund fields with zero and defaults to a CALL of 0 wei', () => {
    const typedData = getSafeTxTypedData({
      chainId: 1,
      safe,
      to: holder,
      data: '0x',
      nonce: 3n,
    });
    expect(typedData.domain).toEqual({ chainId: 1, verifyingContract: safe });
    expect(typedData.message).toMatchObject({
      value: 0n,
      operation: 0,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: 3n,
    });
  });

  it('binds ExecuteRule to the chain id and the TokenHolder', () => {
    const base = {
      chainId: 1,
      tokenHolder: holder,
      to: safe,
      data: '0x01',
      nonce: 0n,
    } as const;
    const hash = hashTypedData(getExecuteRuleTypedData(base));
    expect(hashTypedData(getExecuteRuleTypedData({ ...base, chainId: 2 }))).not.toBe(
      hash,
    );
    expect(
      hashTypedData(getExecuteRuleTypedData({ ...base, tokenHolder: safe })),
    ).not.toBe(hash);
    expect(hashTypedData(getExecuteRuleTypedData({ ...base, nonce: 1n }))).not.toBe(hash);
  });
});
