import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

/**
 * @internal A random RFC 4122 version-4 UUID, without relying on `crypto.randomUUID`
 * (missing in some React Native runtimes).
 */
export function randomId(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
