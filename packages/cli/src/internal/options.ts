import { type Command, InvalidArgumentError, Option } from 'commander';

/** Options of commands that talk to a running platform. */
export type PlatformOptions = {
  platformUrl: string;
  apiKey?: string;
  apiSecret?: string;
};

/** Options of commands that use the device keystore. */
export type KeystoreOptions = { keystore: string };

/** `--user`, also read from `OST_WALLET_USER_ID`. */
export type UserOptions = { user: string };

/** `--passphrase-prefix`: the app's constant mixed into the PIN key. */
export type PinOptions = { passphrasePrefix: string };

/** The prefix the CLI uses unless told otherwise; activation and later PIN checks must agree. */
const DEFAULT_PASSPHRASE_PREFIX = 'ost-wallet-cli-passphrase-prefix';

/** Adds `--platform-url` and the partner credentials (flags or environment). */
export function addPlatformOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--platform-url <url>', 'platform API URL (printed by `ost-wallet up`)')
        .env('OST_WALLET_PLATFORM_URL')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--api-key <key>', 'partner API key of the app server').env(
        'OST_WALLET_API_KEY',
      ),
    )
    .addOption(
      new Option(
        '--api-secret <secret>',
        'partner API secret (prefer the env variable: flags show in `ps`)',
      ).env('OST_WALLET_API_SECRET'),
    );
}

/** Adds `--keystore`: the folder of encrypted device keys. */
function addKeystoreOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--keystore <dir>',
      'folder of the encrypted device keystore; its password comes from ' +
        'OST_WALLET_KEYSTORE_PASSWORD or a prompt',
    )
      .env('OST_WALLET_KEYSTORE')
      .default('./.ost-wallet/keystore'),
  );
}

/** Adds the mandatory `--user <id>`. */
export function addUserOption(command: Command): Command {
  return command.addOption(
    new Option('--user <id>', 'user id (from `ost-wallet user create`)')
      .env('OST_WALLET_USER_ID')
      .makeOptionMandatory(),
  );
}

/** The options of a command that acts as the user's device through the SDK. */
export type SdkOptions = PlatformOptions & KeystoreOptions & UserOptions;

/** Adds the options of an SDK command: the platform's, `--user` and `--keystore`. */
export function addSdkOptions(command: Command): Command {
  return addKeystoreOption(addUserOption(addPlatformOptions(command)));
}

/**
 * Parses a positive integer option value for commander.
 * @throws {InvalidArgumentError} for anything but decimal digits above 0
 */
export function parsePositiveInt(value: string): number {
  if (
    !/^[0-9]+$/.test(value) ||
    Number(value) <= 0 ||
    !Number.isSafeInteger(Number(value))
  ) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return Number(value);
}

/** Adds `--passphrase-prefix` (the PIN itself comes from OST_WALLET_PIN or a prompt). */
export function addPinOption(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--passphrase-prefix <text>',
        "the app's passphrase prefix mixed into the PIN key; must be the one used at activation",
      )
        .env('OST_WALLET_PASSPHRASE_PREFIX')
        .default(DEFAULT_PASSPHRASE_PREFIX),
    )
    .addHelpText(
      'after',
      '\nThe PIN is read from OST_WALLET_PIN, else typed at the terminal without echo.',
    );
}
