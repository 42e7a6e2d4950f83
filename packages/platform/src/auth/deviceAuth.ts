import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../context.ts';
import { type AuthenticatedDevice, verifyDeviceRequest } from './verifyDeviceRequest.ts';

const devices = new WeakMap<FastifyRequest, AuthenticatedDevice>();

/**
 * Requires a device signature on every route of this plugin scope.
 */
export function useDeviceAuth(app: FastifyInstance, ctx: PlatformContext): void {
  app.addHook('preValidation', async (request) => {
    devices.set(request, await verifyDeviceRequest(ctx, request));
  });
}

/** The device that signed this request (set by {@link useDeviceAuth}). */
export function getDevice(request: FastifyRequest): AuthenticatedDevice {
  const auth = devices.get(request);
  if (!auth) throw new Error('route is missing device authentication');
  return auth;
}

/** OpenAPI security requirement of device routes. */
export const deviceSecurity = [{ deviceSignature: [] }];
