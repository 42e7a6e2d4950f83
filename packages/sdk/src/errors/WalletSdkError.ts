import {
  type ErrorCode,
  OstWalletError,
  type OstWalletErrorOptions,
} from '@ost-wallet/errors';

/**
 * The error every SDK call rejects with and every `flowInterrupt` receives: a stable
 * `code` from the shared catalog, a short message, `details` and the `cause`.
 * Messages and details never carry keys, mnemonics, PINs or the storage password.
 *
 * @param code - a code of the shared catalog, e.g. `'SESSION_EXPIRED'`
 * @param shortMessage - one sentence naming the parameter or state and what arrived
 * @param options - `details` (facts, never secrets) and `cause`
 * @returns the error
 * @throws never
 * @example
 * throw new WalletSdkError('NO_SESSION_FOUND', 'user u1 has no session on this device');
 */
export class WalletSdkError extends OstWalletError {
  override name = 'WalletSdkError';

  constructor(
    code: ErrorCode,
    shortMessage: string,
    options: OstWalletErrorOptions = {},
  ) {
    super(code, shortMessage, options);
  }
}
