/** Device API: list, read, authorize and revoke sessions; log out every session. */
import { OstWalletError } from '@ost-wallet/errors';
import type { Session, SessionStatus, TokenHolder } from '@ost-wallet/protocol';
import type { FastifyInstance } from 'fastify';
import { type Address, getAddress } from 'viem';
import { deviceSecurity, getDevice, useDeviceAuth } from '../auth/deviceAuth.ts';
import type { PlatformContext } from '../context.ts';
import type { SessionRow } from '../db/schema.ts';
import { selectPage } from '../internal/selectPage.ts';
import { toSession } from '../internal/toEntities.ts';
import {
  addressSchema,
  errorResponses,
  pageQueryProperties,
  pageSchema,
  sessionRequestProperties,
  sessionSchema,
  signedSafeTxSchema,
  tokenHolderSchema,
  userIdParams,
} from '../schemas.ts';
import { authorizeSession } from './authorizeSession.ts';
import { loadSessionNonces } from './loadSessionNonces.ts';
import { logout, revokeSession } from './revokeSession.ts';

const sessionStatuses: SessionStatus[] = [
  'INITIALIZING',
  'AUTHORIZED',
  'REVOKING',
  'REVOKED',
  'LOGGED_OUT',
  'FAILED',
];

const sessionParams = {
  type: 'object',
  properties: { userId: userIdParams.properties.userId, address: addressSchema },
  required: ['userId', 'address'],
  additionalProperties: false,
} as const;

/**
 * Registers the device routes to list, read, authorize and revoke sessions and to
 * log out every session.
 * @param app - the plugin scope
 * @param ctx - the platform context
 */
export async function sessionRoutes(app: FastifyInstance, ctx: PlatformContext) {
  useDeviceAuth(app, ctx);
  const base = { tags: ['device'], security: deviceSecurity };

  const toEntities = async (rows: SessionRow[]): Promise<Session[]> => {
    const nonces = await loadSessionNonces(ctx.db, rows);
    return rows.map((r) => ({
      ...toSession(r),
      nonce: (nonces.get(r.address) ?? BigInt(r.nonce)).toString(),
    }));
  };

  app.get(
    '/v1/users/:userId/sessions',
    {
      schema: {
        ...base,
        summary: "The user's sessions, newest first, optionally by status",
        params: userIdParams,
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: sessionStatuses },
            ...pageQueryProperties,
          },
          additionalProperties: false,
        },
        response: {
          200: pageSchema('sessions', sessionSchema),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { userId } = getDevice(request);
      const query = request.query as { status?: string; limit?: string; cursor?: string };
      const limit = Number(query.limit ?? 25);
      let q = ctx.db.selectFrom('sessions').selectAll().where('user_id', '=', userId);
      if (query.status) q = q.where('status', '=', query.status);
      const { page, next_cursor } = await selectPage(q, 'address', query.cursor, limit);
      return { sessions: await toEntities(page), next_cursor };
    },
  );

  app.get(
    '/v1/users/:userId/sessions/:address',
    {
      schema: {
        ...base,
        summary: 'Read one session',
        params: sessionParams,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = getDevice(request);
      const { address } = request.params as { address: string };
      const row = await ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('address', '=', getAddress(address))
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) {
        throw new OstWalletError('SESSION_NOT_FOUND', `no session ${address}`, {
          details: { address },
        });
      }
      const [entity] = await toEntities([row]);
      return entity;
    },
  );

  app.post(
    '/v1/users/:userId/sessions',
    {
      schema: {
        ...base,
        summary:
          'Authorize a session key through the Safe (INITIALIZING, then AUTHORIZED)',
        params: userIdParams,
        body: {
          type: 'object',
          properties: { ...sessionRequestProperties, safe_tx: signedSafeTxSchema },
          required: ['address', 'spending_limit', 'expires_at', 'safe_tx'],
          additionalProperties: false,
        },
        response: { 202: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await authorizeSession(ctx, getDevice(request), request.body as never);
      return reply.status(202).send(toSession(row));
    },
  );

  app.post(
    '/v1/users/:userId/sessions/:address/revoke',
    {
      schema: {
        ...base,
        summary: 'Revoke one session through the Safe (REVOKING, then REVOKED)',
        params: sessionParams,
        body: {
          type: 'object',
          properties: { safe_tx: signedSafeTxSchema },
          required: ['safe_tx'],
          additionalProperties: false,
        },
        response: { 202: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { address } = request.params as { address: string };
      const row = await revokeSession(
        ctx,
        getDevice(request),
        address,
        request.body as never,
      );
      const [entity] = await toEntities([row]);
      return reply.status(202).send(entity);
    },
  );

  app.post(
    '/v1/users/:userId/logout',
    {
      schema: {
        ...base,
        summary:
          'End every session through the Safe (token holder LOGGING_OUT, then LOGGED_OUT)',
        params: userIdParams,
        body: {
          type: 'object',
          properties: { safe_tx: signedSafeTxSchema },
          required: ['safe_tx'],
          additionalProperties: false,
        },
        response: { 202: tokenHolderSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await logout(ctx, getDevice(request), request.body as never);
      const entity: TokenHolder = {
        user_id: user.id,
        address: user.token_holder_address as Address,
        status: 'LOGGING_OUT',
        updated_at: user.updated_at,
      };
      return reply.status(202).send(entity);
    },
  );
}
