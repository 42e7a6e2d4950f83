import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertExpiryAfterSecs,
  DEFAULT_MAX_EXPIRY_AFTER_SECS,
} from './assertExpiryAfterSecs.ts';

const code = { code: 'INVALID_SESSION_EXPIRY_TIME' };

describe('assertExpiryAfterSecs', () => {
  it.each([
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '60',
    60n,
    DEFAULT_MAX_EXPIRY_AFTER_SECS + 1,
  ])('refuses %s', (value) => {
    expect(() => assertExpiryAfterSecs(value)).toThrow(expect.objectContaining(code));
  });

  it('accepts 1 to the maximum, which defaults to one year', () => {
    expect(assertExpiryAfterSecs(1)).toBe(1);
    expect(assertExpiryAfterSecs(DEFAULT_MAX_EXPIRY_AFTER_SECS)).toBe(365 * 24 * 3600);
    expect(() => assertExpiryAfterSecs(61, 60)).toThrow(expect.objectContaining(code));
  });

  it('accepts exactly the integers 1 … max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 5000 }),
        fc.integer({ min: 1, max: 4000 }),
        (v, max) => {
          if (v >= 1 && v <= max) expect(assertExpiryAfterSecs(v, max)).toBe(v);
          else
            expect(() => assertExpiryAfterSecs(v, max)).toThrow(
              expect.objectContaining(code),
            );
        },
      ),
    );
  });
});
