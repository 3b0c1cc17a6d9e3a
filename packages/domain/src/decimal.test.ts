import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum, sumMinorUnits, toSafeInteger } from './decimal.ts';

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

describe('sumMinorUnits', () => {
  it('equals the exact Decimal sum whenever that is a safe integer, else refuses with invalid_amount', () => {
    // Values near the bounds too, so partial sums leave the safe range and come back.
    const amount = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 }));
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 8 }), (values) => {
        const exact = sum(values.map((v) => new Dec(v)));
        const safe = exact.abs().lte(Number.MAX_SAFE_INTEGER);
        const partialsSafe = values.every((_, i) =>
          sum(values.slice(0, i + 1).map((v) => new Dec(v)))
            .abs()
            .lte(Number.MAX_SAFE_INTEGER),
        );
        if (safe) expect(sumMinorUnits(values)).toBe(toSafeInteger(exact));
        else
          expect(() => sumMinorUnits(values, 'total')).toThrowError(
            expect.objectContaining({ code: 'invalid_amount' }) as Error,
          );
        // A result from the fast path (every partial sum safe) is exact.
        if (partialsSafe) expect(sumMinorUnits(values)).toBe(exact.toNumber() + 0);
      }),
    );
  });

  it('sums the bounds exactly and refuses one past them', () => {
    expect(sumMinorUnits([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(sumMinorUnits([Number.MAX_SAFE_INTEGER, 1, -1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumMinorUnits([Number.MAX_SAFE_INTEGER, 1])).toThrowError(
      expect.objectContaining({ code: 'invalid_amount', details: { value: '9007199254740992' } }) as Error,
    );
    expect(Object.is(sumMinorUnits([-0]), 0)).toBe(true);
    expect(sumMinorUnits([])).toBe(0);
  });
});
