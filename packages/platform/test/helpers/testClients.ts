/**
 * Signed clients for tests: a partner and devices, over `app.inject` or real HTTP.
 * Requests are signed exactly as the protocol says; helpers sign Safe transactions and
 * ExecuteRule messages with viem accounts through the contracts' typed-data helpers.
 */
import {
  encodeAuthorizeSession,
  encodeDirectTransfers,
  encodeLogout,
  encodeRevokeSession,
  getExecuteRuleTypedData,
  getSafeTxTypedData,
} from '@ost-wallet/contracts';
import {
  headers,
  type SignedSafeTx,
  signDeviceRequest,
  signPartnerRequest,
} from '@ost-wallet/protocol';
import type { FastifyInstance } from 'fastify';
import type { Address, Hex, LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

// biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field
export type Answer<T = any> = { status: number; body: T };

/** Where requests go: an in-process app or a base URL. */
export type Target = FastifyInstance | string;

export type RequestInit = {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
};

/** Sends a request with the given headers (already signed) and parses the JSON answer. */
export async function send(
  target: Target,
  method: 'GET' | 'POST',
  path: string,
  init: RequestInit = {},
): Promise<Answer> {
  const search = new URLSearchParams(init.query ?? {}).toString();
  const url = `${path}${search ? `?${search}` : ''}`;
  const hdrs: Record<string, string> = { ...(init.headers ?? {}) };
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  if (payload !== undefined) hdrs['content-type'] = 'application/json';
  if (typeof target === 'string') {
    const res = await fetch(`${target}${url}`, {
      method,
      headers: hdrs,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const res = await target.inject({
    method,
    url,
    headers: hdrs,
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

/** A partner client over inject or HTTP. */
export function partnerClient(
  target: Target,
  creds: { apiKey: string; apiSecret: string },
) {
  let counter = 0;
  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    extra: { timestamp?: number; query?: Record<string, string> } = {},
  ) => {
    const query = { ...(extra.query ?? {}) };
    if (method === 'POST' && !query.nonce) query.nonce = `n${Date.now()}-${counter++}`;
    const timestamp = extra.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = signPartnerRequest(
      { method, path, query, ...(body === undefined ? {} : { body }), timestamp },
      creds,
    );
    return send(target, method, path, {
      query,
      body,
      headers: {
        [headers.apiKey]: creds.apiKey,
        [headers.timestamp]: String(timestamp),
        [headers.signature]: signature,
      },
    });
  };
  return {
    request,
    createUser: () => request('POST', '/v1/partner/users', {}),
    registerDevice: (userId: string, device: TestDevice) =>
      request('POST', `/v1/partner/users/${userId}/devices`, {
        address: device.owner.address,
        api_signer_address: device.apiSigner.address,
      }),
    fund: (userId: string, amount: string) =>
      request('POST', `/v1/partner/users/${userId}/fund`, { amount }),
  };
}

/** A device: its owner key (Safe owner) and its separate API-signer key. */
export type TestDevice = { owner: LocalAccount; apiSigner: LocalAccount; userId: string };

export function newDevice(userId: string): TestDevice {
  return {
    owner: privateKeyToAccount(generatePrivateKey()),
    apiSigner: privateKeyToAccount(generatePrivateKey()),
    userId,
  };
}

export function newKey(): LocalAccount {
  return privateKeyToAccount(generatePrivateKey());
}

/** A device client: signs each request with the device's API-signer key. */
export function deviceClient(target: Target, device: TestDevice) {
  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    extra: { timestamp?: number; query?: Record<string, string>; userId?: string } = {},
  ) => {
    const query = extra.query ?? {};
    const timestamp = extra.timestamp ?? Math.floor(Date.now() / 1000);
    const userId = extra.userId ?? device.userId;
    const signature = await signDeviceRequest(
      { method, path, query, ...(body === undefined ? {} : { body }), timestamp },
      { userId, deviceAddress: device.owner.address, apiSigner: device.apiSigner },
    );
    return send(target, method, path, {
      query,
      body,
      headers: {
        [headers.userId]: userId,
        [headers.device]: device.owner.address,
        [headers.timestamp]: String(timestamp),
        [headers.signature]: signature,
      },
    });
  };
  const u = `/v1/users/${device.userId}`;
  return {
    request,
    get: (path: string, query?: Record<string, string>) =>
      request('GET', path, undefined, query ? { query } : {}),
    user: () => request('GET', u),
    session: (address: Address) => request('GET', `${u}/sessions/${address}`),
    transaction: (id: string) => request('GET', `${u}/transactions/${id}`),
    deviceManager: () => request('GET', `${u}/device-manager`),
    activate: (body: unknown) => request('POST', `${u}/activate`, body),
    authorize: (body: unknown) => request('POST', `${u}/sessions`, body),
    revoke: (address: Address, body: unknown) =>
      request('POST', `${u}/sessions/${address}/revoke`, body),
    logout: (body: unknown) => request('POST', `${u}/logout`, body),
    execute: (body: unknown) => request('POST', `${u}/transactions`, body),
  };
}

/** Signs a Safe transaction with a device owner key. */
export async function signSafeTx(
  owner: LocalAccount,
  p: { chainId: number; safe: Address; to: Address; data: Hex; nonce: bigint },
): Promise<SignedSafeTx> {
  const signature = await owner.signTypedData(getSafeTxTypedData(p));
  return {
    to: p.to,
    value: '0',
    data: p.data,
    operation: 0,
    nonce: p.nonce.toString(),
    signature,
  };
}

export async function authorizeBody(
  owner: LocalAccount,
  p: {
    chainId: number;
    safe: Address;
    tokenHolder: Address;
    nonce: bigint;
    session: Address;
    spendingLimit: bigint;
    expiresAt: number;
  },
) {
  const data = encodeAuthorizeSession({
    sessionKey: p.session,
    spendingLimit: p.spendingLimit,
    expiresAt: BigInt(p.expiresAt),
  });
  return {
    address: p.session,
    spending_limit: p.spendingLimit.toString(),
    expires_at: p.expiresAt,
    safe_tx: await signSafeTx(owner, {
      chainId: p.chainId,
      safe: p.safe,
      to: p.tokenHolder,
      data,
      nonce: p.nonce,
    }),
  };
}

export async function revokeBody(
  owner: LocalAccount,
  p: {
    chainId: number;
    safe: Address;
    tokenHolder: Address;
    nonce: bigint;
    session: Address;
  },
) {
  return {
    safe_tx: await signSafeTx(owner, {
      chainId: p.chainId,
      safe: p.safe,
      to: p.tokenHolder,
      data: encodeRevokeSession(p.session),
      nonce: p.nonce,
    }),
  };
}

export async function logoutBody(
  owner: LocalAccount,
  p: { chainId: number; safe: Address; tokenHolder: Address; nonce: bigint },
) {
  return {
    safe_tx: await signSafeTx(owner, {
      chainId: p.chainId,
      safe: p.safe,
      to: p.tokenHolder,
      data: encodeLogout(),
      nonce: p.nonce,
    }),
  };
}

export async function executeBody(
  session: LocalAccount,
  p: {
    chainId: number;
    tokenHolder: Address;
    tokenRules: Address;
    nonce: bigint;
    transfers: { to: Address; amount: bigint }[];
  },
) {
  const data = encodeDirectTransfers({
    to: p.transfers.map((t) => t.to),
    amounts: p.transfers.map((t) => t.amount),
  });
  const signature = await session.signTypedData(
    getExecuteRuleTypedData({
      chainId: p.chainId,
      tokenHolder: p.tokenHolder,
      to: p.tokenRules,
      data,
      nonce: p.nonce,
    }),
  );
  return {
    session_address: session.address,
    rule_name: 'direct transfer',
    transfers: p.transfers.map((t) => ({ to: t.to, amount: t.amount.toString() })),
    data,
    nonce: p.nonce.toString(),
    signature,
  };
}

/** Polls `fn` until `done` holds for its answer. */
export async function waitFor<T>(
  fn: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out; last value ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Other encodings of the same ECDSA signature that still recover to the same signer:
 * v as 0/1 instead of 27/28, and the high-s twin (n − s, parity flipped).
 */
export function reencodedSignatures(signature: Hex): { lowV: Hex; highS: Hex } {
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return {
    lowV: `0x${r}${signature.slice(66, 130)}${hex(v - 27)}`,
    highS: `0x${r}${(SECP256K1_N - s).toString(16).padStart(64, '0')}${hex(v === 27 ? 28 : 27)}`,
  };
}
