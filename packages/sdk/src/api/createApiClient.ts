import { headers, signDeviceRequest } from '@ost-wallet/protocol';
import type { Address, LocalAccount } from 'viem';
import { fromErrorBody } from '../errors/toWalletSdkError.ts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import type { SafeLogger } from '../utils/logger.ts';

/** The identity a device request is signed with. */
export type DeviceCredentials = {
  userId: string;
  /** The device owner key's address. */
  deviceAddress: Address;
  /** The device's API-signer key (not the owner key). */
  apiSigner: LocalAccount;
};

/** One request to the platform's device API. */
export type ApiRequest = {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
};

/** A client of the platform's device API: every request signed by the device. */
export type ApiClient = {
  request<T>(device: DeviceCredentials, request: ApiRequest): Promise<T>;
};

/** Options of {@link createApiClient}. */
export type ApiClientOptions = {
  /** The platform's base URL, e.g. `http://127.0.0.1:8080`. */
  platformUrl: string;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @internal */
  logger: SafeLogger;
};

/**
 * Creates the signed client of the platform's device API. Each request carries
 * `ost-user-id`, `ost-device-address`, `ost-timestamp` (unix seconds) and
 * `ost-signature` (EIP-191 by the API-signer key over the canonical request).
 * Error answers (`ErrorBody`) become {@link WalletSdkError}s with the same code.
 *
 * @param options - platform URL, optional fetch
 * @returns the client
 * @throws {WalletSdkError} (from `request`) the platform's code, or `NETWORK_ERROR`
 *   when the platform cannot be reached
 * @example const api = createApiClient({ platformUrl, logger: toSafeLogger(undefined) });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.platformUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const { logger } = options;

  return {
    async request<T>(device: DeviceCredentials, req: ApiRequest): Promise<T> {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = await signDeviceRequest(
        {
          method: req.method,
          path: req.path,
          ...optional('query', req.query),
          ...optional('body', req.body),
          timestamp,
        },
        device,
      );
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query ?? {}))
        if (v !== undefined) search.append(k, String(v));
      const qs = search.toString();
      const url = `${base}${req.path}${qs ? `?${qs}` : ''}`;
      const init: RequestInit = {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          [headers.userId]: device.userId,
          [headers.device]: device.deviceAddress,
          [headers.timestamp]: String(timestamp),
          [headers.signature]: signature,
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        ...(req.signal ? { signal: req.signal } : {}),
      };

      let response: Response;
      try {
        response = await doFetch(url, init);
      } catch (cause) {
        if (req.signal?.aborted) throw req.signal.reason;
        throw new WalletSdkError(
          'NETWORK_ERROR',
          `cannot reach the platform at ${base}`,
          {
            cause,
            details: { method: req.method, path: req.path },
          },
        );
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      logger.debug('platform answered', {
        method: req.method,
        path: req.path,
        status: response.status,
      });
      if (!response.ok) throw fromErrorBody(response.status, json);
      return json as T;
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
