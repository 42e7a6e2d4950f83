import { bytesToHex } from '@noble/hashes/utils.js';
import type { Hex } from 'viem';

/**
 * Writes a secp256k1 private key as 0x-prefixed hex of exactly 32 bytes, left-padding
 * shorter keys with zeros (a key whose top byte is zero must not lose it).
 *
 * @param key - the key bytes (at most 32)
 * @returns `0x` + 64 hex digits
 * @throws {Error} when the key is longer than 32 bytes
 * @example toPrivateKeyHex(new Uint8Array([1])) // '0x00…01'
 */
export function toPrivateKeyHex(key: Uint8Array): Hex {
  if (key.length > 32) throw new Error(`a private key has 32 bytes, got ${key.length}`);
  const padded = new Uint8Array(32);
  padded.set(key, 32 - key.length);
  return `0x${bytesToHex(padded)}`;
}
