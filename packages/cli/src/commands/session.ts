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
  parsePositiveInt,
  type UserOptions,
} from '../internal/options.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

type SdkOptions = PlatformOptions & KeystoreOptions & UserOptions;

/** `ost-wallet session add | list | revoke | logout-all`. */
export function registerSessionCommands(program: Command, runtime: CliRuntime): void {
  const session = program
    .command('session')
    .description('session keys: per-transaction spending limit, expiry by chain time');
  const withSdk = (command: Command) =>
    addKeystoreOption(addUserOption(addPlatformOptions(command)));

  withSdk(
    session
      .command('add')
      .description('create a session key on this device and authorize it on chain')
      .requiredOption(
        '--spending-limit <tokens>',
        'limit per transaction, whole tokens (e.g. 10 or 2.5)',
      )
      .requiredOption(
        '--expires-in <seconds>',
        'lifetime in seconds of chain time',
        parsePositiveInt,
      ),
  ).action(
    defineAction<SdkOptions & { spendingLimit: string; expiresIn: number }>(
      runtime,
      async (_args, options, { io, output, signal }) => {
        const { toSmallestUnit, fromSmallestUnit } = await import('@ost-wallet/sdk');
        const token = await getToken(options.platformUrl);
        const limit = toSmallestUnit(options.spendingLimit, token.decimals);
        const sdk = await connectSdk(options, io, output);
        const formatAmount = (v: bigint | string) =>
          `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`;
        const added = await runWorkflow(
          { output, workflow: 'addSession', formatAmount },
          signal,
          (d) => sdk.addSession(options.user, limit, options.expiresIn, d),
        );
        const summary = summarizeEntity(added, formatAmount);
        output.event('session', { session: summary }, entityLine(summary));
      },
    ),
  );

  withSdk(session.command('list').description("list the user's sessions")).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output }) => {
      const { fromSmallestUnit } = await import('@ost-wallet/sdk');
      const token = await getToken(options.platformUrl);
      const sdk = await connectSdk(options, io, output);
      const formatAmount = (v: bigint | string) =>
        `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`;
      const sessions = await sdk.getSessions(options.user);
      const summaries = sessions.map((s: unknown) => summarizeEntity(s, formatAmount));
      output.event('sessions', { sessions: summaries }, () =>
        summaries.length === 0 ? 'no sessions' : summaries.map(entityLine).join('\n'),
      );
    }),
  );

  withSdk(
    session
      .command('revoke')
      .description('revoke one session key on chain')
      .argument('<address>', 'the session key address'),
  ).action(
    defineAction<SdkOptions>(
      runtime,
      async ([address], options, { io, output, signal }) => {
        const sdk = await connectSdk(options, io, output);
        const revoked = await runWorkflow(
          { output, workflow: 'revokeSession' },
          signal,
          (d) => sdk.revokeSession(options.user, address as `0x${string}`, d),
        );
        const summary = summarizeEntity(revoked);
        output.event('session', { session: summary }, entityLine(summary));
      },
    ),
  );

  withSdk(
    session
      .command('logout-all')
      .description('end every session of the user in one transaction'),
  ).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output, signal }) => {
      const sdk = await connectSdk(options, io, output);
      const result = await runWorkflow(
        { output, workflow: 'logoutAllSessions' },
        signal,
        (d) => sdk.logoutAllSessions(options.user, d),
      );
      output.event(
        'logged_out',
        { result: summarizeEntity(result) },
        'every session ended',
      );
    }),
  );
}
