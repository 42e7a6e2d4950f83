import type { Command } from 'commander';
import { connectSdk, getTokenAmounts } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { entityLine, summarizeEntity } from '../internal/describeEntity.ts';
import { addSdkOptions, type SdkOptions } from '../internal/options.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

type SendOptions = SdkOptions & { to: string[]; amount: string[] };

/** `ost-wallet tx send`. */
export function registerTxCommands(program: Command, runtime: CliRuntime): void {
  const tx = program.command('tx').description('token transfers signed by a session key');

  addSdkOptions(
    tx
      .command('send')
      .description(
        'transfer tokens with a session of this device (direct transfer rule); the SDK ' +
          'picks an unexpired session whose limit covers the total',
      )
      .requiredOption('--to <address...>', 'recipient address(es)')
      .requiredOption(
        '--amount <tokens...>',
        'amount(s) in whole tokens, one per recipient',
      ),
  ).action(
    defineAction<SendOptions>(runtime, async (_args, options, { io, output, signal }) => {
      if (options.to.length !== options.amount.length) {
        const { OstWalletError } = await import('@ost-wallet/errors');
        throw new OstWalletError(
          'INVALID_PARAMETER',
          `--to and --amount must pair up, got ${options.to.length} recipients and ${options.amount.length} amounts`,
        );
      }
      const sdk = await connectSdk(options, io, output);
      const { toSmallest, format } = await getTokenAmounts(sdk, options.user);
      const amounts = options.amount.map(toSmallest);
      const sent = await runWorkflow(
        { output, workflow: 'executeTransaction', formatAmount: format },
        signal,
        (d) =>
          sdk.executeTransaction(
            options.user,
            options.to,
            amounts,
            'direct transfer',
            null,
            d,
          ),
      );
      const summary = summarizeEntity(sent, format);
      output.event('transaction', { transaction: summary }, entityLine(summary));
    }),
  );
}
