/**
 * Clients for commands that talk to a running platform: the partner client (the app
 * server's role, HMAC-signed) and the wallet SDK over the encrypted file keystore.
 * Modules load on demand so `--help` stays fast.
 */
import { resolve } from 'node:path';
import { OstWalletError } from '@ost-wallet/errors';
import type { Token } from '@ost-wallet/protocol';
import type { WalletSdk } from '@ost-wallet/sdk';
import type { CliIo, Output } from './createOutput.ts';
import type { FormatAmount } from './describeEntity.ts';
import type { KeystoreOptions, PlatformOptions } from './options.ts';
import { getSecret } from './readSecret.ts';

/**
 * The app server's client for the partner API.
 * @throws {OstWalletError} `INVALID_PARAMETER` when the key or secret is missing
 */
export async function connectPartner(options: PlatformOptions, output: Output) {
  if (!options.apiKey || !options.apiSecret) {
    throw new OstWalletError(
      'INVALID_PARAMETER',
      'partner credentials missing: set OST_WALLET_API_KEY and OST_WALLET_API_SECRET (or --api-key, --api-secret)',
    );
  }
  output.addSecret(options.apiSecret);
  const { createPartnerClient } = await import('@ost-wallet/protocol');
  return createPartnerClient({
    platformUrl: options.platformUrl,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
  });
}

/**
 * The wallet SDK with its state in the keystore folder, encrypted with the password
 * from `OST_WALLET_KEYSTORE_PASSWORD` or typed at a prompt without echo.
 * @throws {OstWalletError} `INVALID_PARAMETER` when there is no password and no terminal
 */
export async function connectSdk(
  options: PlatformOptions & KeystoreOptions,
  io: CliIo,
  output: Output,
): Promise<WalletSdk> {
  const storagePassword = await getSecret(
    io,
    'OST_WALLET_KEYSTORE_PASSWORD',
    'Keystore password: ',
  );
  output.addSecret(storagePassword);
  const [{ createWalletSdk }, { createFileStorage }] = await Promise.all([
    import('@ost-wallet/sdk'),
    import('@ost-wallet/sdk/node'),
  ]);
  return createWalletSdk({
    platformUrl: options.platformUrl,
    storage: createFileStorage({ directory: resolve(options.keystore) }),
    storagePassword,
    pollIntervalMs: 250,
  });
}

/** The economy's token with exact conversions between whole tokens and the smallest unit. */
export type TokenAmounts = {
  token: Token;
  /**
   * Whole tokens ('2.5') to the smallest unit; refuses more decimals than the token has
   * and zero (`INVALID_AMOUNT`, in whole tokens, before anything is sent).
   */
  toSmallest(amount: string): bigint;
  /** The smallest unit as whole tokens with the symbol, e.g. '2.5 OWT'. */
  format: FormatAmount;
};

/**
 * Reads the token of the user's economy through the SDK (a device-signed request).
 * @throws the SDK's error, e.g. `DEVICE_NOT_SETUP` before `device setup`
 */
export async function getTokenAmounts(
  sdk: WalletSdk,
  userId: string,
): Promise<TokenAmounts> {
  const [token, { toSmallestUnit, fromSmallestUnit }] = await Promise.all([
    sdk.getToken(userId),
    import('@ost-wallet/sdk'),
  ]);
  return {
    token,
    toSmallest: (amount) => {
      const smallest = toSmallestUnit(amount, token.decimals);
      if (smallest === 0n) {
        throw new OstWalletError(
          'INVALID_AMOUNT',
          `amount must be more than 0 ${token.symbol}, got '${amount}'`,
        );
      }
      return smallest;
    },
    format: (v) => `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`,
  };
}
