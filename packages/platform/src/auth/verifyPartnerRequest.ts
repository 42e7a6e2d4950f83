import { OstWalletError } from '@ost-wallet/errors';
import { headers, verifyPartnerSignature } from '@ost-wallet/protocol';
import type { FastifyRequest } from 'fastify';
import type { PlatformContext } from '../context.ts';
import { readSignedRequest } from './readSignedRequest.ts';
import { rememberSignature } from './rememberSignature.ts';

/**
 * Authenticates a partner (app server) request: API key, fresh timestamp, HMAC-SHA256
 * with the API secret, and for POST a signature never seen before.
 * @throws {OstWalletError} `UNAUTHORIZED`, `REQUEST_EXPIRED` or `REQUEST_REPLAYED`
 */
export async function verifyPartnerRequest(
  ctx: PlatformContext,
  request: FastifyRequest,
): Promise<void> {
  const apiKey = request.headers[headers.apiKey];
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw new OstWalletError('UNAUTHORIZED', `missing ${headers.apiKey} header`, {
      details: { header: headers.apiKey },
    });
  }
  const signed = readSignedRequest(request);
  const keyMatches = constantTimeEqual(apiKey, ctx.partner.apiKey);
  const signatureOk = verifyPartnerSignature(
    signed.toSign,
    ctx.partner,
    signed.signature,
  );
  if (!keyMatches || !signatureOk) {
    throw new OstWalletError('UNAUTHORIZED', 'partner signature does not verify', {
      details: { header: headers.signature },
    });
  }
  if (request.method !== 'GET')
    await rememberSignature(ctx, signed.signature, signed.timestamp);
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return diff === 0;
}
