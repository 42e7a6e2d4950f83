import { encodeAuthorizeSession, tokenHolderAbi } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { AuthorizeSessionBody } from '@ost-wallet/protocol';
import { type Address, getAddress, zeroAddress } from 'viem';
import type { AuthenticatedDevice } from '../auth/verifyDeviceRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import type { SessionRow } from '../db/schema.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import { findUser } from '../users/findUser.ts';
import { assertActivated } from '../users/userRoutes.ts';
import { assertSessionTerms } from './assertSessionTerms.ts';
import { isUniqueViolation, staleSafeNonce, verifySafeTx } from './verifySafeTx.ts';

/**
 * Accepts a session authorization: checks the terms and the device-signed Safe
 * transaction, stores the session INITIALIZING and queues the Safe call in one
 * database transaction. Two requests for one Safe nonce: the second gets
 * STALE_SAFE_NONCE and leaves nothing behind.
 * @throws {OstWalletError} see {@link verifySafeTx}, plus `SESSION_KEY_EXISTS`,
 *   `TOKEN_HOLDER_NOT_ACTIVE`, `INVALID_SESSION_*`
 */
export async function authorizeSession(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  body: AuthorizeSessionBody,
): Promise<SessionRow> {
  const user = assertActivated(await findUser(ctx, auth.userId));
  assertTokenHolderActive(user.token_holder_status);
  const tokenHolder = getAddress(user.token_holder_address as string);
  const address = getAddress(body.address);
  if (address === zeroAddress) {
    throw new OstWalletError('INVALID_ADDRESS', 'address must not be zero', {
      details: { field: 'address' },
    });
  }
  const { time } = await ctx.clock.now();
  const limit = assertSessionTerms(ctx, body, time);
  const data = encodeAuthorizeSession({
    sessionKey: address,
    spendingLimit: limit,
    expiresAt: BigInt(body.expires_at),
  });
  const verified = await verifySafeTx(ctx, user, body.safe_tx, { to: tokenHolder, data });

  const [existing, onChain] = await Promise.all([
    ctx.db
      .selectFrom('sessions')
      .select('address')
      .where('address', '=', address)
      .executeTakeFirst(),
    ctx.publicClient.readContract({
      address: tokenHolder,
      abi: tokenHolderAbi,
      functionName: 'sessions',
      args: [address],
    }),
  ]);
  if (existing || onChain[3] !== 0n) throw sessionKeyExists(address);

  const now = nowSeconds();
  const row: SessionRow = {
    address,
    user_id: user.id,
    spending_limit: limit.toString(),
    expires_at: body.expires_at,
    nonce: '0',
    status: 'INITIALIZING',
    failure_reason: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('sessions').values(row).execute();
      await enqueue(trx, {
        kind: 'authorize_session',
        userId: user.id,
        ref: address,
        to: verified.safe,
        data: verified.execData,
        gas: gasLimits.safeTx,
        safeNonceKey: verified.safeNonceKey,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      if (String((error as Error).message).includes('safe_nonce_key')) {
        throw staleSafeNonce(verified.nonce);
      }
      throw sessionKeyExists(address);
    }
    throw error;
  }
  ctx.kickRelayer();
  return row;
}

/** @throws {OstWalletError} `TOKEN_HOLDER_NOT_ACTIVE` while a logout is in flight */
export function assertTokenHolderActive(status: string | null): void {
  if (status === 'LOGGING_OUT') {
    throw new OstWalletError(
      'TOKEN_HOLDER_NOT_ACTIVE',
      'a logout is in progress; try again once it is mined',
      { details: { token_holder_status: status } },
    );
  }
}

function sessionKeyExists(address: Address): OstWalletError {
  return new OstWalletError(
    'SESSION_KEY_EXISTS',
    `session key ${address} was used before; create a new key`,
    { details: { field: 'address', address } },
  );
}
