import type { EconomyManifest } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createPublicClient, getAddress, type Hex, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createApp } from './app.ts';
import { createChainClock } from './chain/createChainClock.ts';
import type { PlatformContext } from './context.ts';
import { createLogger } from './createLogger.ts';
import { createDatabase, type DatabaseOptions } from './db/createDatabase.ts';
import { createRelayer } from './relayer/createRelayer.ts';
import { applySent } from './watcher/applyOutcome.ts';
import { createWatcher } from './watcher/createWatcher.ts';

/** Options of {@link createPlatform}. */
export type PlatformOptions = {
  /** JSON-RPC URL of the chain the economy lives on. */
  rpcUrl: string;
  /** The deployed economy (from `deployEconomy`). */
  economy: EconomyManifest;
  /** SQLite file or Postgres URL. */
  database: DatabaseOptions;
  /** Pays gas for every relayed transaction; also the treasury that funds users. */
  relayerPrivateKey: Hex;
  /** The app server's credentials for the partner API. */
  partner: { apiKey: string; apiSecret: string };
  /** The recovery controller's key (recovery flows; not used by the current routes). */
  recoveryControllerPrivateKey?: Hex;
  /** Longest session lifetime accepted, in seconds. @default 31536000 (one year) */
  maxSessionExpirySecs?: number;
  /** A pino logger; secrets are redacted by {@link createLogger}'s defaults. */
  logger?: Logger;
  /** How often the relayer and watcher run when nothing wakes them, in ms. @default 500 */
  pollIntervalMs?: number;
};

/** A platform instance: the HTTP app plus its relayer and watcher. */
export type Platform = {
  /** The fastify app (not listening); `app.inject` works at once. */
  app: FastifyInstance;
  context: PlatformContext;
  /** Starts listening; resolves with the base URL. @default host 127.0.0.1, port 0 */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Runs one relayer + watcher pass now (tests use it to settle quickly). */
  tick(): Promise<void>;
  /** Stops the workers, the server and the database. */
  close(): Promise<void>;
};

/**
 * Creates the platform server: opens and migrates the database, checks the chain,
 * builds the app and starts the outbox relayer and the chain watcher.
 *
 * @param options - see {@link PlatformOptions}
 * @returns the platform; call `listen()` to serve HTTP
 * @throws {OstWalletError} `CHAIN_ERROR` when the chain id differs from the manifest's
 * @example
 * const platform = await createPlatform({ rpcUrl, economy, database: { sqliteFile }, relayerPrivateKey, partner });
 * const url = await platform.listen({ port: 8787 });
 */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger();
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const publicClient = createPublicClient({
    transport: http(options.rpcUrl, { retryCount: 2 }),
    pollingInterval: 100,
  }) as PublicClient;
  const chainId = await publicClient.getChainId().catch((cause: unknown) => {
    throw new OstWalletError(
      'CHAIN_ERROR',
      `cannot reach the chain at ${options.rpcUrl}`,
      {
        cause,
      },
    );
  });
  if (chainId !== options.economy.chainId) {
    throw new OstWalletError(
      'CHAIN_ERROR',
      `the chain has id ${chainId} but the economy manifest says ${options.economy.chainId}`,
    );
  }
  const account = privateKeyToAccount(options.relayerPrivateKey);
  if (getAddress(options.economy.treasury) !== account.address) {
    logger.warn(
      { treasury: options.economy.treasury, relayer: account.address },
      'the relayer is not the treasury: funding users will fail',
    );
  }
  if (options.recoveryControllerPrivateKey) {
    const controller = privateKeyToAccount(options.recoveryControllerPrivateKey).address;
    if (controller !== getAddress(options.economy.recoveryController)) {
      logger.warn(
        { expected: options.economy.recoveryController, given: controller },
        "the recovery controller key is not the factory's recovery controller",
      );
    }
  }
  const { db, dialect } = await createDatabase(options.database);

  let wake = () => {};
  const context: PlatformContext = {
    db,
    dialect,
    economy: options.economy,
    chainId,
    publicClient,
    clock: createChainClock(publicClient),
    relayer: { account, address: account.address },
    partner: options.partner,
    maxSessionExpirySecs: options.maxSessionExpirySecs ?? 365 * 24 * 3600,
    logger,
    kickRelayer: () => wake(),
  };

  const relayer = createRelayer({
    db,
    publicClient,
    account,
    chainId,
    logger: logger.child({ component: 'relayer' }),
    onSent: applySent,
  });
  const watcher = createWatcher({
    db,
    publicClient,
    relayer,
    logger: logger.child({ component: 'watcher' }),
  });

  // One worker pass at a time; a wake-up during a pass schedules one more.
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const pass = async () => {
    do {
      again = false;
      try {
        await relayer.step();
        await watcher.step();
      } catch (error) {
        logger.error({ err: error }, 'worker pass failed; will retry');
      }
    } while (again && !stopped);
  };
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  let app: FastifyInstance;
  try {
    app = await createApp(context);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  wake = () => void tick();
  const timer = setInterval(wake, pollIntervalMs);
  timer.unref();
  void tick();

  return {
    app,
    context,
    tick,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      await app.listen({ port: listenOptions.port ?? 0, host });
      const address = app.server.address();
      const port =
        typeof address === 'object' && address ? address.port : listenOptions.port;
      return `http://${host}:${port}`;
    },
    async close() {
      stopped = true;
      clearInterval(timer);
      await running;
      await app.close();
      await db.destroy();
    },
  };
}
