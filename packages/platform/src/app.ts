/**
 * The HTTP application: fastify with strict JSON-schema validation (no coercion, no
 * silent stripping of unknown fields), a request id on every log line and error body,
 * the OpenAPI document, and one plugin per route group.
 */
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
} from 'fastify';
import { chainRoutes } from './chain/chainRoutes.ts';
import type { PlatformContext } from './context.ts';
import { deviceRoutes } from './devices/deviceRoutes.ts';
import { installErrorHandlers } from './errors.ts';
import { partnerRoutes } from './partner/partnerRoutes.ts';
import { sessionRoutes } from './sessions/sessionRoutes.ts';
import { transactionRoutes } from './transactions/transactionRoutes.ts';
import { userRoutes } from './users/userRoutes.ts';

/**
 * Builds the fastify app of one platform instance (not listening).
 * @param ctx - the shared platform context
 * @returns the ready fastify instance
 */
export async function createApp(ctx: PlatformContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
      },
    },
  });
  installErrorHandlers(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ost-wallet platform API',
        version: '0.1.0',
        description:
          'Partner API (HMAC-SHA256 with the API secret) and device API (EIP-191 signature by the device API-signer key) over the canonical request of @ost-wallet/protocol.',
      },
      components: {
        securitySchemes: {
          partnerHmac: { type: 'apiKey', in: 'header', name: 'ost-signature' },
          deviceSignature: { type: 'apiKey', in: 'header', name: 'ost-signature' },
        },
      },
    },
  });

  await app.register(async (scope) => partnerRoutes(scope, ctx));
  await app.register(async (scope) => chainRoutes(scope, ctx));
  await app.register(async (scope) => userRoutes(scope, ctx));
  await app.register(async (scope) => deviceRoutes(scope, ctx));
  await app.register(async (scope) => sessionRoutes(scope, ctx));
  await app.register(async (scope) => transactionRoutes(scope, ctx));

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}
