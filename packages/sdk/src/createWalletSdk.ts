import type {
  Balance,
  Chain,
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
import { describe } from './utils/toSmallestUnit.ts';
import { activateUser } from './workflows/activateUser.ts';
import { addSession } from './workflows/addSession.ts';
import { authorizeDeviceWithMnemonics } from './workflows/authorizeDeviceWithMnemonics.ts';
import { executeTransaction, type RuleName } from './workflows/executeTransaction.ts';
import { getDeviceMnemonics } from './workflows/getDeviceMnemonics.ts';
import { createReader, loadDevice } from './workflows/internal/device.ts';
import { createReusedReads } from './workflows/internal/reuseReads.ts';
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
   * How long executeTransaction reuses its last read of the device, user, sessions and
   * chain time instead of asking the platform again, in milliseconds; `0` reads fresh
   * every time. The platform re-checks all of it on the transaction itself, and a
   * refusal is always decided again on fresh reads before it is reported.
   * @default 2000
   */
  reuseReadsForMs?: number;
  /**
   * scrypt costs. `pin`: PIN → recovery owner (must match between activation and later
   * PIN checks). `keystore`: storage password → key, for a new keystore.
   * @default { pin: { N: 2 ** 20, r: 1, p: 1 }, keystore: { N: 2 ** 14, r: 8, p: 1 } }
   */
  scrypt?: { pin?: ScryptParams; keystore?: ScryptParams };
};

/**
 * The wallet SDK: workflows that report through a delegate and a Promise, reads from
 * the platform, and getters on local state.
 *
 * Every workflow returns a {@link WorkflowHandle} at once and never throws: failures,
 * invalid parameters included, reach `delegate.flowInterrupt` (exactly once) and
 * reject `result` with a {@link WalletSdkError}.
 */
