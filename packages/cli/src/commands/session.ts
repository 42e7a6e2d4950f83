import type { Command } from 'commander';
import { connectSdk, getTokenAmounts } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { entityLine, summarizeEntity } from '../internal/describeEntity.ts';
import {
  addPinOption,
  addSdkOptions,
  type PinOptions,
  parsePositiveInt,
  type SdkOptions,
} from '../internal/options.ts';
import { getSecret } from '../internal/readSecret.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

/** `ost-wallet session add | list | revoke | logout-all`. */
export function registerSessionCommands(program: Command, runtime: CliRuntime): void {
  const session = program
    .command('session')
    .description('session keys: per-transaction spending limit, expiry by chain time');

  addPinOption(
    addSdkOptions(
      session
        .command('add')
        .description(
          'create a session key on this device and authorize it on chain (asks for the PIN)',
        )
        .requiredOption(
          '--spending-limit <tokens>',
          'most one transaction may move, whole tokens (e.g. 10 or 2.5)',
        )
        .requiredOption(
          '--expires-in <seconds>',
          'lifetime in seconds of chain time',
          parsePositiveInt,
        ),
    ),
  ).action(
    defineAction<SdkOptions & PinOptions & { spendingLimit: string; expiresIn: number }>(
      runtime,
      async (_args, options, { io, output, signal }) => {
        const sdk = await connectSdk(options, io, output);
        const { toSmallest, format } = await getTokenAmounts(sdk, options.user);
        const limit = toSmallest(options.spendingLimit);
        const getPin = async () => ({
          pin: await getSecret(io, 'OST_WALLET_PIN', 'PIN: '),
          passphrasePrefix: options.passphrasePrefix,
        });
        const added = await runWorkflow(
          { output, workflow: 'addSession', formatAmount: format, getPin },
          signal,
          (d) => sdk.addSession(options.user, limit, options.expiresIn, d),
        );
        const summary = summarizeEntity(added, format);
        output.event('session', { session: summary }, entityLine(summary));
      },
    ),
  );

  addSdkOptions(
    session
      .command('list')
      .description("list the user's sessions as the platform knows them"),
  ).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output }) => {
      const sdk = await connectSdk(options, io, output);
      const { format } = await getTokenAmounts(sdk, options.user);
      const sessions = await sdk.getSessions(options.user);
      const summaries = sessions.map((s) => summarizeEntity(s, format));
      output.event('sessions', { sessions: summaries }, () =>
        summaries.length === 0 ? 'no sessions' : summaries.map(entityLine).join('\n'),
      );
    }),
  );

  addSdkOptions(
    session
      .command('revoke')
      .description('revoke one session key on chain')
      .argument('<address>', 'the session key address'),
  ).action(
    defineAction<SdkOptions>(
      runtime,
      async ([address], options, { io, output, signal }) => {
        const sdk = await connectSdk(options, io, output);
        const { format } = await getTokenAmounts(sdk, options.user);
        const revoked = await runWorkflow(
          { output, workflow: 'revokeSession', formatAmount: format },
          signal,
          (d) => sdk.revokeSession(options.user, address ?? '', d),
        );
        const summary = summarizeEntity(revoked, format);
        output.event('session', { session: summary }, entityLine(summary));
      },
    ),
  );

  addSdkOptions(
    session
      .command('logout-all')
      .description('end every session of the user in one on-chain transaction'),
  ).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output, signal }) => {
      const sdk = await connectSdk(options, io, output);
      const holder = await runWorkflow(
        { output, workflow: 'logoutAllSessions' },
        signal,
        (d) => sdk.logoutAllSessions(options.user, d),
      );
      output.event(
        'logged_out',
        { token_holder: summarizeEntity(holder) },
        `every session of user ${options.user} ended (token holder ${holder.address} ${holder.status})`,
      );
    }),
  );
}
