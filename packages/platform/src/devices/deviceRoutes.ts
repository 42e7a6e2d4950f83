/** Device API: authorize the requesting device as another owner of the user's Safe. */
import type { FastifyInstance } from 'fastify';
import { deviceSecurity, getDevice, useDeviceAuth } from '../auth/deviceAuth.ts';
import type { PlatformContext } from '../context.ts';
import { toDevice } from '../internal/toEntities.ts';
import {
  addressSchema,
  deviceSchema,
  errorResponses,
  signedSafeTxSchema,
  userIdParams,
} from '../schemas.ts';
import { authorizeDevice } from './authorizeDevice.ts';

/**
 * Registers the device route that authorizes a second device of a user.
 * @param app - the plugin scope
 * @param ctx - the platform context
 */
export async function deviceRoutes(app: FastifyInstance, ctx: PlatformContext) {
  useDeviceAuth(app, ctx);

  app.post(
    '/v1/users/:userId/devices/authorize',
    {
      schema: {
        tags: ['device'],
        security: deviceSecurity,
        summary:
          "Add the requesting device as an owner of the user's Safe (AUTHORIZING, then AUTHORIZED)",
        params: userIdParams,
        body: {
          type: 'object',
          properties: { device_address: addressSchema, safe_tx: signedSafeTxSchema },
          required: ['device_address', 'safe_tx'],
          additionalProperties: false,
        },
        response: { 202: deviceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await authorizeDevice(ctx, getDevice(request), request.body as never);
      return reply.status(202).send(toDevice(row));
    },
  );
}
