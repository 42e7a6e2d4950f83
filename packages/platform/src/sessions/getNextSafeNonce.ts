import { safeAbi } from '@ost-wallet/contracts';
import type { Address } from 'viem';
import type { PlatformContext } from '../context.ts';

/**
 * The Safe nonce the next Safe transaction of a user must carry: the chain's nonce or
 * one past the highest nonce claimed by a Safe transaction in the outbox, whichever is
 * larger. Claims of reverted transactions are released, so they do not count.
 */
export async function getNextSafeNonce(
  ctx: PlatformContext,
  safe: Address,
): Promise<bigint> {
  const [onChain, claimed] = await Promise.all([
    ctx.publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' }),
    ctx.db
      .selectFrom('outbox')
      .select('safe_nonce_key')
      .where('safe_nonce_key', 'like', `${safe}:%`)
      .execute(),
  ]);
  let next = onChain;
  for (const { safe_nonce_key } of claimed) {
    const n = BigInt(safe_nonce_key?.split(':')[1] ?? '0') + 1n;
    if (n > next) next = n;
  }
  return next;
}

/** The outbox claim for one Safe nonce. */
export function toSafeNonceKey(safe: Address, nonce: bigint): string {
  return `${safe}:${nonce}`;
}
