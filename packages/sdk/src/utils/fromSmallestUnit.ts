import { WalletSdkError } from '../errors/WalletSdkError.ts';
import { assertDecimals, describe } from './toSmallestUnit.ts';

/**
 * Writes an amount in the token's smallest unit as whole tokens in decimal, exactly:
 * trailing zeros of the fraction are dropped, an integer has no point.
 *
 * @param value - a non-negative bigint, or a string of decimal digits
 * @param decimals - the token's decimals, an integer 0–77
 * @returns the decimal text, e.g. `'1.5'`
 * @throws {WalletSdkError} `INVALID_AMOUNT` for a negative or non-integer value;
 *   `INVALID_PARAMETER` for bad decimals
 * @example fromSmallestUnit(1500000n, 6) // '1.5'
 */
export function fromSmallestUnit(value: bigint | string, decimals: number): string {
  assertDecimals(decimals);
  const ok =
    (typeof value === 'bigint' && value >= 0n) ||
    (typeof value === 'string' && /^\d+$/.test(value));
  if (!ok) {
    throw new WalletSdkError(
      'INVALID_AMOUNT',
      `value must be a non-negative integer in the smallest unit, got ${describe(value)}`,
    );
  }
  const digits = BigInt(value)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
