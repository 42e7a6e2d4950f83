import { getSafeTxTypedData } from '@ost-wallet/contracts';
import type { DeviceManager, SignedSafeTx } from '@ost-wallet/protocol';
import { recoverTypedDataAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import type { Reader } from './device.ts';
import { submitSafeTx } from './submitSafeTx.ts';

// anvil's fourth test key: public, never for real funds.
const owner = privateKeyToAccount(
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
);
const safe = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const holder = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

function readerWithNonces(nonces: string[]): Reader {
  let i = 0;
  return {
    deviceManager: async (): Promise<DeviceManager> => ({
      user_id: 'u',
      address: safe,
      nonce: nonces[Math.min(i++, nonces.length - 1)] as string,
      owners: [owner.address],
    }),
  } as unknown as Reader;
}

const call = { chainId: 31337, to: holder, data: '0x1234' } as const;

describe('submitSafeTx', () => {
  it('signs the SafeTx at the current nonce with the device key', async () => {
    const posted: SignedSafeTx[] = [];
    await submitSafeTx(readerWithNonces(['7']), owner, call, async (tx) =>
      posted.push(tx),
    );
    const tx = posted[0]!;
    expect(tx).toMatchObject({
      to: holder,
      value: '0',
      data: '0x1234',
      operation: 0,
      nonce: '7',
    });
    const typed = getSafeTxTypedData({
      chainId: 31337,
      safe,
      to: holder,
      data: '0x1234',
      nonce: 7n,
    });
    expect(await recoverTypedDataAddress({ ...typed, signature: tx.signature })).toBe(
      owner.address,
    );
  });

  it('re-signs once with the fresh nonce after STALE_SAFE_NONCE', async () => {
    const posted: SignedSafeTx[] = [];
    const result = await submitSafeTx(
      readerWithNonces(['7', '8']),
      owner,
      call,
      async (tx) => {
        posted.push(tx);
        if (posted.length === 1) throw new WalletSdkError('STALE_SAFE_NONCE', 'taken');
        return 'ok';
      },
    );
    expect(result).toBe('ok');
    expect(posted.map((t) => t.nonce)).toEqual(['7', '8']);
    expect(posted[0]?.signature).not.toBe(posted[1]?.signature);
  });

  it('surfaces a second STALE_SAFE_NONCE and any other error at once', async () => {
    let calls = 0;
    await expect(
      submitSafeTx(readerWithNonces(['1', '2', '3']), owner, call, async () => {
        calls++;
        throw new WalletSdkError('STALE_SAFE_NONCE', 'taken');
      }),
    ).rejects.toMatchObject({ code: 'STALE_SAFE_NONCE' });
    expect(calls).toBe(2);
    await expect(
      submitSafeTx(readerWithNonces(['1']), owner, call, async () => {
        throw new WalletSdkError('INVALID_SIGNATURE', 'no');
      }),
    ).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
  });
});
