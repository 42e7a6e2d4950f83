import { headers, recoverDeviceRequestSigner, routes } from '@ost-wallet/protocol';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { toSafeLogger } from '../utils/logger.ts';
import { createApiClient } from './createApiClient.ts';

// anvil's third test key: public, never for real funds.
const apiSigner = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
);
const device = {
  userId: 'u1',
  deviceAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const,
  apiSigner,
};
const logger = toSafeLogger(undefined);

function client(
  respond: (url: string, init: RequestInit) => Response | Promise<Response>,
) {
  const seen: { url: string; init: RequestInit }[] = [];
  const api = createApiClient({
    platformUrl: 'http://platform.test/',
    logger,
    fetch: async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      return respond(String(url), init ?? {});
    },
  });
  return { api, seen };
}

describe('createApiClient', () => {
  it('signs each request with the API-signer key over the canonical request', async () => {
    const { api, seen } = client(() => Response.json({ ok: true }));
    const body = { safe_tx: { nonce: '1' }, address: '0xabc' };
    await api.request(device, { method: 'POST', path: routes.sessions('u1'), body });
    const { url, init } = seen[0]!;
    expect(url).toBe('http://platform.test/v1/users/u1/sessions');
    const h = init.headers as Record<string, string>;
    expect(h[headers.userId]).toBe('u1');
    expect(h[headers.device]).toBe(device.deviceAddress);
    const timestamp = Number(h[headers.timestamp]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    const signer = await recoverDeviceRequestSigner(
      {
        method: 'POST',
        path: routes.sessions('u1'),
        body: JSON.parse(init.body as string),
        timestamp,
      },
      device,
      h[headers.signature] as `0x${string}`,
    );
    expect(signer).toBe(apiSigner.address);
  });

  it('turns an ErrorBody into a WalletSdkError with the same code', async () => {
    const { api } = client(() =>
      Response.json(
        {
          code: 'STALE_SAFE_NONCE',
          message: 'nonce 3 is taken',
          details: { nonce: '3' },
          request_id: 'r1',
        },
        { status: 409 },
      ),
    );
    const error = await api
      .request(device, { method: 'GET', path: routes.chain })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletSdkError);
    expect(error).toMatchObject({
      code: 'STALE_SAFE_NONCE',
      shortMessage: 'nonce 3 is taken',
      details: { nonce: '3', status: 409, requestId: 'r1' },
    });
  });

  it('keeps an unknown platform code in details, and maps non-JSON failures by status', async () => {
    const unknown = client(() =>
      Response.json({ code: 'WEIRD', message: 'x', details: {} }, { status: 400 }),
    );
    await expect(
      unknown.api.request(device, { method: 'GET', path: routes.chain }),
    ).rejects.toMatchObject({
      code: 'INTERNAL_ERROR',
      details: { platformCode: 'WEIRD' },
    });
    const html = client(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(
      html.api.request(device, { method: 'GET', path: routes.chain }),
    ).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
  });

  it('reports an unreachable platform as NETWORK_ERROR', async () => {
    const { api } = client(() => {
      throw new TypeError('fetch failed');
    });
    await expect(
      api.request(device, { method: 'GET', path: routes.chain }),
    ).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
  });

  it('rejects with the abort reason when the request is aborted', async () => {
    const controller = new AbortController();
    const reason = new WalletSdkError('WORKFLOW_CANCELLED', 'cancelled');
    const { api } = client(() => {
      controller.abort(reason);
      throw new DOMException('aborted', 'AbortError');
    });
    await expect(
      api.request(device, {
        method: 'GET',
        path: routes.chain,
        signal: controller.signal,
      }),
    ).rejects.toBe(reason);
  });
});
