import { OstWalletError } from '@ost-wallet/errors';
import { REQUEST_WINDOW_SECONDS } from '@ost-wallet/protocol';
import type { PlatformContext } from '../context.ts';
import { nowSeconds } from '../context.ts';

let lastPrune = 0;

/**
 * Records a POST signature so it is accepted once. Signatures are kept until their
 * request timestamp has left the window, after which the timestamp check refuses them.
 * @throws {OstWalletError} `REQUEST_REPLAYED` when the signature was seen before
 */
export async function rememberSignature(
  ctx: PlatformContext,
  signature: string,
  timestamp: number,
): Promise<void> {
  const now = nowSeconds();
  if (now - lastPrune > 30) {
    lastPrune = now;
    await ctx.db.deleteFrom('seen_signatures').where('expires_at', '<', now).execute();
  }
  const inserted = await ctx.db
    .insertInto('seen_signatures')
    .values({
      signature: signature.toLowerCase(),
      expires_at: timestamp + REQUEST_WINDOW_SECONDS + 1,
    })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
    throw new OstWalletError('REQUEST_REPLAYED', 'this signed request was already used', {
      details: { header: 'ost-signature' },
    });
  }
}
