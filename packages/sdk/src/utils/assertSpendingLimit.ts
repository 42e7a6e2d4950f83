import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { describe } from './toSmallestUnit.ts';

const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * Checks a session spending limit and returns it as a bigint. Accepted: a bigint, or a
 * string of decimal digits only, with 1 ≤ value < 2^256, in the token's smallest unit.
 * Refused: JS numbers (they lose precision), `''`, `'0'`, signs, fractions, exponents
 * and whitespace.
 *
 * @param spendingLimit - the per-transaction limit, smallest unit
 * @returns the limit as a bigint
 * @throws {WalletSdkError} `INVALID_SESSION_SPENDING_LIMIT` naming what arrived
 * @example assertSpendingLimit('1000000000000000000') // 1000000000000000000n
 */
export function assertSpendingLimit(spendingLimit: unknown): bigint {
  let value: bigint | undefined;
  if (typeof spendingLimit === 'bigint') value = spendingLimit;
  else if (typeof spendingLimit === 'string' && /^[0-9]+$/.test(spendingLimit)) {
    value = BigInt(spendingLimit);
  }
  if (value === undefined || value < 1n || value > MAX_UINT256) {
    throw new WalletSdkError(
      'INVALID_SESSION_SPENDING_LIMIT',
      `spendingLimit must be a positive integer below 2^256 in the token's smallest unit (bigint or decimal digits), got ${describe(spendingLimit)}`,
    );
  }
  return value;
}
