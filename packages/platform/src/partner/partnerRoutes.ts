/** Partner API: the app's own server creates users, registers devices and funds. */
import { randomBytes, randomUUID } from 'node:crypto';
import { tokenAbi } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { FastifyInstance } from 'fastify';
import { type Address, encodeFunctionData, getAddress } from 'viem';
import { verifyPartnerRequest } from '../auth/verifyPartnerRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import { selectPage } from '../internal/selectPage.ts';
import { toDevice, toFunding, toUser } from '../internal/toEntities.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import {
  addressSchema,
  deviceSchema,
  errorResponses,
  fundingSchema,
  pageQueryProperties,
  pageSchema,
  uintStringSchema,
  userIdParams,
  userSchema,
} from '../schemas.ts';
import { findUser } from '../users/findUser.ts';

const partnerQuery = {
  type: 'object',
  properties: {
    nonce: {
      type: 'string',
      maxLength: 64,
      description: 'optional, makes a signature unique',
    },
  },
  additionalProperties: false,
} as const;

const security = [{ partnerHmac: [] }];

/**
 * Registers the partner routes (HMAC-signed with the API key and secret).
 */
export async function partnerRoutes(app: FastifyInstance, ctx: PlatformContext) {
  app.addHook('preValidation', async (request) => {
    await verifyPartnerRequest(ctx, request);
  });
  const tokenId = ctx.economy.token.address;

  app.post(
    '/v1/partner/users',
    {
      schema: {
        tags: ['partner'],
        summary: 'Create a user (CREATED) with a fresh scrypt salt',
        security,
        querystring: partnerQuery,
        body: { type: 'object', properties: {}, additionalProperties: false },
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const now = nowSeconds();
      const row = {
        id: randomUUID(),
        status: 'CREATED',
        scrypt_salt: randomBytes(32).toString('hex'),
        device_manager_address: null,
        token_holder_address: null,
        recovery_module_address: null,
        recovery_owner_address: null,
        token_holder_status: null,
        failure_reason: null,
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('users').values(row).execute();
      return reply.status(201).send(toUser(row, tokenId));
    },
  );

  app.get(
    '/v1/partner/users',
    {
      schema: {
        tags: ['partner'],
        summary: 'List users, newest first',
        security,
        querystring: {
          type: 'object',
          properties: {
            ...pageQueryProperties,
          },
          additionalProperties: false,
        },
        response: {
          200: pageSchema('users', userSchema),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query as { limit?: string; cursor?: string };
      const limit = Math.min(Number(query.limit ?? 25), 100);
      const { page, next_cursor } = await selectPage(
        ctx.db.selectFrom('users').selectAll(),
        'id',
        query.cursor,
        limit,
      );
      return { users: page.map((r) => toUser(r, tokenId)), next_cursor };
    },
  );

  app.get(
    '/v1/partner/users/:userId',
    {
      schema: {
        tags: ['partner'],
        summary: 'Read a user',
        security,
        params: userIdParams,
        querystring: partnerQuery,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = request.params as { userId: string };
      return toUser(await findUser(ctx, userId), tokenId);
    },
  );

  app.post(
    '/v1/partner/users/:userId/devices',
    {
      schema: {
        tags: ['partner'],
        summary: 'Register a device (REGISTERED) for a user',
        security,
        params: userIdParams,
        querystring: partnerQuery,
        body: {
          type: 'object',
          properties: { address: addressSchema, api_signer_address: addressSchema },
          required: ['address', 'api_signer_address'],
          additionalProperties: false,
        },
        response: { 201: deviceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId } = request.params as { userId: string };
      const body = request.body as { address: string; api_signer_address: string };
      await findUser(ctx, userId);
      const address = getAddress(body.address);
      const apiSigner = getAddress(body.api_signer_address);
      if (address === apiSigner) {
        throw new OstWalletError(
          'INVALID_PARAMETER',
          'api_signer_address must be a separate key from the device address',
          { details: { field: 'api_signer_address' } },
        );
      }
      const existing = await ctx.db
        .selectFrom('devices')
        .select('address')
        .where('address', '=', address)
        .executeTakeFirst();
      if (existing) {
        throw new OstWalletError(
          'ALREADY_EXISTS',
          `device ${address} is already registered`,
          {
            details: { field: 'address', address },
          },
        );
      }
      const now = nowSeconds();
      const row = {
        address,
        user_id: userId,
        api_signer_address: apiSigner,
        status: 'REGISTERED',
        failure_reason: null,
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('devices').values(row).execute();
      return reply.status(201).send(toDevice(row));
    },
  );

  app.post(
    '/v1/partner/users/:userId/fund',
    {
      schema: {
        tags: ['partner'],
        summary:
          "Send tokens from the treasury to the user's TokenHolder (through the outbox)",
        security,
        params: userIdParams,
        querystring: partnerQuery,
        body: {
          type: 'object',
          properties: { amount: uintStringSchema },
          required: ['amount'],
          additionalProperties: false,
        },
        response: { 202: fundingSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId } = request.params as { userId: string };
      const { amount } = request.body as { amount: string };
      const value = BigInt(amount);
      if (value <= 0n || value >= 2n ** 256n) {
        throw new OstWalletError(
          'INVALID_AMOUNT',
          `amount must be a positive integer, got '${amount}'`,
          {
            details: { field: 'amount' },
          },
        );
      }
      const user = await findUser(ctx, userId);
      if (!user.token_holder_address) {
        throw new OstWalletError(
          'USER_NOT_ACTIVATED',
          'the user has no TokenHolder yet',
          {
            details: { user_id: userId, status: user.status },
          },
        );
      }
      const now = nowSeconds();
      const row = {
        id: randomUUID(),
        user_id: userId,
        token_holder_address: user.token_holder_address,
        amount: value.toString(),
        status: 'QUEUED',
        transaction_hash: null,
        failure_reason: null,
        created_at: now,
        updated_at: now,
      };
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('fundings').values(row).execute();
        await enqueue(trx, {
          kind: 'fund',
          userId,
          ref: row.id,
          to: ctx.economy.token.address,
          data: encodeFunctionData({
            abi: tokenAbi,
            functionName: 'transfer',
            args: [user.token_holder_address as Address, value],
          }),
          gas: gasLimits.fund,
        });
      });
      ctx.kickRelayer();
      return reply.status(202).send(toFunding(row));
    },
  );

  app.get(
    '/v1/partner/users/:userId/fundings/:fundingId',
    {
      schema: {
        tags: ['partner'],
        summary: 'Read a funding',
        security,
        params: {
          type: 'object',
          properties: {
            userId: { type: 'string', maxLength: 64 },
            fundingId: { type: 'string', maxLength: 64 },
          },
          required: ['userId', 'fundingId'],
          additionalProperties: false,
        },
        querystring: partnerQuery,
        response: { 200: fundingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId, fundingId } = request.params as {
        userId: string;
        fundingId: string;
      };
      const row = await ctx.db
        .selectFrom('fundings')
        .selectAll()
        .where('id', '=', fundingId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) throw new OstWalletError('NOT_FOUND', `no funding ${fundingId}`);
      return toFunding(row);
    },
  );
}
