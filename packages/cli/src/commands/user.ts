import { type Command, Option } from 'commander';
import { connectPartner, connectSdk, getTokenAmounts } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { entityLine, summarizeEntity } from '../internal/describeEntity.ts';
import {
  addPinOption,
  addPlatformOptions,
  addSdkOptions,
  addUserOption,
  type PinOptions,
  type PlatformOptions,
  parsePositiveInt,
  type SdkOptions,
  type UserOptions,
} from '../internal/options.ts';
import { getSecret } from '../internal/readSecret.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

type ActivateOptions = SdkOptions &
  PinOptions & { spendingLimit: string; expiresIn: number };

/** `ost-wallet user create | show | fund | activate`. */
export function registerUserCommands(program: Command, runtime: CliRuntime): void {
  const user = program
    .command('user')
    .description('create, show, fund and activate users');

  addPlatformOptions(
    user.command('create').description('create a user (as the app server, partner API)'),
  ).action(
    defineAction<PlatformOptions>(runtime, async (_args, options, { output }) => {
      const partner = await connectPartner(options, output);
      const created = await partner.createUser();
      const summary = summarizeEntity(created);
      output.event(
        'user',
        { user: summary },
        `${entityLine(summary)}\nexport OST_WALLET_USER_ID=${created.id}`,
      );
    }),
  );

  addUserOption(
    addPlatformOptions(
      user.command('show').description('show a user (as the app server, partner API)'),
    ),
  ).action(
    defineAction<PlatformOptions & UserOptions>(
      runtime,
      async (_args, options, { output }) => {
        const partner = await connectPartner(options, output);
        const summary = summarizeEntity(await partner.getUser(options.user));
        output.event('user', { user: summary }, entityLine(summary));
      },
    ),
  );

  addSdkOptions(
    user
      .command('fund')
      .description(
        "send tokens from the economy's treasury to the user's token holder (as the app " +
          'server, partner API); the token is read through this device',
      )
      .requiredOption('--amount <tokens>', 'amount in whole tokens, e.g. 25 or 0.5'),
  ).action(
    defineAction<SdkOptions & { amount: string }>(
      runtime,
      async (_args, options, { io, output }) => {
        const partner = await connectPartner(options, output);
        const sdk = await connectSdk(options, io, output);
        const { toSmallest, format } = await getTokenAmounts(sdk, options.user);
        const amount = toSmallest(options.amount);
        const funding = await partner.fundUser(options.user, amount);
        output.event(
          'funding',
          { funding },
          `funding ${funding.id} of ${format(amount)} to ${funding.token_holder_address}: ${funding.status}`,
        );
      },
    ),
  );

  addPinOption(
    addSdkOptions(
      user
        .command('activate')
        .description(
          "activate the user: deploy the user's wallet with this device as owner, a " +
            'recovery owner derived from the PIN, and a first session',
        )
        .addOption(
          new Option(
            '--spending-limit <tokens>',
            'first session: limit per transaction, whole tokens',
          ).default('10'),
        )
        .addOption(
          new Option(
            '--expires-in <seconds>',
            'first session: lifetime in seconds of chain time',
          )
            .argParser(parsePositiveInt)
            .default(86_400),
        ),
    ),
  ).action(
    defineAction<ActivateOptions>(
      runtime,
      async (_args, options, { io, output, signal }) => {
        const sdk = await connectSdk(options, io, output);
        const { toSmallest } = await getTokenAmounts(sdk, options.user);
        const limit = toSmallest(options.spendingLimit);
        const pin = await getSecret(io, 'OST_WALLET_PIN', 'PIN: ');
        const activated = await runWorkflow(
          { output, workflow: 'activateUser' },
          signal,
          (d) =>
            sdk.activateUser(
              options.user,
              pin,
              options.passphrasePrefix,
              options.expiresIn,
              limit,
              d,
            ),
        );
        const summary = summarizeEntity(activated);
        output.event('user', { user: summary }, entityLine(summary));
      },
    ),
  );
}
