import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSmallestUnit } from './fromSmallestUnit.ts';
import { toSmallestUnit } from './toSmallestUnit.ts';

describe('toSmallestUnit', () => {
  it('converts exactly with 18 and 6 decimals', () => {
    expect(toSmallestUnit('1', 18)).toBe(10n ** 18n);
    expect(toSmallestUnit('0.000000000000000001', 18)).toBe(1n);
    expect(toSmallestUnit('1.5', 6)).toBe(1_500_000n);
    expect(toSmallestUnit('123456789.123456', 6)).toBe(123_456_789_123_456n);
    expect(toSmallestUnit('7', 0)).toBe(7n);
  });

  it.each(['', '-1', '1e3', ' 1', '1.', '.5', '0x10', '1,5', 'NaN'])(
    'refuses %j',
    (text) => {
      expect(() => toSmallestUnit(text, 18)).toThrow(
        expect.objectContaining({ code: 'INVALID_AMOUNT' }),
      );
    },
  );

  it('refuses more fractional digits than decimals instead of rounding', () => {
    expect(() => toSmallestUnit('0.1234567', 6)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });

  it('refuses numbers and bad decimals', () => {
    expect(() => toSmallestUnit(1.5 as unknown as string, 6)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
    expect(() => toSmallestUnit('1', 1.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});

describe('fromSmallestUnit', () => {
  it('writes whole tokens without trailing zeros', () => {
    expect(fromSmallestUnit(1_500_000n, 6)).toBe('1.5');
    expect(fromSmallestUnit('1', 18)).toBe('0.000000000000000001');
    expect(fromSmallestUnit(10n ** 18n, 18)).toBe('1');
    expect(fromSmallestUnit(0n, 6)).toBe('0');
  });

  it('refuses negative and non-integer values', () => {
    expect(() => fromSmallestUnit(-1n, 6)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
    expect(() => fromSmallestUnit('1.5', 6)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });

  it('round-trips every smallest-unit value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        fc.integer({ min: 0, max: 30 }),
        (v, d) => {
          expect(toSmallestUnit(fromSmallestUnit(v, d), d)).toBe(v);
        },
      ),
    );
  });

  it('round-trips every decimal text in canonical form', () => {
    const digits = (min: number, max: number) =>
      fc
        .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
        .map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        digits(1, 20),
        digits(0, 30),
        (d, whole, frac) => {
          const w = whole.replace(/^0+(?=\d)/, '');
          const f = frac.slice(0, d).replace(/0+$/, '');
          const text = f === '' ? w : `${w}.${f}`;
          expect(fromSmallestUnit(toSmallestUnit(text, d), d)).toBe(text);
        },
      ),
    );
  });
});
