import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { describe } from './toSmallestUnit.ts';

/** One year in seconds: the default upper bound of a session's lifetime. */
export const DEFAULT_MAX_EXPIRY_AFTER_SECS = 365 * 24 * 60 * 60;

/**
 * Checks a session lifetime in seconds: an integer > 0 and ≤ `maxExpiryAfterSecs`.
 *
 * @param expiryAfterSecs - seconds from now (chain time) until the session expires
 * @param maxExpiryAfterSecs - the upper bound, in seconds
 * @default maxExpiryAfterSecs 31536000 (one year)
 * @returns the lifetime
 * @throws {WalletSdkError} `INVALID_SESSION_EXPIRY_TIME` naming what arrived
 * @example assertExpiryAfterSecs(3600) // 3600
 */
export function assertExpiryAfterSecs(
  expiryAfterSecs: unknown,
  maxExpiryAfterSecs: number = DEFAULT_MAX_EXPIRY_AFTER_SECS,
): number {
  if (
    typeof expiryAfterSecs !== 'number' ||
    !Number.isSafeInteger(expiryAfterSecs) ||
    expiryAfterSecs <= 0 ||
    expiryAfterSecs > maxExpiryAfterSecs
  ) {
    throw new WalletSdkError(
      'INVALID_SESSION_EXPIRY_TIME',
      `expiryAfterSecs must be an integer number of seconds from 1 to ${maxExpiryAfterSecs}, got ${describe(expiryAfterSecs)}`,
    );
  }
  return expiryAfterSecs;
}
