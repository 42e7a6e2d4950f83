import {
  encodeCreateUserWallet,
  toUserSalt,
  userWalletFactoryAbi,
} from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { ActivateUserBody } from '@ost-wallet/protocol';
import { getAddress, zeroAddress } from 'viem';
import type { AuthenticatedDevice } from '../auth/verifyDeviceRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import type { UserRow } from '../db/schema.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import { assertSessionTerms } from '../sessions/assertSessionTerms.ts';
import { findUser } from './findUser.ts';

/**
 * Starts activation: the signing device becomes the Safe's owner, the PIN-derived
 * recovery owner and the platform's recovery controller go into the recovery module,
 * and up to five first sessions are authorized, all in one factory transaction.
 * The user is ACTIVATING until the watcher sees the wallet created.
 * @throws {OstWalletError} `USER_ALREADY_ACTIVATED`, `DEVICE_NOT_REGISTERED`,
 *   `INVALID_ADDRESS`, `SESSION_KEY_EXISTS`, `INVALID_SESSION_*`
 */
export async function activateUser(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  body: ActivateUserBody,
): Promise<UserRow> {
  const user = await findUser(ctx, auth.userId);
  if (user.status !== 'CREATED' && user.status !== 'FAILED') {
    throw new OstWalletError(
      'USER_ALREADY_ACTIVATED',
      `user ${user.id} is ${user.status}`,
      {
        details: { user_id: user.id, status: user.status },
      },
    );
  }
  const device = getAddress(auth.device.address);
  if (auth.device.status !== 'REGISTERED') {
    throw new OstWalletError(
      'DEVICE_NOT_REGISTERED',
      `device ${device} is ${auth.device.status}, activation needs a REGISTERED device`,
      { details: { device_address: device, status: auth.device.status } },
    );
  }
  const recoveryOwner = getAddress(body.recovery_owner_address);
  if (recoveryOwner === zeroAddress || recoveryOwner === device) {
    throw new OstWalletError(
      'INVALID_ADDRESS',
      'recovery_owner_address must be a non-zero address other than the device',
      { details: { field: 'recovery_owner_address' } },
    );
  }

  const { time } = await ctx.clock.now();
  const seen = new Set<string>([device, recoveryOwner]);
  const sessions = body.sessions.map((s, i) => {
    const address = getAddress(s.address);
    if (seen.has(address) || address === zeroAddress) {
      throw new OstWalletError(
        'INVALID_ADDRESS',
        `sessions.${i}.address must be a new key, distinct from the device and recovery owner`,
        { details: { field: `sessions.${i}.address` } },
      );
    }
    seen.add(address);
    const limit = assertSessionTerms(ctx, s, time, `sessions.${i}.`);
    return { address, limit, expiresAt: BigInt(s.expires_at), expires_at: s.expires_at };
  });
  if (sessions.length > 0) {
    const taken = await ctx.db
      .selectFrom('sessions')
      .select(['address', 'status', 'user_id'])
      .where(
        'address',
        'in',
        sessions.map((s) => s.address),
      )
      .execute();
    const blocking = taken.find((t) => t.status !== 'FAILED' || t.user_id !== user.id);
    if (blocking) {
      throw new OstWalletError(
        'SESSION_KEY_EXISTS',
        `session ${blocking.address} exists`,
        {
          details: { address: blocking.address },
        },
      );
    }
  }

  const salt = toUserSalt(user.id);
  const [safe, tokenHolder, recoveryModule] = await ctx.publicClient.readContract({
    address: ctx.economy.userWalletFactory,
    abi: userWalletFactoryAbi,
    functionName: 'predictUserWallet',
    args: [ctx.relayer.address, salt, device],
  });
  const data = encodeCreateUserWallet({
    device,
    recoveryOwner,
    salt,
    sessions: sessions.map((s) => ({
      key: s.address,
      spendingLimit: s.limit,
      expiresAt: s.expiresAt,
    })),
  });

  const now = nowSeconds();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('users')
      .set({
        status: 'ACTIVATING',
        device_manager_address: getAddress(safe),
        token_holder_address: getAddress(tokenHolder),
        recovery_module_address: getAddress(recoveryModule),
        recovery_owner_address: recoveryOwner,
        token_holder_status: null,
        failure_reason: null,
        updated_at: now,
      })
      .where('id', '=', user.id)
      .where('status', 'in', ['CREATED', 'FAILED'])
      .executeTakeFirst();
    const moved = await trx
      .updateTable('devices')
      .set({ status: 'AUTHORIZING', updated_at: now })
      .where('address', '=', device)
      .where('status', '=', 'REGISTERED')
      .executeTakeFirst();
    // Lost a race with a concurrent activation: the transaction rolls back.
    if (Number(res.numUpdatedRows) !== 1 || Number(moved.numUpdatedRows) !== 1) {
      throw new OstWalletError(
        'USER_ALREADY_ACTIVATED',
        `user ${user.id} is being activated`,
        {
          details: { user_id: user.id },
        },
      );
    }
    if (sessions.length > 0) {
      await trx
        .deleteFrom('sessions')
        .where(
          'address',
          'in',
          sessions.map((s) => s.address),
        )
        .where('status', '=', 'FAILED')
        .execute();
      await trx
        .insertInto('sessions')
        .values(
          sessions.map((s) => ({
            address: s.address,
            user_id: user.id,
            spending_limit: s.limit.toString(),
            expires_at: s.expires_at,
            nonce: '0',
            status: 'INITIALIZING',
            failure_reason: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    await enqueue(trx, {
      kind: 'activate',
      userId: user.id,
      ref: user.id,
      to: ctx.economy.userWalletFactory,
      data,
      gas: gasLimits.activate(sessions.length),
    });
    return trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
  });
  ctx.kickRelayer();
  return updated;
}
