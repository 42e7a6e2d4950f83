/**
 * The encrypted keystore. A key-encryption key is derived from the storage password
 * with scrypt; the parameters and a random salt live in a header record, together with
 * a short known text encrypted under that key (the password check). Each secret is
 * AES-256-GCM encrypted under the same key with a fresh 12-byte random nonce and its
 * storage name as associated data, so a record copied to another name fails to open.
 *
 * A GCM failure on the password check means the password is wrong; once the password
 * has passed, a GCM failure on a secret means the record was changed (corrupt).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { bytesToUtf8 } from '@noble/ciphers/utils.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletSdkError } from '../errors/WalletSdkError.ts';
import type { ScryptParams } from '../keys/deriveRecoveryOwnerAddress.ts';
import type { WalletStorage } from '../storage/WalletStorage.ts';

/** The keystore's default scrypt cost: light enough for phones, N = 2^14. */
export const KEYSTORE_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

const HEADER_KEY = 'keystore:header';
const SECRET_PREFIX = 'keystore:secret:';
const CHECK_TEXT = 'ost-wallet keystore v1';

type Sealed = { nonce: string; ciphertext: string };
type Header = {
  version: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  dkLen: 32;
  salt: string;
  check: Sealed;
};

/** Options of {@link createKeystore}. */
export type KeystoreOptions = {
  /** Where the encrypted records go. */
  storage: WalletStorage;
  /** The storage password; never stored, logged or put in an error. */
  password: string;
  /** scrypt cost for a new keystore; an existing one keeps its stored parameters. @default { N: 2 ** 14, r: 8, p: 1 } */
  scrypt?: ScryptParams;
};

/** An opened keystore: secrets in, secrets out, encrypted at rest. */
export type Keystore = {
  /** Derives the key and checks the password (creating the header the first time). */
  open(): Promise<void>;
  /** Encrypts and stores `secret` under `name`. */
  put(name: string, secret: string): Promise<void>;
  /** Decrypts the secret under `name`, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
  /** Removes the secret under `name`. */
  delete(name: string): Promise<void>;
};

/**
 * Creates the encrypted keystore over a storage adapter.
 *
 * @param options - storage, password and optional scrypt cost
 * @returns the keystore; every method opens it on first use
 * @throws {WalletSdkError} (from its methods) `KEYSTORE_WRONG_PASSWORD` when the password
 *   does not open the stored header; `KEYSTORE_CORRUPT` when a record is malformed, its
 *   scrypt parameters are outside sane bounds, or its ciphertext was changed
 * @example
 * const keystore = createKeystore({ storage: createMemoryStorage(), password: 'correct horse' });
 * await keystore.put('device', '0x…');
 */
export function createKeystore(options: KeystoreOptions): Keystore {
  const { storage, password, scrypt = KEYSTORE_SCRYPT_PARAMS } = options;
  if (typeof password !== 'string' || password === '') {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      'storagePassword must be a non-empty string',
    );
  }
  let keyPromise: Promise<Uint8Array> | undefined;

  const key = () => {
    keyPromise ??= openKey(storage, password, scrypt);
    // A failed open may be retried (e.g. after a transient storage error).
    keyPromise.catch(() => {
      keyPromise = undefined;
    });
    return keyPromise;
  };

  return {
    async open() {
      await key();
    },
    async put(name, secret) {
      const sealed = seal(await key(), utf8ToBytes(secret), utf8ToBytes(name));
      await storage.set(SECRET_PREFIX + name, JSON.stringify(sealed));
    },
    async get(name) {
      const k = await key();
      const raw = await storage.get(SECRET_PREFIX + name);
      if (raw === undefined) return undefined;
      const plain = open(k, parseSealed(raw, name), utf8ToBytes(name));
      if (!plain) {
        throw new WalletSdkError(
          'KEYSTORE_CORRUPT',
          `keystore record '${name}' failed its integrity check`,
        );
      }
      return bytesToUtf8(plain);
    },
    async delete(name) {
      await storage.delete(SECRET_PREFIX + name);
    },
  };
}

