import {
  encodeDirectTransfers,
  getExecuteRuleTypedData,
  tokenHolderAbi,
} from '@ost-wallet/contracts';
import { decodeFunctionData, recoverTypedDataAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import { createWalletSdk } from '../createWalletSdk.ts';
import { encodeAuthorizeSession } from '../index.ts';
import { createMemoryStorage } from '../storage/createMemoryStorage.ts';

// anvil's second test key: public, never for real funds.
const session = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
);
const tokenHolder = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const rule = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

describe('encoding', () => {
  it('re-exports encodeAuthorizeSession for TokenHolder.authorizeSession', () => {
    const data = encodeAuthorizeSession({
      sessionKey: session.address,
      spendingLimit: 5n,
      expiresAt: 1700000000n,
    });
    const decoded = decodeFunctionData({ abi: tokenHolderAbi, data });
    expect(decoded.functionName).toBe('authorizeSession');
    expect(decoded.args).toEqual([session.address, 5n, 1700000000n]);
  });

  it('signs ExecuteRule typed data that recovers to the session key', async () => {
    const data = encodeDirectTransfers({ to: [rule], amounts: [7n] });
    const typed = getExecuteRuleTypedData({
      chainId: 31337,
      tokenHolder,
      to: rule,
      data,
      nonce: 3n,
    });
    const signature = await session.signTypedData(typed);
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(session.address);
    const otherChain = getExecuteRuleTypedData({
      chainId: 1,
      tokenHolder,
      to: rule,
      data,
      nonce: 3n,
    });
    expect(await recoverTypedDataAddress({ ...otherChain, signature })).not.toBe(
      session.address,
    );
  });
});

describe('executeTransaction validation', () => {
  const sdk = () =>
    createWalletSdk({
      platformUrl: 'http://127.0.0.1:1',
      storage: createMemoryStorage(),
      storagePassword: 'pw',
      fetch: vi.fn(),
    });
  const delegate = () => ({ flowComplete: vi.fn(), flowInterrupt: vi.fn() });

  it.each([
    [['0x12'], ['1'], 'INVALID_ADDRESS'],
    [[rule], ['0'], 'INVALID_AMOUNT'],
    [[rule], ['1.5'], 'INVALID_AMOUNT'],
    [[rule], [1], 'INVALID_AMOUNT'],
    [[rule], ['1', '2'], 'INVALID_PARAMETER'],
    [[], [], 'INVALID_PARAMETER'],
  ])('refuses %j / %j with %s', async (to, amounts, code) => {
    const d = delegate();
    const handle = sdk().executeTransaction(
      'u1',
      to as string[],
      amounts as string[],
      'direct transfer',
      null,
      d,
    );
    await expect(handle.result).rejects.toMatchObject({ code });
    expect(d.flowInterrupt).toHaveBeenCalledTimes(1);
  });

  it.each([-1, 1.5])('refuses reuseReadsForMs %s', (reuseReadsForMs) => {
    expect(() =>
      createWalletSdk({
        platformUrl: 'http://127.0.0.1:1',
        storage: createMemoryStorage(),
        storagePassword: 'pw',
        reuseReadsForMs,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMETER',
        shortMessage: `reuseReadsForMs must be an integer ≥ 0, got ${reuseReadsForMs}`,
      }),
    );
  });

  it('names the platformUrl it refuses', () => {
    expect(() =>
      createWalletSdk({
        platformUrl: 'ftp://127.0.0.1',
        storage: createMemoryStorage(),
        storagePassword: 'pw',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_PARAMETER',
        shortMessage: "platformUrl must be an http(s) URL, got 'ftp://127.0.0.1'",
      }),
    );
  });

  it('refuses an unknown rule name', async () => {
    const handle = sdk().executeTransaction(
      'u1',
      [rule],
      ['1'],
      'pricer' as 'direct transfer',
      null,
      delegate(),
    );
    await expect(handle.result).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
  });
});
