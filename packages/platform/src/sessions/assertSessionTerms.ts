import { OstWalletError } from '@ost-wallet/errors';
import type { PlatformContext } from '../context.ts';

/** The largest spending limit a TokenHolder stores (uint128). */
export const MAX_SPENDING_LIMIT = 2n ** 128n - 1n;

/**
 * Checks a session's spending limit and expiry against the chain's clock.
 * @param chainTime - the platform's estimate of chain time, unix seconds
 * @param field - prefix for the field names in errors (e.g. 'sessions.0.')
 * @throws {OstWalletError} `INVALID_SESSION_SPENDING_LIMIT` or
 *   `INVALID_SESSION_EXPIRY_TIME`
 */
export function assertSessionTerms(
  ctx: PlatformContext,
  terms: { spending_limit: string; expires_at: number },
  chainTime: number,
  field = '',
): bigint {
  const limit = BigInt(terms.spending_limit);
  if (limit <= 0n || limit > MAX_SPENDING_LIMIT) {
    throw new OstWalletError(
      'INVALID_SESSION_SPENDING_LIMIT',
      `${field}spending_limit must be a positive integer below 2^128 in the token's smallest unit, got '${terms.spending_limit}'`,
      { details: { field: `${field}spending_limit` } },
    );
  }
  const latest = chainTime + ctx.maxSessionExpirySecs;
  if (terms.expires_at <= chainTime || terms.expires_at > latest) {
    throw new OstWalletError(
      'INVALID_SESSION_EXPIRY_TIME',
      `${field}expires_at must be after chain time ${chainTime} and at most ${ctx.maxSessionExpirySecs} s later, got ${terms.expires_at}`,
      {
        details: {
          field: `${field}expires_at`,
          chain_time: chainTime,
          max_expires_at: latest,
        },
      },
    );
  }
  return limit;
}
