import { isErrorCode, OstWalletError } from '@ost-wallet/errors';
import type { Address } from 'viem';
import type { Device, ErrorBody, Funding, Page, User } from './entities.ts';
import { headers } from './headers.ts';
import type { RegisterDeviceBody } from './requests.ts';
import { routes } from './routes.ts';
import { signPartnerRequest } from './signPartnerRequest.ts';

/** Options of {@link createPartnerClient}. */
export type PartnerClientOptions = {
  /** Base URL of the platform, e.g. http://127.0.0.1:8787 */
  platformUrl: string;
  apiKey: string;
  /** Never sent; only signs. */
  apiSecret: string;
  /** A fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
};

/** The app server's client of the partner API. */
export type PartnerClient = {
  /** Creates a user (status CREATED). */
  createUser(): Promise<User>;
  getUser(userId: string): Promise<User>;
  /** Lists users, newest first. */
  listUsers(options?: { limit?: number; cursor?: string }): Promise<Page<'users', User>>;
  /** Registers a device (REGISTERED): its owner address and its separate API-signer address. */
  registerDevice(userId: string, device: RegisterDeviceBody): Promise<Device>;
  /** Sends `amount` (token smallest unit) from the treasury to the user's TokenHolder. */
  fundUser(userId: string, amount: bigint | string): Promise<Funding>;
  getFunding(userId: string, fundingId: string): Promise<Funding>;
};

/**
 * Creates a partner API client that signs each request with HMAC-SHA256 (see
 * {@link signPartnerRequest}). Works wherever `fetch` does. POSTs carry a random
 * `nonce` query parameter so two identical requests in one second sign differently.
 *
 * @param options - platform URL, API key and secret, optional fetch
 * @returns the client
 * @throws {OstWalletError} from every method: the platform's code on an error answer,
 *   `NETWORK_ERROR` when the platform cannot be reached
 * @example
 * const partner = createPartnerClient({ platformUrl, apiKey, apiSecret });
 * const user = await partner.createUser();
 * await partner.registerDevice(user.id, { address, api_signer_address });
 */
export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const base = options.platformUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const credentials = { apiKey: options.apiKey, apiSecret: options.apiSecret };

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    query: Record<string, string | undefined> = {},
  ): Promise<T> {
    if (method === 'POST') query.nonce = randomNonce();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signPartnerRequest(
      { method, path, query, ...(body === undefined ? {} : { body }), timestamp },
      credentials,
    );
    const search = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    let response: Response;
    try {
      response = await doFetch(`${base}${path}${search ? `?${search}` : ''}`, {
        method,
        headers: {
          [headers.apiKey]: options.apiKey,
          [headers.timestamp]: String(timestamp),
          [headers.signature]: signature,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new OstWalletError('NETWORK_ERROR', `cannot reach the platform at ${base}`, {
        cause,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const err = json as Partial<ErrorBody> | undefined;
      const code = isErrorCode(err?.code) ? err.code : 'INTERNAL_ERROR';
      throw new OstWalletError(
        code,
        err?.message ?? `platform answered ${response.status}`,
        {
          details: {
            ...(err?.details ?? {}),
            status: response.status,
            ...(err?.request_id ? { request_id: err.request_id } : {}),
          },
        },
      );
    }
    return json as T;
  }

  return {
    createUser: () => call<User>('POST', routes.partnerUsers, {}),
    getUser: (userId) => call<User>('GET', routes.partnerUser(userId)),
    listUsers: (page = {}) =>
      call<Page<'users', User>>('GET', routes.partnerUsers, undefined, {
        limit: page.limit === undefined ? undefined : String(page.limit),
        cursor: page.cursor,
      }),
    registerDevice: (userId, device) =>
      call<Device>('POST', routes.partnerDevices(userId), {
        address: device.address as Address,
        api_signer_address: device.api_signer_address as Address,
      }),
    fundUser: (userId, amount) =>
      call<Funding>('POST', routes.partnerFund(userId), { amount: amount.toString() }),
    getFunding: (userId, fundingId) =>
      call<Funding>('GET', routes.partnerFunding(userId, fundingId)),
  };
}

function randomNonce(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
