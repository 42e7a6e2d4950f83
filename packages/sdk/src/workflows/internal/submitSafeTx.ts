import { getSafeTxTypedData } from '@ost-wallet/contracts';
import { isOstWalletError } from '@ost-wallet/errors';
import type { SignedSafeTx } from '@ost-wallet/protocol';
import type { Address, Hex, LocalAccount } from 'viem';
import type { Reader } from './device.ts';

/**
 * @internal Signs a Safe transaction (EIP-712 SafeTx, Safe 1.4.1) with the device owner
 * key at the Safe's current nonce and hands it to `post`. When the platform answers
 * STALE_SAFE_NONCE (another transaction took the nonce), it re-reads the nonce and
 * re-signs once.
 */
export async function submitSafeTx<R>(
  reader: Reader,
  owner: LocalAccount,
  call: { chainId: number; to: Address; data: Hex },
  post: (safeTx: SignedSafeTx) => Promise<R>,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const manager = await reader.deviceManager();
    const nonce = BigInt(manager.nonce);
    const signature = await owner.signTypedData(
      getSafeTxTypedData({
        chainId: call.chainId,
        safe: manager.address,
        to: call.to,
        data: call.data,
        nonce,
      }),
    );
    try {
      return await post({
        to: call.to,
        value: '0',
        data: call.data,
        operation: 0,
        nonce: nonce.toString(),
        signature,
      });
    } catch (error) {
      if (attempt === 0 && isOstWalletError(error, 'STALE_SAFE_NONCE')) continue;
      throw error;
    }
  }
}
