import type { Command } from 'commander';
import { connectSdk } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { entityLine, summarizeEntity } from '../internal/describeEntity.ts';
import { getToken } from '../internal/getToken.ts';
import {
  addKeystoreOption,
  addPlatformOptions,
  addUserOption,
  type KeystoreOptions,
  type PlatformOptions,
  type UserOptions,
} from '../internal/options.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

type SendOptions = PlatformOptions &
  KeystoreOptions &
  UserOptions & { to: string[]; amount: string[] };

/** `ost-wallet tx send`. */
export function registerTxCommands(program: Command, runtime: CliRuntime): void {
  const tx = program.command('tx').description('token transfers signed by a session key');

  addKeystoreOption(
    addUserOption(
      addPlatformOptions(
        tx
          .command('send')
          .description(
            'transfer tokens with a session of this device (direct transfer rule)',
          )
          .requiredOption('--to <address...>', 'recipient address(es)')
          .requiredOption(
            '--amount <tokens...>',
            'amount(s) in whole tokens, one per recipient',
          ),
      ),
    ),
  ).action(
    defineAction<SendOptions>(runtime, async (_args, options, { io, output, signal }) => {
      const { OstWalletError } = await import('@ost-wallet/errors');
      if (options.to.length !== options.amount.length) {
        throw new OstWalletError(
          'INVALID_PARAMETER',
          `--to and --amount must pair up, got ${options.to.length} recipients and ${options.amount.length} amounts`,
        );
      }
      const { toSmallestUnit, fromSmallestUnit } = await import('@ost-wallet/sdk');
      const token = await getToken(options.platformUrl);
      const amounts = options.amount.map((a) => toSmallestUnit(a, token.decimals));
      const formatAmount = (v: bigint | string) =>
        `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`;
      const sdk = await connectSdk(options, io, output);
      const sent = await runWorkflow(
        { output, workflow: 'executeTransaction', formatAmount },
        signal,
        (d) =>
          sdk.executeTransaction(
            options.user,
            options.to as `0x${string}`[],
            amounts,
            'direct transfer',
            {},
            d,
          ),
      );
      const summary = summarizeEntity(sent, formatAmount);
      output.event('transaction', { transaction: summary }, entityLine(summary));
    }),
  );
}
