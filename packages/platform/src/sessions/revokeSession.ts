import { encodeLogout, encodeRevokeSession } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { LogoutBody, RevokeSessionBody } from '@ost-wallet/protocol';
import { type Address, getAddress } from 'viem';
import type { AuthenticatedDevice } from '../auth/verifyDeviceRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import type { SessionRow, UserRow } from '../db/schema.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import { findUser } from '../users/findUser.ts';
import { assertActivated } from '../users/userRoutes.ts';
import { assertTokenHolderActive } from './authorizeSession.ts';
import { isUniqueViolation, staleSafeNonce, verifySafeTx } from './verifySafeTx.ts';

/**
 * Accepts a session revocation: AUTHORIZED → REVOKING, queues `revokeSession(key)`
 * through the Safe.
 * @throws {OstWalletError} `SESSION_NOT_FOUND`, `SESSION_NOT_AUTHORIZED`, and the
 *   Safe transaction checks
 */
export async function revokeSession(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  sessionAddress: string,
  body: RevokeSessionBody,
): Promise<SessionRow> {
  const user = assertActivated(await findUser(ctx, auth.userId));
  assertTokenHolderActive(user.token_holder_status);
  const address = toAddress(sessionAddress);
  const session = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('address', '=', address)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (!session) {
    throw new OstWalletError('SESSION_NOT_FOUND', `no session ${address}`, {
      details: { address },
    });
  }
  if (session.status !== 'AUTHORIZED') {
    throw new OstWalletError(
      'SESSION_NOT_AUTHORIZED',
      `session ${address} is ${session.status}; only AUTHORIZED sessions can be revoked`,
      { details: { address, status: session.status } },
    );
  }
  const tokenHolder = getAddress(user.token_holder_address as string);
  const verified = await verifySafeTx(ctx, user, body.safe_tx, {
    to: tokenHolder,
    data: encodeRevokeSession(address),
  });

  const now = nowSeconds();
  await runClaim(verified.nonce, async () => {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('sessions')
        .set({ status: 'REVOKING', failure_reason: null, updated_at: now })
        .where('address', '=', address)
        .where('status', '=', 'AUTHORIZED')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw staleSafeNonce(verified.nonce);
      await enqueue(trx, {
        kind: 'revoke_session',
        userId: user.id,
        ref: address,
        to: verified.safe,
        data: verified.execData,
        gas: gasLimits.safeTx,
        safeNonceKey: verified.safeNonceKey,
      });
    });
  });
  ctx.kickRelayer();
  return { ...session, status: 'REVOKING', failure_reason: null, updated_at: now };
}

/**
 * Accepts a logout: token holder ACTIVE/LOGGED_OUT → LOGGING_OUT, queues `logout()`
 * through the Safe; every session of the current generation ends when it is mined.
 */
export async function logout(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  body: LogoutBody,
): Promise<UserRow> {
  const user = assertActivated(await findUser(ctx, auth.userId));
  assertTokenHolderActive(user.token_holder_status);
  const tokenHolder = getAddress(user.token_holder_address as string);
  const verified = await verifySafeTx(ctx, user, body.safe_tx, {
    to: tokenHolder,
    data: encodeLogout(),
  });
  const now = nowSeconds();
  await runClaim(verified.nonce, async () => {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('users')
        .set({ token_holder_status: 'LOGGING_OUT', updated_at: now })
        .where('id', '=', user.id)
        .where('token_holder_status', 'in', ['ACTIVE', 'LOGGED_OUT'])
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw staleSafeNonce(verified.nonce);
      await enqueue(trx, {
        kind: 'logout',
        userId: user.id,
        ref: user.id,
        to: verified.safe,
        data: verified.execData,
        gas: gasLimits.safeTx,
        safeNonceKey: verified.safeNonceKey,
      });
    });
  });
  ctx.kickRelayer();
  return { ...user, token_holder_status: 'LOGGING_OUT', updated_at: now };
}

async function runClaim(nonce: bigint, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw staleSafeNonce(nonce);
    throw error;
  }
}

function toAddress(value: string): Address {
  try {
    return getAddress(value);
  } catch {
    throw new OstWalletError('INVALID_ADDRESS', `'${value}' is not an address`, {
      details: { field: 'address' },
    });
  }
}
