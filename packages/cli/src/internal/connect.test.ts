import type { Token } from '@ost-wallet/protocol';
import type { WalletSdk } from '@ost-wallet/sdk';
import { describe, expect, it } from 'vitest';
import { getTokenAmounts } from './connect.ts';

const token: Token = {
  id: '0x0000000000000000000000000000000000000001',
  chain_id: 31337,
  address: '0x0000000000000000000000000000000000000001',
  name: 'Ost Wallet Token',
  symbol: 'OWT',
  decimals: 18,
  rules: [],
};
const sdk = { getToken: async () => token } as unknown as WalletSdk;

describe('getTokenAmounts', () => {
  it('converts whole tokens to the smallest unit and back', async () => {
    const amounts = await getTokenAmounts(sdk, 'user');
    expect(amounts.toSmallest('2.5')).toBe(2_500_000_000_000_000_000n);
    expect(amounts.format(2_500_000_000_000_000_000n)).toBe('2.5 OWT');
  });

  it('refuses zero in whole tokens, not as a smallest-unit integer', async () => {
    const amounts = await getTokenAmounts(sdk, 'user');
    for (const zero of ['0', '0.0', '0.000']) {
      expect(() => amounts.toSmallest(zero)).toThrow(
        expect.objectContaining({
          code: 'INVALID_AMOUNT',
          shortMessage: `amount must be more than 0 OWT, got '${zero}'`,
        }),
      );
    }
  });
});
