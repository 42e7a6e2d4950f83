import type { Hex } from 'viem';

/** Half the secp256k1 group order: a canonical signature's s is at most this. */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * True for the one canonical encoding of a 65-byte ECDSA signature: `r || s || v` with
 * v 27 or 28 and s in the lower half of the curve order (what viem and every EIP-2
 * signer produce). Each signature has other encodings (v as 0/1, the high-s twin)
 * that still recover to the same signer: accepting them would let a captured request
 * pass the replay store under a "new" signature, and would let the relayer submit
 * signatures that the contracts (OpenZeppelin ECDSA, Safe) refuse on chain.
 */
export function isCanonicalSignature(signature: string): signature is Hex {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  return (v === 27 || v === 28) && s > 0n && s <= HALF_N;
}
