import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';

/**
 * Creates the 12-word English BIP-39 mnemonic of a new device owner key (128 bits of
 * entropy).
 *
 * @returns the words separated by single spaces
 * @throws never
 * @example const words = generateDeviceMnemonic().split(' '); // 12 words
 */
export function generateDeviceMnemonic(): string {
  return generateMnemonic(wordlist, 128);
}
