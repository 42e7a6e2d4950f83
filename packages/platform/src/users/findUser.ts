import { OstWalletError } from '@ost-wallet/errors';
import type { PlatformContext } from '../context.ts';
import type { UserRow } from '../db/schema.ts';

/**
 * Loads a user row.
 * @throws {OstWalletError} `USER_NOT_FOUND`
 */
export async function findUser(ctx: PlatformContext, userId: string): Promise<UserRow> {
  const user = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) {
    throw new OstWalletError('USER_NOT_FOUND', `no user ${userId}`, {
      details: { user_id: userId },
    });
  }
  return user;
}
