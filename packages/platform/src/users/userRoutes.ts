/** Device API: the user, its current device, salt, device manager, token holder, balance. */
import { safeAbi, tokenAbi } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { Balance, DeviceManager, Salt, TokenHolder } from '@ost-wallet/protocol';
import type { FastifyInstance } from 'fastify';
import type { Address } from 'viem';
import { deviceSecurity, getDevice, useDeviceAuth } from '../auth/deviceAuth.ts';
import type { PlatformContext } from '../context.ts';
import type { UserRow } from '../db/schema.ts';
import { toDevice, toUser } from '../internal/toEntities.ts';
import {
  addressSchema,
  deviceSchema,
  errorResponses,
  sessionRequestSchema,
  tokenHolderSchema,
  userIdParams,
  userSchema,
} from '../schemas.ts';
import { getNextSafeNonce } from '../sessions/getNextSafeNonce.ts';
import { activateUser } from './activateUser.ts';
import { findUser } from './findUser.ts';

/**
 * Registers the device routes about the user: user, current device, salt, activate,
 * device manager, token holder, balance. Every route needs a device signature.
 * @param app - the plugin scope
 * @param ctx - the platform context
 */
export async function userRoutes(app: FastifyInstance, ctx: PlatformContext) {
  useDeviceAuth(app, ctx);
  const tokenId = ctx.economy.token.address;
  const base = { tags: ['device'], security: deviceSecurity, params: userIdParams };

  app.get(
    '/v1/users/:userId',
    {
      schema: {
        ...base,
        summary: 'Read the user',
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => toUser(await findUser(ctx, getDevice(request).userId), tokenId),
  );

  app.get(
    '/v1/users/:userId/devices/current',
    {
      schema: {
        ...base,
        summary: 'Read the device that signed the request',
        response: { 200: deviceSchema, ...errorResponses },
      },
    },
    async (request) => toDevice(getDevice(request).device),
  );

  app.get(
    '/v1/users/:userId/salt',
    {
      schema: {
        ...base,
        summary: "The user's scrypt salt for the PIN-derived recovery owner",
        response: {
          200: {
            type: 'object',
            properties: { user_id: { type: 'string' }, scrypt_salt: { type: 'string' } },
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<Salt> => {
      const user = await findUser(ctx, getDevice(request).userId);
      return { user_id: user.id, scrypt_salt: user.scrypt_salt };
    },
  );

  app.post(
    '/v1/users/:userId/activate',
    {
      schema: {
        ...base,
        summary:
          'Create the wallet on chain: Safe, recovery module, TokenHolder, first sessions',
        body: {
          type: 'object',
          properties: {
            recovery_owner_address: addressSchema,
            sessions: { type: 'array', maxItems: 5, items: sessionRequestSchema },
          },
          required: ['recovery_owner_address', 'sessions'],
          additionalProperties: false,
        },
        response: { 202: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await activateUser(ctx, getDevice(request), request.body as never);
      return reply.status(202).send(toUser(user, tokenId));
    },
  );

  app.get(
    '/v1/users/:userId/device-manager',
    {
      schema: {
        ...base,
        summary: "The user's Safe: address, next nonce, owners",
        response: {
          200: {
            type: 'object',
            properties: {
              user_id: { type: 'string' },
              address: { type: 'string' },
              nonce: { type: 'string' },
              owners: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<DeviceManager> => {
      const user = assertActivated(await findUser(ctx, getDevice(request).userId));
      const safe = user.device_manager_address as Address;
      const [nonce, owners] = await Promise.all([
        getNextSafeNonce(ctx, safe),
        ctx.publicClient.readContract({
          address: safe,
          abi: safeAbi,
          functionName: 'getOwners',
        }),
      ]);
      return {
        user_id: user.id,
        address: safe,
        nonce: nonce.toString(),
        owners: [...owners],
      };
    },
  );

  app.get(
    '/v1/users/:userId/token-holder',
    {
      schema: {
        ...base,
        summary: "The user's TokenHolder and its logout status",
        response: { 200: tokenHolderSchema, ...errorResponses },
      },
    },
    async (request): Promise<TokenHolder> => {
      const user = assertActivated(await findUser(ctx, getDevice(request).userId));
      return {
        user_id: user.id,
        address: user.token_holder_address as Address,
        status: (user.token_holder_status ?? 'ACTIVE') as TokenHolder['status'],
        updated_at: user.updated_at,
      };
    },
  );

  app.get(
    '/v1/users/:userId/balance',
    {
      schema: {
        ...base,
        summary: "The TokenHolder's balance and the debit not yet mined",
        response: {
          200: {
            type: 'object',
            properties: {
              user_id: { type: 'string' },
              token_holder_address: { type: 'string' },
              available_balance: { type: 'string' },
              unsettled_debit: { type: 'string' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<Balance> => {
      const user = await findUser(ctx, getDevice(request).userId);
      if (!user.token_holder_address) throw notActivated(user);
      const holder = user.token_holder_address as Address;
      const [balance, pending] = await Promise.all([
        ctx.publicClient.readContract({
          address: ctx.economy.token.address,
          abi: tokenAbi,
          functionName: 'balanceOf',
          args: [holder],
        }),
        ctx.db
          .selectFrom('transactions')
          .select('total_amount')
          .where('user_id', '=', user.id)
          .where('status', 'in', ['CREATED', 'SUBMITTED'])
          .execute(),
      ]);
      const unsettled = pending.reduce((sum, r) => sum + BigInt(r.total_amount), 0n);
      return {
        user_id: user.id,
        token_holder_address: holder,
        available_balance: balance.toString(),
        unsettled_debit: unsettled.toString(),
      };
    },
  );
}

/**
 * @throws {OstWalletError} `USER_NOT_ACTIVATED` unless the wallet exists on chain
 */
export function assertActivated(user: UserRow): UserRow {
  if (user.status !== 'ACTIVATED') throw notActivated(user);
  return user;
}

function notActivated(user: UserRow): OstWalletError {
  return new OstWalletError('USER_NOT_ACTIVATED', `user ${user.id} is ${user.status}`, {
    details: { user_id: user.id, status: user.status },
  });
}
