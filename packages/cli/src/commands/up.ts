import { type Command, Option } from 'commander';
import { createCleanup, startStoppable } from '../internal/createCleanup.ts';
import { createPlatformLogger } from '../internal/createPlatformLogger.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { parsePositiveInt } from '../internal/options.ts';

type UpOptions = { dataDir: string; port?: number; blockTime?: number; quiet?: boolean };

/** `ost-wallet up`: embedded chain + economy + platform until Ctrl-C. */
export function registerUpCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('up')
    .description(
      'start an embedded chain, deploy an economy and serve the platform API until Ctrl-C; ' +
        'prints the URL, the economy manifest and the partner API key and secret',
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        'chain state, manifest, partner credentials and database; a restart resumes from it',
      ).default('./.ost-wallet/platform'),
    )
    .addOption(
      new Option(
        '--port <port>',
        'platform HTTP port on 127.0.0.1 (default: a free one)',
      ).argParser(parsePositiveInt),
    )
    .addOption(
      new Option(
        '--block-time <seconds>',
        'mine a block every N seconds (default: one block per transaction)',
      ).argParser(parsePositiveInt),
    )
    .option('--quiet', 'no platform log lines on stderr')
    .addHelpText(
      'after',
      '\nThe partner API secret is printed here and by no other command. Paste the printed\n' +
        '`export` lines into another shell to use the other commands against this platform.\n' +
        'anvil runs with its public test keys: never use this mode for real value.',
    )
    .action(
      defineAction<UpOptions>(runtime, async (_args, options, { output, signal }) => {
        const cleanup = createCleanup();
        try {
          const { startEmbeddedPlatform } = await import('@ost-wallet/platform');
          output.progress(
            'starting anvil, deploying the economy (first start only), starting the platform…',
          );
          const logger = await createPlatformLogger(options.quiet ? 'silent' : 'info');
          const [platform] = await startStoppable(
            cleanup,
            'platform',
            startEmbeddedPlatform({
              dataDir: options.dataDir,
              logger,
              ...(options.port === undefined ? {} : { port: options.port }),
              ...(options.blockTime === undefined
                ? {}
                : { blockTime: options.blockTime }),
            }),
            signal,
          );
          const { url, manifest, partner, devchain } = platform;

          output.event(
            'up',
            {
              url,
              rpc_url: devchain.rpcUrl,
              chain_id: devchain.chainId,
              data_dir: options.dataDir,
              manifest,
              partner: { api_key: partner.apiKey, api_secret: partner.apiSecret },
            },
            () =>
              [
                `platform   ${url}`,
                `chain      ${devchain.rpcUrl} (chain id ${devchain.chainId})`,
                `token      ${manifest.token.symbol} (${manifest.token.decimals} decimals) at ${manifest.token.address}`,
                `data dir   ${options.dataDir}`,
                '',
                'manifest:',
                JSON.stringify(manifest, null, 2),
                '',
                "# the app server's partner credentials; keep the secret out of logs and shells' history",
                `export OST_WALLET_PLATFORM_URL=${url}`,
                `export OST_WALLET_API_KEY=${partner.apiKey}`,
                `export OST_WALLET_API_SECRET=${partner.apiSecret}`,
                '',
                'serving; Ctrl-C stops the platform and the chain',
              ].join('\n'),
          );

          await new Promise<void>((resolve) => {
            if (signal.aborted) return resolve();
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          output.progress('stopping the platform and the chain…');
        } finally {
          await cleanup.run();
          output.event('stopped', {}, 'stopped');
        }
      }),
    );
}