async function openKey(
  storage: WalletStorage,
  password: string,
  params: ScryptParams,
): Promise<Uint8Array> {
  const raw = await storage.get(HEADER_KEY);
  if (raw === undefined) {
    assertSaneParams(params, 'INVALID_PARAMETER');
    const salt = randomBytes(16);
    const k = await scryptAsync(password, salt, { ...params, dkLen: 32 });
    const header: Header = {
      version: 1,
      kdf: 'scrypt',
      ...pick(params),
      dkLen: 32,
      salt: bytesToHex(salt),
      check: seal(k, utf8ToBytes(CHECK_TEXT), utf8ToBytes(HEADER_KEY)),
    };
    await storage.set(HEADER_KEY, JSON.stringify(header));
    return k;
  }
  const header = parseHeader(raw);
  const k = await scryptAsync(password, hexToBytes(header.salt), {
    ...pick(header),
    dkLen: 32,
  });
  const check = open(k, header.check, utf8ToBytes(HEADER_KEY));
  if (!check || bytesToUtf8(check) !== CHECK_TEXT) {
    throw new WalletSdkError(
      'KEYSTORE_WRONG_PASSWORD',
      'the storage password does not open this keystore',
    );
  }
  return k;
}

function seal(key: Uint8Array, plain: Uint8Array, aad: Uint8Array): Sealed {
  const nonce = randomBytes(12);
  const ciphertext = gcm(key, nonce, aad).encrypt(plain);
  return { nonce: bytesToHex(nonce), ciphertext: bytesToHex(ciphertext) };
}

function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array | undefined {
  try {
    return gcm(key, hexToBytes(sealed.nonce), aad).decrypt(hexToBytes(sealed.ciphertext));
  } catch {
    return undefined;
  }
}

function pick(p: ScryptParams): ScryptParams {
  return { N: p.N, r: p.r, p: p.p };
}

// Stored parameters come from disk: refuse ones that would be weak or would exhaust
// memory before spending any work on them.
function assertSaneParams(
  p: ScryptParams,
  code: 'INVALID_PARAMETER' | 'KEYSTORE_CORRUPT',
): void {
  const powerOfTwo =
    Number.isInteger(p.N) && p.N >= 2 ** 10 && p.N <= 2 ** 20 && (p.N & (p.N - 1)) === 0;
  const small = (x: number) => Number.isInteger(x) && x >= 1 && x <= 16;
  if (!powerOfTwo || !small(p.r) || !small(p.p) || p.N * p.r > 2 ** 24) {
    throw new WalletSdkError(code, 'keystore scrypt parameters are outside sane bounds', {
      details: { N: p.N, r: p.r, p: p.p },
    });
  }
}

const HEX = /^[0-9a-f]*$/;

function isSealed(v: unknown): v is Sealed {
  const s = v as Sealed;
  return (
    typeof s?.nonce === 'string' &&
    s.nonce.length === 24 &&
    HEX.test(s.nonce) &&
    typeof s.ciphertext === 'string' &&
    s.ciphertext.length >= 32 &&
    s.ciphertext.length % 2 === 0 &&
    HEX.test(s.ciphertext)
  );
}

function parseHeader(raw: string): Header {
  let h: Header;
  try {
    h = JSON.parse(raw) as Header;
  } catch (cause) {
    throw new WalletSdkError('KEYSTORE_CORRUPT', 'keystore header is not JSON', {
      cause,
    });
  }
  if (
    h?.version !== 1 ||
    h.kdf !== 'scrypt' ||
    h.dkLen !== 32 ||
    typeof h.salt !== 'string' ||
    h.salt.length < 32 ||
    !HEX.test(h.salt) ||
    !isSealed(h.check)
  ) {
    throw new WalletSdkError('KEYSTORE_CORRUPT', 'keystore header is malformed');
  }
  assertSaneParams(h, 'KEYSTORE_CORRUPT');
  return h;
}

function parseSealed(raw: string, name: string): Sealed {
  let s: unknown;
  try {
    s = JSON.parse(raw);
  } catch (cause) {
    throw new WalletSdkError(
      'KEYSTORE_CORRUPT',
      `keystore record '${name}' is not JSON`,
      { cause },
    );
  }
  if (!isSealed(s))
    throw new WalletSdkError(
      'KEYSTORE_CORRUPT',
      `keystore record '${name}' is malformed`,
    );
  return s;
}
