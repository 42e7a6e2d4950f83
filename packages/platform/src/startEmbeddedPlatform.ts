/**
 * The embedded default: anvil, an economy and the platform in one call, all kept in
 * one data directory so a restart resumes where it stopped.
 *
 *   <dataDir>/anvil-state.json   chain state (anvil --state, also dumped every second)
 *   <dataDir>/economy.json       the deployed economy's manifest
 *   <dataDir>/partner.json       partner API key and secret (mode 0600)
 *   <dataDir>/platform.sqlite    the platform database
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deployEconomy, type EconomyManifest } from '@ost-wallet/contracts';
import { type Devchain, startDevchain } from '@ost-wallet/devchain';
import { OstWalletError } from '@ost-wallet/errors';
import type { Logger } from 'pino';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createLogger } from './createLogger.ts';
import { createPlatform, type Platform } from './createPlatform.ts';
import { loadOrCreatePartner } from './internal/loadOrCreatePartner.ts';

/** Options of {@link startEmbeddedPlatform}. */
export type EmbeddedPlatformOptions = {
  /** Where chain state, manifest, credentials and database live. @default './.ost-wallet' */
  dataDir?: string;
  /** HTTP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** A pino logger. @default info level to stdout */
  logger?: Logger;
  /** Seconds between blocks; when omitted every transaction is mined at once. */
  blockTime?: number;
  /** Longest session lifetime accepted, in seconds. @default one year */
  maxSessionExpirySecs?: number;
  /** Use this Postgres database instead of `<dataDir>/platform.sqlite`. */
  postgresUrl?: string;
};

/** A running embedded platform. */
export type EmbeddedPlatform = {
  /** Base URL of the API, e.g. http://127.0.0.1:54321 */
  url: string;
  manifest: EconomyManifest;
  /** Partner credentials for the app server (createPartnerClient). */
  partner: { apiKey: string; apiSecret: string };
  devchain: Devchain;
  platform: Platform;
  /** Stops the server and the chain (the chain writes its state file). */
  stop(): Promise<void>;
};

/**
 * Starts anvil, deploys an economy on first start (reused afterwards), and serves the
 * platform API on loopback. anvil's public test keys pay gas (account 0, also the
 * treasury) and control recovery (account 1): never use this mode for real value.
 *
 * @param options - see {@link EmbeddedPlatformOptions}
 * @returns URL, manifest, partner credentials, the devchain and `stop()`
 * @throws {OstWalletError} `CHAIN_ERROR` when the saved manifest does not match the
 *   restored chain (e.g. the chain state file was deleted)
 * @example
 * const embedded = await startEmbeddedPlatform({ dataDir: tmp });
 * const partner = createPartnerClient({ platformUrl: embedded.url, ...embedded.partner });
 * await embedded.stop();
 */
export async function startEmbeddedPlatform(
  options: EmbeddedPlatformOptions = {},
): Promise<EmbeddedPlatform> {
  const dataDir = resolve(options.dataDir ?? './.ost-wallet');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? createLogger();

  const devchain = await startDevchain({
    stateFile: join(dataDir, 'anvil-state.json'),
    stateInterval: 1,
    // Our stop() ends anvil with SIGINT so it writes its state; no kill on signals.
    stopOnSignal: false,
    ...(options.blockTime === undefined ? {} : { blockTime: options.blockTime }),
  });
  try {
    const [relayerAccount, controllerAccount] = devchain.accounts;
    if (!relayerAccount || !controllerAccount) {
      throw new OstWalletError('CHAIN_ERROR', 'devchain has fewer than two accounts');
    }
    const manifest = await loadOrDeployEconomy(
      dataDir,
      devchain,
      relayerAccount.privateKey,
      controllerAccount.address,
      logger,
    );
    const partner = loadOrCreatePartner(dataDir);
    const platform = await createPlatform({
      rpcUrl: devchain.rpcUrl,
      economy: manifest,
      database: options.postgresUrl
        ? { postgresUrl: options.postgresUrl }
        : { sqliteFile: join(dataDir, 'platform.sqlite') },
      relayerPrivateKey: relayerAccount.privateKey,
      recoveryControllerPrivateKey: controllerAccount.privateKey,
      partner,
      logger,
      pollIntervalMs: 250,
      ...(options.maxSessionExpirySecs === undefined
        ? {}
        : { maxSessionExpirySecs: options.maxSessionExpirySecs }),
    });
    const url = await platform.listen({ port: options.port ?? 0, host: '127.0.0.1' });
    return {
      url,
      manifest,
      partner,
      devchain,
      platform,
      async stop() {
        await platform.close();
        await devchain.stop();
      },
    };
  } catch (error) {
    await devchain.stop();
    throw error;
  }
}

async function loadOrDeployEconomy(
  dataDir: string,
  devchain: Devchain,
  deployerKey: `0x${string}`,
  recoveryController: `0x${string}`,
  logger: Logger,
): Promise<EconomyManifest> {
  const file = join(dataDir, 'economy.json');
  const publicClient = createPublicClient({ transport: http(devchain.rpcUrl) });
  if (existsSync(file)) {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as EconomyManifest;
    const code = await publicClient.getCode({ address: manifest.userWalletFactory });
    if (!code || code === '0x') {
      throw new OstWalletError(
        'CHAIN_ERROR',
        `the economy in ${file} is not on the restored chain; the chain state was lost. Remove ${dataDir} to start afresh`,
      );
    }
    return manifest;
  }
  const deployer = privateKeyToAccount(deployerKey);
  logger.info({ dataDir }, 'deploying a new economy');
  const manifest = await deployEconomy({
    rpcUrl: devchain.rpcUrl,
    deployer,
    token: { name: 'Ost Wallet Token', symbol: 'OWT', decimals: 18, supply: 10n ** 27n },
    treasury: deployer.address,
    recoveryController,
  });
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
