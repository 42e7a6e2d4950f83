import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Hex } from 'viem';
import { toPrivateKeyHex } from './toPrivateKeyHex.ts';

/**
 * Creates a fresh random secp256k1 private key (session keys, the API-signer key).
 *
 * @returns `0x` + 64 hex digits (always 32 bytes)
 * @throws never
 * @example const key = generatePrivateKey();
 */
export function generatePrivateKey(): Hex {
  return toPrivateKeyHex(secp256k1.utils.randomSecretKey());
}
