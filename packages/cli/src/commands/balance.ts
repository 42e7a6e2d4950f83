import type { Command } from 'commander';
import { connectSdk, getTokenAmounts } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { addSdkOptions, type SdkOptions } from '../internal/options.ts';

/** `ost-wallet balance`. */
export function registerBalanceCommand(program: Command, runtime: CliRuntime): void {
  addSdkOptions(
    program.command('balance').description("the user's token balance (token holder)"),
  ).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output }) => {
      const sdk = await connectSdk(options, io, output);
      const { format } = await getTokenAmounts(sdk, options.user);
      const balance = await sdk.getBalance(options.user);
      output.event(
        'balance',
        {
          ...balance,
          available_balance_tokens: format(balance.available_balance),
          unsettled_debit_tokens: format(balance.unsettled_debit),
        },
        `${format(balance.available_balance)} (token holder ${balance.token_holder_address}` +
          `${BigInt(balance.unsettled_debit) > 0n ? `, ${format(balance.unsettled_debit)} not yet mined` : ''})`,
      );
    }),
  );
}
