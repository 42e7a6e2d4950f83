import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { Hex } from 'viem';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { toPrivateKeyHex } from './toPrivateKeyHex.ts';

/** The BIP-44 path of the device owner key (Ethereum, account 0, first address). */
export const DEVICE_OWNER_KEY_PATH = "m/44'/60'/0'/0/0";

/**
 * Derives the device owner key from its BIP-39 mnemonic: seed (BIP-39, empty
 * passphrase) → BIP-32 `m/44'/60'/0'/0/0`.
 *
 * @param mnemonic - 12 or 24 English words separated by spaces
 * @returns the private key, 32 bytes hex
 * @throws {WalletSdkError} `INVALID_PARAMETER` when the words are not a valid mnemonic
 *   (the words themselves are never put in the message)
 * @example mnemonicToDeviceOwnerKey('test test test test test test test test test test test junk')
 */
export function mnemonicToDeviceOwnerKey(mnemonic: string): Hex {
  const normalized =
    typeof mnemonic === 'string' ? mnemonic.trim().split(/\s+/).join(' ') : '';
  if (!validateMnemonic(normalized, wordlist)) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      'mnemonics is not a valid BIP-39 English mnemonic',
      {
        details: { words: normalized === '' ? 0 : normalized.split(' ').length },
      },
    );
  }
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(normalized)).derive(
    DEVICE_OWNER_KEY_PATH,
  );
  if (!key.privateKey)
    throw new WalletSdkError('INTERNAL_ERROR', 'BIP-32 derivation gave no private key');
  return toPrivateKeyHex(key.privateKey);
}
