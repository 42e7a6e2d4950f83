/** Device API: chain and token facts the SDK needs before signing anything. */
import type { Chain, Token } from '@ost-wallet/protocol';
import type { FastifyInstance } from 'fastify';
import { deviceSecurity, useDeviceAuth } from '../auth/deviceAuth.ts';
import type { PlatformContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';

/**
 * Registers `GET /v1/chain` and `GET /v1/token` (device-signed).
 * @param app - the plugin scope
 * @param ctx - the platform context
 */
export async function chainRoutes(app: FastifyInstance, ctx: PlatformContext) {
  useDeviceAuth(app, ctx);

  app.get(
    '/v1/chain',
    {
      schema: {
        tags: ['device'],
        summary: 'Chain id, latest block and the estimated chain time',
        security: deviceSecurity,
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              block_number: { type: 'integer' },
              block_timestamp: { type: 'integer' },
              time: { type: 'integer' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (): Promise<Chain> => {
      const t = await ctx.clock.now();
      return {
        id: ctx.chainId,
        block_number: t.blockNumber,
        block_timestamp: t.blockTimestamp,
        time: t.time,
      };
    },
  );

  app.get(
    '/v1/token',
    {
      schema: {
        tags: ['device'],
        summary: "The economy's token and its rules",
        security: deviceSecurity,
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              chain_id: { type: 'integer' },
              address: { type: 'string' },
              name: { type: 'string' },
              symbol: { type: 'string' },
              decimals: { type: 'integer' },
              rules: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { name: { type: 'string' }, address: { type: 'string' } },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (): Promise<Token> => {
      const { token, tokenRules } = ctx.economy;
      return {
        id: token.address,
        chain_id: ctx.chainId,
        address: token.address,
        name: token.name,
        symbol: token.symbol,
        decimals: token.decimals,
        rules: [{ name: 'direct transfer', address: tokenRules }],
      };
    },
  );
}
