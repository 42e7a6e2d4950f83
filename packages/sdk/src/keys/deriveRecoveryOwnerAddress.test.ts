import { scrypt } from '@noble/hashes/scrypt.js';
import { HDKey } from '@scure/bip32';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { deriveRecoveryOwnerAddress } from './deriveRecoveryOwnerAddress.ts';
import { toPrivateKeyHex } from './toPrivateKeyHex.ts';

const light = { N: 2 ** 10, r: 1, p: 1 };
const base = {
  passphrasePrefix: 'app-prefix',
  pin: '123456',
  userId: 'u-1',
  salt: 'salt-1',
  scrypt: light,
};

describe('deriveRecoveryOwnerAddress', () => {
  it('is scrypt(prefix + PIN + userId, salt) → BIP-32 master key → address', async () => {
    const seed = scrypt('app-prefix123456u-1', 'salt-1', { ...light, dkLen: 32 });
    const expected = privateKeyToAddress(
      toPrivateKeyHex(HDKey.fromMasterSeed(seed).privateKey!),
    );
    expect(await deriveRecoveryOwnerAddress(base)).toBe(expected);
  });

  it('changes with the PIN, the user, the prefix and the salt', async () => {
    const a = await deriveRecoveryOwnerAddress(base);
    for (const change of [
      { pin: '123457' },
      { userId: 'u-2' },
      { passphrasePrefix: 'x' },
      { salt: 'salt-2' },
    ]) {
      expect(await deriveRecoveryOwnerAddress({ ...base, ...change })).not.toBe(a);
    }
  });

  it('treats the inputs as UTF-8', async () => {
    const seed = scrypt(
      new TextEncoder().encode('préfix١٢٣٤u'),
      new TextEncoder().encode('sél'),
      {
        ...light,
        dkLen: 32,
      },
    );
    const expected = privateKeyToAddress(
      toPrivateKeyHex(HDKey.fromMasterSeed(seed).privateKey!),
    );
    expect(
      await deriveRecoveryOwnerAddress({
        passphrasePrefix: 'préfix',
        pin: '١٢٣٤',
        userId: 'u',
        salt: 'sél',
        scrypt: light,
      }),
    ).toBe(expected);
  });

  it('refuses empty inputs without echoing the PIN', async () => {
    await expect(deriveRecoveryOwnerAddress({ ...base, pin: '' })).rejects.toMatchObject({
      code: 'INVALID_PARAMETER',
    });
  });
});
