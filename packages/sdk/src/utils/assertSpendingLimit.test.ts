import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSpendingLimit } from './assertSpendingLimit.ts';

const code = { code: 'INVALID_SESSION_SPENDING_LIMIT' };

describe('assertSpendingLimit', () => {
  it.each(['', '0', '-5', '0.5', '1e21', ' 10', '10 ', '+1', '0x10', '١٢'])(
    'refuses the string %j',
    (value) => {
      expect(() => assertSpendingLimit(value)).toThrow(expect.objectContaining(code));
    },
  );

  it.each([1, 1e21, 0.5, Number.NaN, 0n, -1n, 1n << 256n, null, undefined, {}])(
    'refuses %s',
    (value) => {
      expect(() => assertSpendingLimit(value)).toThrow(expect.objectContaining(code));
    },
  );

  it('accepts 1, 2^256 − 1 and decimal digit strings', () => {
    expect(assertSpendingLimit('1')).toBe(1n);
    expect(assertSpendingLimit(1n)).toBe(1n);
    expect(assertSpendingLimit(((1n << 256n) - 1n).toString())).toBe((1n << 256n) - 1n);
    expect(assertSpendingLimit('007')).toBe(7n);
  });

  it('names what arrived in the message', () => {
    expect(() => assertSpendingLimit('0.5')).toThrow(/got '0\.5'/);
  });

  it('accepts exactly the integers 1 … 2^256 − 1, as bigint or digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 260n), max: 1n << 260n }), (v) => {
        const valid = v >= 1n && v < 1n << 256n;
        for (const input of [v, v.toString()]) {
          if (valid) expect(assertSpendingLimit(input)).toBe(v);
          else
            expect(() => assertSpendingLimit(input)).toThrow(
              expect.objectContaining(code),
            );
        }
      }),
    );
  });

  it('refuses every string that is not only decimal digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^[0-9]+$/.test(s));
        expect(() => assertSpendingLimit(s)).toThrow(expect.objectContaining(code));
      }),
    );
  });
});