export type WalletSdk = {
  /**
   * Creates this device's keys when needed and registers it through the app's server.
   * @param userId - the platform user id (created by the app server)
   * @param tokenId - the economy's token id (`user.token_id`)
   * @param delegate - needs `registerDevice`, `flowComplete`, `flowInterrupt`
   * @returns a handle whose `result` resolves with `{ entityType: 'DEVICE', entity }`
   * @throws never; see {@link setupDevice} for the interrupt codes
   * @example await sdk.setupDevice(user.id, user.token_id, delegate).result;
   */
  setupDevice(
    userId: string,
    tokenId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Device>;
  /**
   * Deploys the user's wallet with a recovery owner derived from the PIN and a first session.
   * @param userId - the platform user id
   * @param pin - the user's PIN
   * @param passphrasePrefix - the app's passphrase prefix
   * @param expiryAfterSecs - first session lifetime, seconds of chain time
   * @param spendingLimit - first session per-transaction limit, smallest unit
   * @param delegate - the app's delegate
   * @returns a handle whose `result` resolves with `{ entityType: 'USER', entity }`
   * @throws never; see {@link activateUser} for the interrupt codes
   * @example await sdk.activateUser('u1', '123456', PREFIX, 86400, '1000000', delegate).result;
   */
  activateUser(
    userId: string,
    pin: string,
    passphrasePrefix: string,
    expiryAfterSecs: number,
    spendingLimit: bigint | string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<User>;
  /**
   * Creates and authorizes a session key on this device (PIN required).
   * @param userId - the platform user id
   * @param spendingLimit - per-transaction limit, smallest unit: bigint or decimal digits
   * @param expiryAfterSecs - lifetime in seconds of chain time, 1 … maxExpiryAfterSecs
   * @param delegate - needs `getPin`; `invalidPin`, `pinValidated`, `requestAcknowledged` optional
   * @returns a handle whose `result` resolves with `{ entityType: 'SESSION', entity }`
   * @throws never; see {@link addSession} for the interrupt codes
   * @example const { entity } = await sdk.addSession('u1', 10n ** 18n, 3600, delegate).result;
   */
  addSession(
    userId: string,
    spendingLimit: bigint | string,
    expiryAfterSecs: number,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Session>;
  /**
   * Sends tokens with an eligible session of this device and waits for SUCCESS.
   * @param userId - the platform user id
   * @param toAddresses - recipients
   * @param amounts - per recipient, smallest unit
   * @param ruleName - `'direct transfer'`
   * @param meta - optional `{ name, type, details }`
   * @param delegate - the app's delegate
   * @returns a handle whose `result` resolves with `{ entityType: 'TRANSACTION', entity }`
   * @throws never; see {@link executeTransaction} for the interrupt codes
   * @example await sdk.executeTransaction('u1', [bob], ['1000'], 'direct transfer', null, delegate).result;
   */
  executeTransaction(
    userId: string,
    toAddresses: readonly string[],
    amounts: readonly (bigint | string)[],
    ruleName: RuleName,
    meta: TransactionMeta | null | undefined,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Transaction>;
  /**
   * Revokes one session on chain and deletes its key here.
   * @param userId - the platform user id
   * @param sessionAddress - the session key's address
   * @param delegate - the app's delegate
   * @returns a handle whose `result` resolves with `{ entityType: 'SESSION', entity }` (REVOKED)
   * @throws never; see {@link revokeSession} for the interrupt codes
   * @example await sdk.revokeSession('u1', session.address, delegate).result;
   */
  revokeSession(
    userId: string,
    sessionAddress: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Session>;
  /**
   * Ends every session of the user on chain at once.
   * @param userId - the platform user id
   * @param delegate - the app's delegate
   * @returns a handle whose `result` resolves with `{ entityType: 'TOKEN_HOLDER', entity }`
   * @throws never; see {@link logoutAllSessions} for the interrupt codes
   * @example await sdk.logoutAllSessions('u1', delegate).result;
   */
  logoutAllSessions(
    userId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<TokenHolder>;
  /**
   * Hands the device key's 12 words to the app after the PIN.
   * @param userId - the platform user id
   * @param delegate - needs `getPin`
   * @returns a handle whose `result` resolves with `{ entityType: 'MNEMONICS', entity: string[] }`
   * @throws never; see {@link getDeviceMnemonics} for the interrupt codes
   * @example const { entity: words } = await sdk.getDeviceMnemonics('u1', delegate).result;
   */
  getDeviceMnemonics(
    userId: string,
    delegate: WorkflowDelegate,
  ): WorkflowHandle<string[]>;
  /**
   * Authorizes this REGISTERED device with the words of an AUTHORIZED device of the
   * same user: the old key signs `addOwnerWithThreshold(thisDevice, 1)` on the Safe.
   * @param userId - the platform user id
   * @param mnemonics - the other device's 12 words, as a string or an array
   * @param delegate - needs `getPin`
   * @returns a handle whose `result` resolves with `{ entityType: 'DEVICE', entity }`
   *   once the device is AUTHORIZED
   * @throws never; see {@link authorizeDeviceWithMnemonics} for the interrupt codes
   * @example sdk.authorizeDeviceWithMnemonics('u1', words, delegate);
   */
  authorizeDeviceWithMnemonics(
    userId: string,
    mnemonics: string | readonly string[],
    delegate: WorkflowDelegate,
  ): WorkflowHandle<Device>;
  /**
   * This device's entity for the user as last synced (no network).
   * @param userId - the platform user id
   * @returns the device, or undefined before setupDevice
   * @throws {WalletSdkError} `KEYSTORE_CORRUPT` when the stored state is not JSON
   * @example const device = await sdk.getCurrentDevice('u1');
   */
  getCurrentDevice(userId: string): Promise<Device | undefined>;
  /**
   * The user's entity as last synced (no network).
   * @param userId - the platform user id
   * @returns the user, or undefined
   * @throws {WalletSdkError} `KEYSTORE_CORRUPT` when the stored state is not JSON
   * @example const user = await sdk.getUser('u1');
   */
  getUser(userId: string): Promise<User | undefined>;
  /**
   * Sessions of this device that could sign now (no network): AUTHORIZED, unexpired by
   * the last known chain time with a 30 s margin, limit ≥ `minimumSpendingLimit`.
   * @param userId - the platform user id
   * @param minimumSpendingLimit - smallest unit @default 0n
   * @returns the sessions, possibly none
   * @throws {WalletSdkError} `KEYSTORE_CORRUPT` when the stored state is not JSON
   * @example const usable = await sdk.getActiveSessions('u1', 1000n);
   */
  getActiveSessions(
    userId: string,
    minimumSpendingLimit?: bigint | string,
  ): Promise<Session[]>;
  /**
   * Reads the TokenHolder's balance from the platform (signed request).
   * @param userId - the platform user id
   * @returns `{ available_balance, unsettled_debit, … }` in the smallest unit
   * @throws {WalletSdkError} `DEVICE_NOT_SETUP`, `USER_NOT_ACTIVATED`, network errors
   * @example const { available_balance } = await sdk.getBalance('u1');
   */
  getBalance(userId: string): Promise<Balance>;
  /**
   * Reads every session of the user from the platform and reconciles this device's keys
   * with it (keys of ended or unknown sessions are deleted).
   * @param userId - the platform user id
   * @returns the sessions, newest first
   * @throws {WalletSdkError} `DEVICE_NOT_SETUP`, network errors
   * @example const sessions = await sdk.getSessions('u1');
   */
  getSessions(userId: string): Promise<Session[]>;
  /**
   * Reads the economy's token (decimals, rules) from the platform.
   * @param userId - the platform user id whose device signs the request
   * @returns the token
   * @throws {WalletSdkError} `DEVICE_NOT_SETUP`, network errors
   * @example const { decimals } = await sdk.getToken('u1');
   */
  getToken(userId: string): Promise<Token>;
  /**
   * Reads the chain as the platform sees it; `time` is the chain time session expiry is
   * judged by.
   * @param userId - the platform user id whose device signs the request
   * @returns `{ id, block_number, block_timestamp, time }`
   * @throws {WalletSdkError} `DEVICE_NOT_SETUP`, network errors
   * @example const { time } = await sdk.getChain('u1');
   */
  getChain(userId: string): Promise<Chain>;
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
    reuseReadsForMs = 2000,
  } = options ?? ({} as WalletSdkOptions);
  if (typeof platformUrl !== 'string' || !/^https?:\/\//.test(platformUrl)) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `platformUrl must be an http(s) URL, got ${describe(platformUrl)}`,
    );
  }
  if (!storage || typeof storage.get !== 'function') {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `storage must be a WalletStorage adapter, got ${describe(storage)}`,
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
  if (!Number.isSafeInteger(reuseReadsForMs) || reuseReadsForMs < 0) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `reuseReadsForMs must be an integer ≥ 0, got ${reuseReadsForMs}`,
    );
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
    reuseReadsForMs,
    reads: createReusedReads(),
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
      const device = (await rt.state.get(userId))?.device;
      return device ? { ...device } : undefined;
    },
    async getUser(userId) {
      const user = (await rt.state.get(userId))?.user;
      return user ? { ...user } : undefined;
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
        .map((s) => (s.entity ? { ...s.entity } : null))
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
    async getChain(userId) {
      return (await read(userId)).chain();
    },
  };
}
