import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { createCleanup } from '../internal/createCleanup.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { parsePositiveInt } from '../internal/options.ts';

type UpOptions = { dataDir?: string; port?: number; blockTime?: number };

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
        'platform database folder (default: a temporary one, removed on exit)',
      ),
    )
    .addOption(
      new Option('--port <port>', 'platform HTTP port (default: a free one)').argParser(
        parsePositiveInt,
      ),
    )
    .addOption(
      new Option(
        '--block-time <seconds>',
        'mine a block every N seconds (default: on every transaction)',
      ).argParser(parsePositiveInt),
    )
    .addHelpText(
      'after',
      '\nThe partner API secret is printed here and nowhere else. Copy the printed\n' +
        '`export` lines into another shell to use the other commands against this platform.',
    )
    .action(
      defineAction<UpOptions>(runtime, async (_args, options, { output, signal }) => {
        const cleanup = createCleanup();
        try {
          const { startEmbeddedPlatform } = await import('@ost-wallet/platform');
          let dataDir = options.dataDir;
          if (dataDir === undefined) {
            const temp = await mkdtemp(join(tmpdir(), 'ost-wallet-up-'));
            cleanup.defer('data dir', () => rm(temp, { recursive: true, force: true }));
            dataDir = temp;
          }
          output.progress(
            'starting anvil, deploying the economy, starting the platform…',
          );
          const platform = await startEmbeddedPlatform({
            dataDir,
            ...(options.port === undefined ? {} : { port: options.port }),
            ...(options.blockTime === undefined ? {} : { blockTime: options.blockTime }),
          });
          cleanup.defer('platform', () => platform.stop());

          output.event(
            'up',
            {
              url: platform.url,
              rpc_url: platform.devchain.rpcUrl,
              chain_id: platform.devchain.chainId,
              data_dir: dataDir,
              manifest: platform.manifest,
              partner: {
                api_key: platform.partner.apiKey,
                api_secret: platform.partner.apiSecret,
              },
            },
            () =>
              [
                `platform  ${platform.url}`,
                `chain     ${platform.devchain.rpcUrl} (chain id ${platform.devchain.chainId})`,
                `data dir  ${dataDir}`,
                '',
                'manifest',
                JSON.stringify(platform.manifest, null, 2),
                '',
                '# partner credentials of the app server: keep the secret out of logs',
                `export OST_WALLET_PLATFORM_URL=${platform.url}`,
                `export OST_WALLET_API_KEY=${platform.partner.apiKey}`,
                `export OST_WALLET_API_SECRET=${platform.partner.apiSecret}`,
                '',
                'serving; Ctrl-C stops the platform and the chain',
              ].join('\n'),
          );

          await new Promise<void>((resolve) => {
            if (signal.aborted) return resolve();
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          output.progress('stopping…');
        } finally {
          await cleanup.run();
          output.event('stopped', {}, 'stopped');
        }
      }),
    );
}
