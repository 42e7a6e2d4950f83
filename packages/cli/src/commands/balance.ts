import type { Command } from 'commander';
import { connectSdk } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { getToken } from '../internal/getToken.ts';
import {
  addKeystoreOption,
  addPlatformOptions,
  addUserOption,
  type KeystoreOptions,
  type PlatformOptions,
  type UserOptions,
} from '../internal/options.ts';

/** `ost-wallet balance`. */
export function registerBalanceCommand(program: Command, runtime: CliRuntime): void {
  addKeystoreOption(
    addUserOption(
      addPlatformOptions(
        program.command('balance').description("the user's token balance"),
      ),
    ),
  ).action(
    defineAction<PlatformOptions & KeystoreOptions & UserOptions>(
      runtime,
      async (_args, options, { io, output }) => {
        const { fromSmallestUnit } = await import('@ost-wallet/sdk');
        const token = await getToken(options.platformUrl);
        const sdk = await connectSdk(options, io, output);
        const balance = await sdk.getBalance(options.user);
        const tokens = fromSmallestUnit(balance.available_balance, token.decimals);
        output.event(
          'balance',
          { ...balance, available_balance_tokens: tokens, symbol: token.symbol },
          `${tokens} ${token.symbol} (token holder ${balance.token_holder_address})`,
        );
      },
    ),
  );
}
