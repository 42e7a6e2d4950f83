#!/usr/bin/env -S node --import tsx
/**
 * `ost-wallet-platform`: serves the platform API.
 *
 *   ost-wallet-platform                        embedded: anvil + economy + API in ./.ost-wallet
 *   ost-wallet-platform --rpc-url URL --economy manifest.json [--data-dir DIR]
 *
 * The relayer key comes from OST_WALLET_RELAYER_KEY (required with --rpc-url), the
 * database from DATABASE_URL (Postgres) or <data-dir>/platform.sqlite. The URL, the
 * manifest and the partner credentials are printed to stdout for the person who
 * started the server; they never go to the log.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EconomyManifest } from '@ost-wallet/contracts';
import { Command } from 'commander';
import type { Hex } from 'viem';
import { createLogger } from './createLogger.ts';
import { createPlatform } from './createPlatform.ts';
import { loadOrCreatePartner } from './internal/loadOrCreatePartner.ts';
import { startEmbeddedPlatform } from './startEmbeddedPlatform.ts';

type Options = {
  dataDir: string;
  rpcUrl?: string;
  economy?: string;
  port: string;
  host: string;
};

const program = new Command()
  .name('ost-wallet-platform')
  .description('Serve the ost-wallet platform API (embedded chain by default)')
  .option(
    '--data-dir <dir>',
    'where state, credentials and the SQLite database live',
    './.ost-wallet',
  )
  .option('--rpc-url <url>', 'use this chain instead of the embedded anvil')
  .option('--economy <manifest.json>', 'economy manifest (required with --rpc-url)')
  .option('--port <port>', 'HTTP port', '8787')
  .option(
    '--host <host>',
    'HTTP host with --rpc-url (embedded mode serves on 127.0.0.1)',
    '127.0.0.1',
  )
  .addHelpText(
    'after',
    `
Environment:
  OST_WALLET_RELAYER_KEY  relayer private key (0x + 64 hex), required with --rpc-url;
                          pays gas and funds users from its token balance
  DATABASE_URL            postgres://… to use Postgres instead of <data-dir>/platform.sqlite
  LOG_LEVEL               log level of the JSON log on stderr (default: info)

The URL, the manifest and the partner API key and secret go to stdout.`,
  )
  .parse(process.argv);

const options = program.opts<Options>();
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port, got ${options.port}`);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' }, process.stderr);

try {
  if (options.rpcUrl === undefined) {
    const embedded = await startEmbeddedPlatform({
      dataDir: options.dataDir,
      port,
      logger,
    });
    announce(embedded.url, embedded.manifest, embedded.partner, resolve(options.dataDir));
    onStop(() => embedded.stop());
  } else {
    if (!options.economy) fail('--economy <manifest.json> is required with --rpc-url');
    const relayerKey = process.env.OST_WALLET_RELAYER_KEY;
    if (!relayerKey || !/^0x[0-9a-fA-F]{64}$/.test(relayerKey)) {
      fail(
        'OST_WALLET_RELAYER_KEY must hold the relayer private key (0x + 64 hex) with --rpc-url',
      );
    }
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const economy = JSON.parse(readFileSync(options.economy, 'utf8')) as EconomyManifest;
    const partner = loadOrCreatePartner(dataDir);
    const platform = await createPlatform({
      rpcUrl: options.rpcUrl,
      economy,
      database: process.env.DATABASE_URL
        ? { postgresUrl: process.env.DATABASE_URL }
        : { sqliteFile: join(dataDir, 'platform.sqlite') },
      relayerPrivateKey: relayerKey as Hex,
      partner,
      logger,
    });
    const url = await platform.listen({ port, host: options.host });
    announce(url, economy, partner, dataDir);
    onStop(() => platform.close());
  }
} catch (error) {
  const e = error as { code?: string; shortMessage?: string; message?: string };
  fail(`${e.code ? `${e.code}: ` : ''}${e.shortMessage ?? e.message ?? String(error)}`);
}

function announce(
  url: string,
  manifest: EconomyManifest,
  partner: { apiKey: string; apiSecret: string },
  dataDir: string,
): void {
  process.stdout.write(
    `${JSON.stringify({ url, dataDir, partner, manifest }, null, 2)}\n` +
      `ost-wallet platform listening on ${url}\n`,
  );
}

function onStop(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function fail(message: string): never {
  process.stderr.write(`ost-wallet-platform: ${message}\n`);
  process.exit(1);
}
