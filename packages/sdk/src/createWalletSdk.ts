import type {
  Balance,
  Device,
  Session,
  Token,
  TokenHolder,
  Transaction,
  TransactionMeta,
  User,
} from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { createApiClient } from './api/createApiClient.ts';
import { WalletSdkError } from './errors/WalletSdkError.ts';
import {
  PIN_SCRYPT_PARAMS,
  type ScryptParams,
} from './keys/deriveRecoveryOwnerAddress.ts';
import { createKeystore, KEYSTORE_SCRYPT_PARAMS } from './keystore/createKeystore.ts';
import { createLocalState } from './state/createLocalState.ts';
import type { WalletStorage } from './storage/WalletStorage.ts';
import { DEFAULT_MAX_EXPIRY_AFTER_SECS } from './utils/assertExpiryAfterSecs.ts';
import { createKeyedQueue } from './utils/createKeyedQueue.ts';
import { type Logger, toSafeLogger } from './utils/logger.ts';
import { activateUser } from './workflows/activateUser.ts';
import { addSession } from './workflows/addSession.ts';
import { authorizeDeviceWithMnemonics } from './workflows/authorizeDeviceWithMnemonics.ts';
import { executeTransaction, type RuleName } from './workflows/executeTransaction.ts';
import { getDeviceMnemonics } from './workflows/getDeviceMnemonics.ts';
import { createReader, loadDevice } from './workflows/internal/device.ts';
import type { SdkRuntime } from './workflows/internal/runtime.ts';
import { syncSessions } from './workflows/internal/syncSessions.ts';
import { logoutAllSessions } from './workflows/logoutAllSessions.ts';
import { revokeSession } from './workflows/revokeSession.ts';
import { setupDevice } from './workflows/setupDevice.ts';
import type { WorkflowDelegate, WorkflowHandle } from './workflows/types.ts';

/** Options of {@link createWalletSdk}. */
export type WalletSdkOptions = {
  /** The platform's base URL, e.g. `https://wallet.example.com`. */
  platformUrl: string;
  /** Where state and encrypted keys are kept: `createMemoryStorage()`, `createFileStorage()` (Node) or your own. */
  storage: WalletStorage;
  /** Encrypts every key at rest; never stored, logged or put in an error. */
  storagePassword: string;
  /** Receives the SDK's log lines; the SDK never uses the console. @default silent */
  logger?: Logger;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** First wait between two polls, in milliseconds; grows 1.5× per poll up to 8×. @default 1000 */
  pollIntervalMs?: number;
  /** How long a workflow polls before POLLING_TIMEOUT, in milliseconds. @default 180000 */
  pollTimeoutMs?: number;
  /** Longest session lifetime accepted, in seconds. @default 31536000 (one year) */
  maxExpiryAfterSecs?: number;
  /**
   * scrypt costs. `pin`: PIN → recovery owner (must match between activation and later
   * PIN checks). `keystore`: storage password → key, for a new keystore.
   * @default { pin: { N: 2 ** 20, r: 1, p: 1 }, keystore: { N: 2 ** 14, r: 8, p: 1 } }
   */
  scrypt?: { pin?: ScryptParams; keystore?: ScryptParams };
};

