import { isOstWalletError } from '@ost-wallet/errors';
import { describe, expect, it } from 'vitest';
import { findAnvil } from './findAnvil.ts';

describe('findAnvil', () => {
  it('finds the binary shipped in the platform package', () => {
    expect(findAnvil(undefined)).toMatch(
      /@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil/,
    );
  });

  it('says ANVIL_NOT_FOUND when the configured binary is missing', () => {
    let error: unknown;
    try {
      findAnvil('/nonexistent/anvil');
    } catch (e) {
      error = e;
    }
    expect(isOstWalletError(error, 'ANVIL_NOT_FOUND')).toBe(true);
    expect(String(error)).toContain('/nonexistent/anvil');
  });
});
