import { writeFile } from 'node:fs/promises';
import { OstWalletError } from '@ost-wallet/errors';
import { type Command, Option } from 'commander';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { parsePositiveInt } from '../internal/options.ts';

type DeployOptions = {
  rpcUrl: string;
  out: string;
  name: string;
  symbol: string;
  decimals: number;
  supply: string;
  treasury?: string;
  recoveryController?: string;
};

/** `ost-wallet economy deploy`: an economy on any chain, for `ost-wallet-platform --economy`. */
export function registerEconomyCommands(program: Command, runtime: CliRuntime): void {
  const economy = program.command('economy').description('the contracts of an economy');

  economy
    .command('deploy')
    .description(
      'deploy an economy (Safe 1.4.1, token, TokenRules, TokenHolder and recovery ' +
        'implementations, UserWalletFactory) and write its manifest',
    )
    .addOption(
      new Option('--rpc-url <url>', 'JSON-RPC URL of the chain').makeOptionMandatory(),
    )
    .addOption(
      new Option('--out <file>', 'where the manifest goes').default('economy.json'),
    )
    .addOption(new Option('--name <name>', 'token name').default('Ost Wallet Token'))
    .addOption(new Option('--symbol <symbol>', 'token symbol').default('OWT'))
    .addOption(
      new Option('--decimals <n>', 'token decimals (18 and 6 are tested)')
        .argParser(parsePositiveInt)
        .default(18),
    )
    .addOption(
      new Option(
        '--supply <tokens>',
        'supply minted to the treasury, whole tokens',
      ).default('1000000000'),
    )
    .addOption(
      new Option(
        '--treasury <address>',
        "receives the supply; the platform funds users from its relayer's balance, so use " +
          'the relayer address (default: the deployer)',
      ),
    )
    .addOption(
      new Option(
        '--recovery-controller <address>',
        'relays recovery (default: the deployer)',
      ),
    )
    .addHelpText(
      'after',
      '\nThe deployer key comes from OST_WALLET_DEPLOYER_KEY (0x + 64 hex), never from a flag.',
    )
    .action(
      defineAction<DeployOptions>(runtime, async (_args, options, { output }) => {
        const key = process.env.OST_WALLET_DEPLOYER_KEY;
        if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
          throw new OstWalletError(
            'INVALID_PARAMETER',
            'OST_WALLET_DEPLOYER_KEY must hold the deployer private key (0x + 64 hex)',
          );
        }
        output.addSecret(key);
        output.addSecret(key.slice(2));
        const [
          { deployEconomy },
          { privateKeyToAccount },
          { getAddress },
          { toSmallestUnit },
        ] = await Promise.all([
          import('@ost-wallet/contracts'),
          import('viem/accounts'),
          import('viem'),
          import('@ost-wallet/sdk'),
        ]);
        const deployer = privateKeyToAccount(key as `0x${string}`);
        const address = (value: string | undefined, name: string) => {
          if (value === undefined) return deployer.address;
          try {
            return getAddress(value);
          } catch (cause) {
            throw new OstWalletError(
              'INVALID_ADDRESS',
              `${name} must be an address, got '${value}'`,
              {
                cause,
              },
            );
          }
        };
        const treasury = address(options.treasury, '--treasury');
        const recoveryController = address(
          options.recoveryController,
          '--recovery-controller',
        );

        output.progress(`deploying from ${deployer.address} to ${options.rpcUrl}…`);
        let manifest: Awaited<ReturnType<typeof deployEconomy>>;
        try {
          manifest = await deployEconomy({
            rpcUrl: options.rpcUrl,
            deployer,
            token: {
              name: options.name,
              symbol: options.symbol,
              decimals: options.decimals,
              supply: toSmallestUnit(options.supply, options.decimals),
            },
            treasury,
            recoveryController,
          });
        } catch (cause) {
          throw new OstWalletError(
            'CHAIN_ERROR',
            `deployment on ${options.rpcUrl} failed`,
            {
              cause,
            },
          );
        }
        await writeFile(options.out, `${JSON.stringify(manifest, null, 2)}\n`);
        output.event(
          'economy',
          { out: options.out, manifest },
          `economy on chain ${manifest.chainId}: token ${manifest.token.symbol} at ${manifest.token.address}, factory ${manifest.userWalletFactory}\nmanifest written to ${options.out}`,
        );
      }),
    );
}
