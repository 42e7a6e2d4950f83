/**
 * Clients for commands that talk to a running platform: the partner client (the app
 * server's role, HMAC-signed) and the wallet SDK over the encrypted file keystore.
 * Modules load on demand so `--help` stays fast.
 */
import { resolve } from 'node:path';
import { OstWalletError } from '@ost-wallet/errors';
import type { CliIo, Output } from './createOutput.ts';
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
 */
export async function connectSdk(
  options: PlatformOptions & KeystoreOptions,
  io: CliIo,
  output: Output,
) {
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
  });
}
