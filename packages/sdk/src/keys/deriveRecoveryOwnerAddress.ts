import { scryptAsync } from '@noble/hashes/scrypt.js';
import { HDKey } from '@scure/bip32';
import type { Address } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { toPrivateKeyHex } from './toPrivateKeyHex.ts';

/** scrypt cost parameters (RFC 7914). */
export type ScryptParams = {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
};

/** The PIN scrypt parameters of the design: N = 2^20, r = 1, p = 1. */
export const PIN_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 20, r: 1, p: 1 };

/** Parameters of {@link deriveRecoveryOwnerAddress}. */
export type DeriveRecoveryOwnerAddressParameters = {
  /** The app's passphrase prefix. */
  passphrasePrefix: string;
  /** The user's PIN. */
  pin: string;
  /** The user id. */
  userId: string;
  /** The per-user salt the platform keeps (`GET /v1/users/:id/salt`). */
  salt: string;
  /** @default { N: 2 ** 20, r: 1, p: 1 } */
  scrypt?: ScryptParams;
};

/**
 * Derives the address of the user's recovery owner from the PIN: scrypt over the UTF-8
 * of `passphrasePrefix + pin + userId` with the UTF-8 salt (32 bytes out) gives a BIP-32
 * master seed; the address is that of the master key itself (no child derivation).
 * The same inputs always give the same address; the PIN never leaves this function.
 *
 * @param parameters - prefix, PIN, user id, salt and optional scrypt cost
 * @returns the recovery owner address (EIP-55)
 * @throws {WalletSdkError} `INVALID_PARAMETER` when an input is empty
 * @example
 * const address = await deriveRecoveryOwnerAddress({
 *   passphrasePrefix: 'my-app', pin: '123456', userId: 'u1', salt: 's',
 *   scrypt: { N: 2 ** 10, r: 1, p: 1 },
 * });
 */
export async function deriveRecoveryOwnerAddress(
  parameters: DeriveRecoveryOwnerAddressParameters,
): Promise<Address> {
  const { passphrasePrefix, pin, userId, salt, scrypt = PIN_SCRYPT_PARAMS } = parameters;
  for (const [name, value] of Object.entries({ passphrasePrefix, pin, userId, salt })) {
    if (typeof value !== 'string' || value === '') {
      throw new WalletSdkError('INVALID_PARAMETER', `${name} must be a non-empty string`);
    }
  }
  const seed = await scryptAsync(passphrasePrefix + pin + userId, salt, {
    ...scrypt,
    dkLen: 32,
  });
  const master = HDKey.fromMasterSeed(seed);
  seed.fill(0);
  if (!master.privateKey)
    throw new WalletSdkError('INTERNAL_ERROR', 'BIP-32 master key has no private key');
  return privateKeyToAddress(toPrivateKeyHex(master.privateKey));
}
