import { describe, expect, it, vi } from 'vitest';
import { createWalletSdk } from '../createWalletSdk.ts';
import { createMemoryStorage } from '../storage/createMemoryStorage.ts';
import type { WorkflowDelegate } from './types.ts';

function setup() {
  const storage = createMemoryStorage();
  const fetch = vi.fn(async () => new Response('{}', { status: 500 }));
  const sdk = createWalletSdk({
    platformUrl: 'http://127.0.0.1:1',
    storage,
    storagePassword: 'pw',
    fetch,
    maxExpiryAfterSecs: 86_400,
  });
  const delegate = {
    getPin: vi.fn(),
    flowComplete: vi.fn(),
    flowInterrupt: vi.fn(),
  } satisfies WorkflowDelegate;
  return { sdk, storage, fetch, delegate };
}

describe('addSession validation (before any key or request)', () => {
  const badLimits: unknown[] = [
    '',
    '0',
    '-5',
    '0.5',
    '1e21',
    ' 10',
    10,
    1e21,
    0n,
    -1n,
    1n << 256n,
  ];
  it.each(badLimits)(
    'refuses spendingLimit %s with INVALID_SESSION_SPENDING_LIMIT',
    async (limit) => {
      const { sdk, storage, fetch, delegate } = setup();
      const handle = sdk.addSession('u1', limit as string, 3600, delegate);
      expect(handle.workflowId).toMatch(/^[0-9a-f-]{36}$/);
      await expect(handle.result).rejects.toMatchObject({
        code: 'INVALID_SESSION_SPENDING_LIMIT',
      });
      expect(delegate.flowInterrupt).toHaveBeenCalledTimes(1);
      expect(delegate.flowInterrupt.mock.calls[0]?.[1]).toMatchObject({
        code: 'INVALID_SESSION_SPENDING_LIMIT',
      });
      expect(delegate.flowComplete).not.toHaveBeenCalled();
      expect(delegate.getPin).not.toHaveBeenCalled();
      expect(fetch).not.toHaveBeenCalled();
      expect(storage.snapshot()).toEqual({});
    },
  );

  it.each([0, -1, 1.5, 86_401, Number.NaN, '3600'])(
    'refuses expiryAfterSecs %s with INVALID_SESSION_EXPIRY_TIME',
    async (expiry) => {
      const { sdk, storage, fetch, delegate } = setup();
      const handle = sdk.addSession('u1', '1000', expiry as number, delegate);
      await expect(handle.result).rejects.toMatchObject({
        code: 'INVALID_SESSION_EXPIRY_TIME',
      });
      expect(delegate.flowInterrupt).toHaveBeenCalledTimes(1);
      expect(fetch).not.toHaveBeenCalled();
      expect(storage.snapshot()).toEqual({});
    },
  );

  it('does not throw synchronously; cancel after the interrupt changes nothing', async () => {
    const { sdk, delegate } = setup();
    const handle = sdk.addSession('u1', '0', 3600, delegate);
    expect(delegate.flowInterrupt).not.toHaveBeenCalled();
    await expect(handle.result).rejects.toMatchObject({
      code: 'INVALID_SESSION_SPENDING_LIMIT',
    });
    handle.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(delegate.flowInterrupt).toHaveBeenCalledTimes(1);
    expect(delegate.flowInterrupt.mock.calls[0]?.[1]).toMatchObject({
      code: 'INVALID_SESSION_SPENDING_LIMIT',
    });
    expect(delegate.flowComplete).not.toHaveBeenCalled();
  });

  it('says DEVICE_NOT_SETUP for valid input on a device never set up, without a request', async () => {
    const { sdk, fetch, delegate } = setup();
    await expect(
      sdk.addSession('u1', 1000n, 3600, delegate).result,
    ).rejects.toMatchObject({
      code: 'DEVICE_NOT_SETUP',
    });
    expect(fetch).not.toHaveBeenCalled();
  });
});
