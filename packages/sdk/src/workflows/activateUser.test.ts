import { describe, expect, it, vi } from 'vitest';
import { createWalletSdk } from '../createWalletSdk.ts';
import { createMemoryStorage } from '../storage/createMemoryStorage.ts';

describe('activateUser validation (before any key or request)', () => {
  const cases: [string, unknown[], string][] = [
    ['a short PIN', ['12345', 'prefix', 3600, '1'], 'INVALID_PIN'],
    ['an empty prefix', ['123456', '', 3600, '1'], 'INVALID_PARAMETER'],
    ['a zero limit', ['123456', 'prefix', 3600, '0'], 'INVALID_SESSION_SPENDING_LIMIT'],
    ['a zero expiry', ['123456', 'prefix', 0, '1'], 'INVALID_SESSION_EXPIRY_TIME'],
  ];
  it.each(cases)('refuses %s', async (_name, args, code) => {
    const fetch = vi.fn();
    const storage = createMemoryStorage();
    const sdk = createWalletSdk({
      platformUrl: 'http://127.0.0.1:1',
      storage,
      storagePassword: 'pw',
      fetch,
    });
    const delegate = { flowComplete: vi.fn(), flowInterrupt: vi.fn() };
    const [pin, prefix, expiry, limit] = args as [string, string, number, string];
    const error = await sdk
      .activateUser('u1', pin, prefix, expiry, limit, delegate)
      .result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect(String((error as Error).message)).not.toContain(pin || '∅');
    expect(delegate.flowInterrupt).toHaveBeenCalledTimes(1);
    expect(fetch).not.toHaveBeenCalled();
    expect(storage.snapshot()).toEqual({});
  });
});