/** The wallet SDK: workflows that report through a delegate and a Promise, and getters on local state. */
export type WalletSdk = {
  setupDevice(
    userId: string,
    tokenId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Device>;
  activateUser(
    userId: string,
    pin: string,
    passphrasePrefix: string,
    expiryAfterSecs: number,
    spendingLimit: bigint | string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<User>;
  addSession(
    userId: string,
    spendingLimit: bigint | string,
    expiryAfterSecs: number,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Session>;
  executeTransaction(
    userId: string,
    toAddresses: readonly string[],
    amounts: readonly (bigint | string)[],
    ruleName: RuleName,
    meta: TransactionMeta | null | undefined,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Transaction>;
  revokeSession(
    userId: string,
    sessionAddress: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Session>;
  logoutAllSessions(
    userId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<TokenHolder>;
  getDeviceMnemonics(
    userId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<string[]>;
  authorizeDeviceWithMnemonics(
    userId: string,
    mnemonics: string | readonly string[],
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Device>;
  /** This device's entity for the user as last synced, or undefined before setupDevice. */
  getCurrentDevice(userId: string): Promise<Device | undefined>;
  /** The user's entity as last synced, or undefined. */
  getUser(userId: string): Promise<User | undefined>;
  /**
   * Sessions of this device that could sign now: AUTHORIZED, unexpired by the last
   * known chain time (with the 30 s margin), limit ≥ `minimumSpendingLimit`.
   */
  getActiveSessions(
    userId: string,
    minimumSpendingLimit?: bigint | string,
  ): Promise<Session[]>;
  /** Reads the TokenHolder's balance from the platform (signed request). */
  getBalance(userId: string): Promise<Balance>;
  /** Reads every session of the user from the platform, reconciling this device's keys with it. */
  getSessions(userId: string): Promise<Session[]>;
  /** Reads the economy's token (decimals, rules) from the platform. */
  getToken(userId: string): Promise<Token>;
};

/**
 * Creates the wallet SDK. Nothing touches the network or the keystore until the first
 * workflow runs.
 *
 * Every workflow returns `{ workflowId, result, cancel }` at once and reports through
 * the delegate; exactly one of `flowComplete` / `flowInterrupt` fires, once. Invalid
 * parameters never throw from the call: they reach `flowInterrupt` and `result`.
 *
 * @param options - platform URL, storage, storage password, and tuning
 * @returns the SDK
 * @throws {WalletSdkError} `INVALID_PARAMETER` for a missing URL, storage or password,
 *   or non-positive polling options
 * @example
 * const sdk = createWalletSdk({ platformUrl: 'http://127.0.0.1:8080', storage: createMemoryStorage(), storagePassword: 'pw' });
 * const { result } = sdk.addSession('u1', '1000', 3600, delegate);
 */
export function createWalletSdk(options: WalletSdkOptions): WalletSdk {
  const {
    platformUrl,
    storage,
    storagePassword,
    pollIntervalMs = 1000,
    pollTimeoutMs = 180_000,
    maxExpiryAfterSecs = DEFAULT_MAX_EXPIRY_AFTER_SECS,
  } = options ?? ({} as WalletSdkOptions);
  if (typeof platformUrl !== 'string' || !/^https?:\/\//.test(platformUrl)) {
    throw new WalletSdkError('INVALID_PARAMETER', 'platformUrl must be an http(s) URL');
  }
  if (!storage || typeof storage.get !== 'function') {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      'storage must be a WalletStorage adapter',
    );
  }
  for (const [name, value] of Object.entries({
    pollIntervalMs,
    pollTimeoutMs,
    maxExpiryAfterSecs,
  })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new WalletSdkError(
        'INVALID_PARAMETER',
        `${name} must be a positive integer, got ${value}`,
      );
    }
  }
  const logger = toSafeLogger(options.logger);
  const rt: SdkRuntime = {
    api: createApiClient({
      platformUrl,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    keystore: createKeystore({
      storage,
      password: storagePassword,
      scrypt: options.scrypt?.keystore ?? KEYSTORE_SCRYPT_PARAMS,
    }),
    state: createLocalState(storage),
    logger,
    pollIntervalMs,
    pollTimeoutMs,
    maxExpiryAfterSecs,
    pinScrypt: options.scrypt?.pin ?? PIN_SCRYPT_PARAMS,
    expiryMarginSecs: 30,
    userQueue: createKeyedQueue(),
    sessionQueue: createKeyedQueue(),
    inFlightSessions: new Set(),
    reconciled: new Set(),
  };

  const read = async (userId: string) => {
    const { credentials } = await loadDevice(rt, userId);
    return createReader(rt, credentials, new AbortController().signal);
  };

  return {
    setupDevice: (userId, tokenId, delegate) =>
      setupDevice(rt, userId, tokenId, delegate),
    activateUser: (userId, pin, prefix, expiry, limit, delegate) =>
      activateUser(rt, userId, pin, prefix, expiry, limit, delegate),
    addSession: (userId, limit, expiry, delegate) =>
      addSession(rt, userId, limit, expiry, delegate),
    executeTransaction: (userId, to, amounts, rule, meta, delegate) =>
      executeTransaction(rt, userId, to, amounts, rule, meta, delegate),
    revokeSession: (userId, address, delegate) =>
      revokeSession(rt, userId, address, delegate),
    logoutAllSessions: (userId, delegate) => logoutAllSessions(rt, userId, delegate),
    getDeviceMnemonics: (userId, delegate) => getDeviceMnemonics(rt, userId, delegate),
    authorizeDeviceWithMnemonics: (userId, mnemonics, delegate) =>
      authorizeDeviceWithMnemonics(rt, userId, mnemonics, delegate),

    async getCurrentDevice(userId) {
      return (await rt.state.get(userId))?.device ?? undefined;
    },
    async getUser(userId) {
      return (await rt.state.get(userId))?.user ?? undefined;
    },
    async getActiveSessions(userId, minimumSpendingLimit = 0n) {
      const local = await rt.state.get(userId);
      if (!local) return [];
      const min =
        typeof minimumSpendingLimit === 'bigint'
          ? minimumSpendingLimit
          : /^[0-9]+$/.test(minimumSpendingLimit)
            ? BigInt(minimumSpendingLimit)
            : 0n;
      const chainTime = Math.floor(Date.now() / 1000) + local.chainTimeOffset;
      return Object.values(local.sessions)
        .map((s) => s.entity)
        .filter(
          (s): s is Session =>
            s !== null &&
            s.status === 'AUTHORIZED' &&
            s.expires_at > chainTime + rt.expiryMarginSecs &&
            BigInt(s.spending_limit) >= min,
        );
    },
    async getBalance(userId) {
      return (await read(userId)).get<Balance>(routes.balance(userId));
    },
    async getSessions(userId) {
      const reader = await read(userId);
      await syncSessions(rt, reader, userId);
      return reader.sessions();
    },
    async getToken(userId) {
      return (await read(userId)).token();
    },
  };
}
