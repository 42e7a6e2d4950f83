import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import {
  entropyToMnemonic,
  mnemonicToEntropy,
  mnemonicToSeedSync,
  validateMnemonic,
} from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/bip39-trezor.json' with { type: 'json' };
import { generateDeviceMnemonic } from './generateDeviceMnemonic.ts';
import { generatePrivateKey } from './generatePrivateKey.ts';
import { mnemonicToDeviceOwnerKey } from './mnemonicToDeviceOwnerKey.ts';
import { toPrivateKeyHex } from './toPrivateKeyHex.ts';

describe('BIP-39 (official Trezor vectors)', () => {
  it.each(vectors.vectors)('entropy $entropy ↔ mnemonic and seed', (v) => {
    expect(entropyToMnemonic(hexToBytes(v.entropy), wordlist)).toBe(v.mnemonic);
    expect(bytesToHex(mnemonicToEntropy(v.mnemonic, wordlist))).toBe(v.entropy);
    expect(bytesToHex(mnemonicToSeedSync(v.mnemonic, vectors.passphrase))).toBe(v.seed);
  });
});

describe('mnemonicToDeviceOwnerKey', () => {
  it("derives m/44'/60'/0'/0/0 (the well-known test mnemonic gives anvil's first account)", () => {
    const key = mnemonicToDeviceOwnerKey(
      'test test test test test test test test test test test junk',
    );
    expect(key).toBe(
      '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    );
    expect(privateKeyToAccount(key).address).toBe(
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    );
  });

  it('uses the empty BIP-39 passphrase on the vector mnemonics', () => {
    const v = vectors.vectors[0]!;
    const expected = HDKey.fromMasterSeed(mnemonicToSeedSync(v.mnemonic, '')).derive(
      "m/44'/60'/0'/0/0",
    );
    expect(mnemonicToDeviceOwnerKey(v.mnemonic)).toBe(
      toPrivateKeyHex(expected.privateKey!),
    );
  });

  it('refuses a bad checksum without echoing the words', () => {
    const words = `${'abandon '.repeat(11)}abandon`;
    expect(() => mnemonicToDeviceOwnerKey(words)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
    let error: unknown;
    try {
      mnemonicToDeviceOwnerKey(words);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER', details: { words: 12 } });
    expect(String((error as Error).message)).not.toContain('abandon');
    expect(JSON.stringify(error)).not.toContain('abandon');
  });
});

describe('generated keys', () => {
  it('creates valid 12-word mnemonics', () => {
    const m = generateDeviceMnemonic();
    expect(m.split(' ')).toHaveLength(12);
    expect(validateMnemonic(m, wordlist)).toBe(true);
  });

  it('creates random 32-byte private keys', () => {
    const a = generatePrivateKey();
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(generatePrivateKey()).not.toBe(a);
  });

  it('pads short private keys to 32 bytes', () => {
    expect(toPrivateKeyHex(new Uint8Array([0xab]))).toBe(`0x${'00'.repeat(31)}ab`);
    expect(() => toPrivateKeyHex(new Uint8Array(33))).toThrow();
  });
});
