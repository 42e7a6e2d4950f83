import { WalletSdkError } from '../errors/WalletSdkError.ts';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Converts a whole-token amount written in decimal ("12.5") to the token's smallest
 * unit, exactly: no floats, no rounding. More fractional digits than `decimals` are
 * refused rather than cut off.
 *
 * @param amount - decimal digits with an optional fraction, e.g. `'1.25'`; no sign,
 *   exponent or spaces
 * @param decimals - the token's decimals, an integer 0–77 (e.g. 18 or 6)
 * @returns the amount in the smallest unit
 * @throws {WalletSdkError} `INVALID_AMOUNT` when the text is not such a number or has
 *   more fractional digits than `decimals`; `INVALID_PARAMETER` for bad decimals
 * @example toSmallestUnit('1.5', 6) // 1500000n
 */
export function toSmallestUnit(amount: string, decimals: number): bigint {
  assertDecimals(decimals);
  const match = typeof amount === 'string' ? DECIMAL.exec(amount) : null;
  if (!match) {
    throw new WalletSdkError(
      'INVALID_AMOUNT',
      `amount must be a decimal number of whole tokens, got ${describe(amount)}`,
    );
  }
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw new WalletSdkError(
      'INVALID_AMOUNT',
      `amount has ${fraction.length} fractional digits but the token has ${decimals} decimals, got '${amount}'`,
    );
  }
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/** @internal */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `decimals must be an integer from 0 to 77, got ${describe(decimals)}`,
    );
  }
}

/** @internal A short, safe description of an input for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return `the number ${value}`;
  return value === null ? 'null' : typeof value;
}
