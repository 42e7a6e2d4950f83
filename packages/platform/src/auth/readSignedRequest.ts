import { OstWalletError } from '@ost-wallet/errors';
import {
  headers,
  REQUEST_WINDOW_SECONDS,
  type RequestToSign,
} from '@ost-wallet/protocol';
import type { FastifyRequest } from 'fastify';
import { nowSeconds } from '../context.ts';

/** The parts of a request both signature kinds cover, read from the wire. */
export type SignedRequest = {
  toSign: Omit<RequestToSign, 'identity'>;
  signature: string;
  timestamp: number;
};

/**
 * Reads the signature headers and the canonical parts of a request, and refuses a
 * timestamp outside the window.
 * @throws {OstWalletError} `UNAUTHORIZED` when headers are missing, `REQUEST_EXPIRED`
 *   when the timestamp is more than 100 s away from the server clock
 */
export function readSignedRequest(request: FastifyRequest): SignedRequest {
  const signature = header(request, headers.signature);
  const rawTimestamp = header(request, headers.timestamp);
  if (!/^[0-9]{1,12}$/.test(rawTimestamp)) {
    throw new OstWalletError(
      'UNAUTHORIZED',
      `${headers.timestamp} must be unix seconds`,
      {
        details: { header: headers.timestamp },
      },
    );
  }
  const timestamp = Number(rawTimestamp);
  const skew = Math.abs(nowSeconds() - timestamp);
  if (skew > REQUEST_WINDOW_SECONDS) {
    throw new OstWalletError(
      'REQUEST_EXPIRED',
      `request timestamp is ${skew} s away from the server clock (window ${REQUEST_WINDOW_SECONDS} s)`,
      { details: { header: headers.timestamp, server_time: nowSeconds() } },
    );
  }

  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    (request.query ?? {}) as Record<string, unknown>,
  )) {
    if (typeof value !== 'string') {
      throw new OstWalletError('INVALID_PARAMETER', `query ${key} must appear once`, {
        details: { field: key, in: 'querystring' },
      });
    }
    query[key] = value;
  }
  const path = request.url.split('?')[0] ?? request.url;
  const toSign: Omit<RequestToSign, 'identity'> = {
    method: request.method,
    path,
    query,
    timestamp,
  };
  if (request.body !== undefined && request.body !== null) toSign.body = request.body;
  return { toSign, signature, timestamp };
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new OstWalletError('UNAUTHORIZED', `missing ${name} header`, {
      details: { header: name },
    });
  }
  return value;
}
