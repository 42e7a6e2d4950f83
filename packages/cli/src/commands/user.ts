import { type Command, Option } from 'commander';
import { connectPartner, connectSdk } from '../internal/connect.ts';
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
import { getSecret } from '../internal/readSecret.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

type ActivateOptions = PlatformOptions &
  KeystoreOptions &
  UserOptions & { spendingLimit: string; expiresIn: number; passphrasePrefix: string };

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
        const found = await partner.getUser(options.user);
        const summary = summarizeEntity(found);
        output.event('user', { user: summary }, entityLine(summary));
      },
    ),
  );

  addUserOption(
    addPlatformOptions(
      user
        .command('fund')
        .description(
          "send tokens from the economy's treasury to the user's token holder (partner API)",
        )
        .requiredOption('--amount <tokens>', 'amount in whole tokens, e.g. 25 or 0.5'),
    ),
  ).action(
    defineAction<PlatformOptions & UserOptions & { amount: string }>(
      runtime,
      async (_args, options, { output }) => {
        const partner = await connectPartner(options, output);
        const { toSmallestUnit } = await import('@ost-wallet/sdk');
        const found = await partner.getUser(options.user);
        const token = await getToken(options.platformUrl, found.token_id);
        const amount = toSmallestUnit(options.amount, token.decimals);
        const funded = await partner.fundUser(options.user, {
          amount: amount.toString(),
        });
        output.event(
          'funded',
          {
            user_id: options.user,
            amount: amount.toString(),
            result: summarizeEntity(funded),
          },
          `funded ${options.amount} ${token.symbol} to user ${options.user}`,
        );
      },
    ),
  );

  addKeystoreOption(
    addUserOption(
      addPlatformOptions(
        user
          .command('activate')
          .description(
            "activate the user: deploy the user's wallet with this device as owner, a recovery " +
              'owner derived from the PIN and a first session',
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
          )
          .addOption(
            new Option(
              '--passphrase-prefix <text>',
              "the app's passphrase prefix mixed into the PIN key",
            )
              .env('OST_WALLET_PASSPHRASE_PREFIX')
              .default('ost-wallet-cli-default-passphrase-prefix'),
          )
          .addHelpText(
            'after',
            '\nThe PIN is read from OST_WALLET_PIN, else typed at the terminal without echo.',
          ),
      ),
    ),
  ).action(
    defineAction<ActivateOptions>(
      runtime,
      async (_args, options, { io, output, signal }) => {
        const sdk = await connectSdk(options, io, output);
        const { toSmallestUnit } = await import('@ost-wallet/sdk');
        const token = await getToken(options.platformUrl);
        const limit = toSmallestUnit(options.spendingLimit, token.decimals);
        const pin = await getSecret(io, 'OST_WALLET_PIN', 'PIN: ');
        const activated = await runWorkflow(
          { output, workflow: 'activateUser', getPin: async () => pin },
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
