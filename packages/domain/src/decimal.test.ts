import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, toSafeInteger } from './decimal.ts';

describe('toSafeInteger', () => {
  it('converts every safe integer exactly, and -0 to 0', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(toSafeInteger(new Dec(n))).toBe(n);
        expect(toSafeInteger(new Dec(String(n)))).toBe(n);
      }),
    );
    expect(Object.is(toSafeInteger(new Dec('-0')), 0)).toBe(true);
  });

  it('accepts the bounds and refuses one past them, and fractions, with invalid_amount', () => {
    expect(toSafeInteger(new Dec('9007199254740991'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeInteger(new Dec('-9007199254740991'))).toBe(Number.MIN_SAFE_INTEGER);
    expect(toSafeInteger(new Dec('1000000000000000'))).toBe(1e15);
    for (const bad of ['9007199254740992', '-9007199254740992', '10000000000000000', '1e30', '0.5', '-1.25'])
      expect(() => toSafeInteger(new Dec(bad), 'total')).toThrowError(
        expect.objectContaining({ code: 'invalid_amount' }) as Error,
      );
  });
});
