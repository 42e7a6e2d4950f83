/** Test setup: a real anvil, a fresh economy and a platform on a temp SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { deployEconomy, type EconomyManifest } from '@ost-wallet/contracts';
import { type Devchain, startDevchain } from '@ost-wallet/devchain';
import { privateKeyToAccount } from 'viem/accounts';
import { createLogger } from '../../src/createLogger.ts';
import {
  createPlatform,
  type Platform,
  type PlatformOptions,
} from '../../src/createPlatform.ts';

export type TestPlatform = {
  devchain: Devchain;
  economy: EconomyManifest;
  platform: Platform;
  partner: { apiKey: string; apiSecret: string };
  dataDir: string;
  /** Every log line the platform wrote. */
  logs: string[];
  close(): Promise<void>;
};

export const testPartner = {
  apiKey: 'ak_test',
  apiSecret: 'secret-for-tests-only-0123456789',
};

/** Starts anvil, deploys an economy and creates a platform (not listening). */
export async function startTestPlatform(
  overrides: Partial<PlatformOptions> = {},
  devchainOptions: Parameters<typeof startDevchain>[0] = {},
): Promise<TestPlatform> {
  const devchain = await startDevchain(devchainOptions);
  const relayer = devchain.accounts[0]!;
  const economy = await deployEconomy({
    rpcUrl: devchain.rpcUrl,
    deployer: privateKeyToAccount(relayer.privateKey),
    token: { name: 'Test', symbol: 'TST', decimals: 18, supply: 10n ** 30n },
    treasury: relayer.address,
    recoveryController: devchain.accounts[1]!.address,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'ost-platform-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const postgres = await createTestPostgres();
  const platform = await createPlatform({
    rpcUrl: devchain.rpcUrl,
    economy,
    database: postgres
      ? { postgresUrl: postgres.url }
      : { sqliteFile: join(dataDir, 'platform.sqlite') },
    relayerPrivateKey: relayer.privateKey,
    recoveryControllerPrivateKey: devchain.accounts[1]!.privateKey,
    partner: testPartner,
    logger: createLogger({ level: 'info' }, sink),
    pollIntervalMs: 100,
    ...overrides,
  });
  return {
    devchain,
    economy,
    platform,
    partner: testPartner,
    dataDir,
    logs,
    async close() {
      await platform.close();
      await postgres?.drop();
      await devchain.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * With TEST_POSTGRES_URL (an admin connection URL) set, each test platform gets its
 * own fresh Postgres database instead of a SQLite file.
 */
async function createTestPostgres(): Promise<
  { url: string; drop(): Promise<void> } | undefined
> {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) return undefined;
  const { default: pg } = await import('pg');
  const name = `ost_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
