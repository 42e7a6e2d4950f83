/** Device API: execute a session-signed transaction; read and list transactions. */
import { OstWalletError } from '@ost-wallet/errors';
import type { FastifyInstance } from 'fastify';
import { deviceSecurity, getDevice, useDeviceAuth } from '../auth/deviceAuth.ts';
import type { PlatformContext } from '../context.ts';
import { selectPage } from '../internal/selectPage.ts';
import { toTransaction } from '../internal/toEntities.ts';
import {
  addressSchema,
  errorResponses,
  hexSchema,
  pageQueryProperties,
  pageSchema,
  signatureSchema,
  transactionSchema,
  uintStringSchema,
  userIdParams,
} from '../schemas.ts';
import { executeTransaction } from './executeTransaction.ts';

/**
 * Registers the device routes to execute, read and list transactions.
 * @param app - the plugin scope
 * @param ctx - the platform context
 */
export async function transactionRoutes(app: FastifyInstance, ctx: PlatformContext) {
  useDeviceAuth(app, ctx);
  const base = { tags: ['device'], security: deviceSecurity };

  app.post(
    '/v1/users/:userId/transactions',
    {
      schema: {
        ...base,
        summary: 'Execute a direct transfer signed by a session key',
        params: userIdParams,
        body: {
          type: 'object',
          properties: {
            session_address: addressSchema,
            rule_name: { type: 'string', enum: ['direct transfer'] },
            transfers: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              items: {
                type: 'object',
                properties: { to: addressSchema, amount: uintStringSchema },
                required: ['to', 'amount'],
                additionalProperties: false,
              },
            },
            data: hexSchema,
            nonce: uintStringSchema,
            signature: signatureSchema,
            meta: {
              type: 'object',
              properties: {
                name: { type: 'string', maxLength: 25 },
                type: { type: 'string', maxLength: 32 },
                details: { type: 'string', maxLength: 125 },
              },
              additionalProperties: false,
            },
          },
          required: [
            'session_address',
            'rule_name',
            'transfers',
            'data',
            'nonce',
            'signature',
          ],
          additionalProperties: false,
        },
        response: { 202: transactionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await executeTransaction(
        ctx,
        getDevice(request),
        request.body as never,
      );
      return reply.status(202).send(toTransaction(row));
    },
  );

  app.get(
    '/v1/users/:userId/transactions',
    {
      schema: {
        ...base,
        summary: "The user's transactions, newest first",
        params: userIdParams,
        querystring: {
          type: 'object',
          properties: {
            ...pageQueryProperties,
          },
          additionalProperties: false,
        },
        response: {
          200: pageSchema('transactions', transactionSchema),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { userId } = getDevice(request);
      const query = request.query as { limit?: string; cursor?: string };
      const limit = Number(query.limit ?? 25);
      const { page, next_cursor } = await selectPage(
        ctx.db.selectFrom('transactions').selectAll().where('user_id', '=', userId),
        'id',
        query.cursor,
        limit,
      );
      return { transactions: page.map(toTransaction), next_cursor };
    },
  );

  app.get(
    '/v1/users/:userId/transactions/:transactionId',
    {
      schema: {
        ...base,
        summary: 'Read one transaction',
        params: {
          type: 'object',
          properties: {
            userId: userIdParams.properties.userId,
            transactionId: { type: 'string', maxLength: 64 },
          },
          required: ['userId', 'transactionId'],
          additionalProperties: false,
        },
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = getDevice(request);
      const { transactionId } = request.params as { transactionId: string };
      const row = await ctx.db
        .selectFrom('transactions')
        .selectAll()
        .where('id', '=', transactionId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) {
        throw new OstWalletError(
          'TRANSACTION_NOT_FOUND',
          `no transaction ${transactionId}`,
          {
            details: { transaction_id: transactionId },
          },
        );
      }
      return toTransaction(row);
    },
  );
}
