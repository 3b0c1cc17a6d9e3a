import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import { DEFAULT_DENOMINATIONS, countCash, denominationsFor, expectedCash, overShort } from './cash.ts';

const USD = DEFAULT_DENOMINATIONS.USD!;

describe('countCash', () => {
  it('adds value x count per denomination, bills and coins apart', () => {
    expect(
      countCash(
        [
          { value: 2000, kind: 'bill', count: 3 },
          { value: 100, kind: 'bill', count: 2 },
          { value: 100, kind: 'coin', count: 1 },
          { value: 25, kind: 'coin', count: 3 },
          { value: 1, kind: 'coin', count: 4 },
        ],
        USD,
      ),
    ).toBe(6000 + 200 + 100 + 75 + 4);
    expect(countCash([], USD)).toBe(0);
  });

  it('refuses a denomination the currency does not have, a negative or fractional count, and a repeat', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof DomainError ? err.code : 'other';
      }
      return 'none';
    };
    expect(code(() => countCash([{ value: 300, kind: 'bill', count: 1 }], USD))).toBe('unknown_denomination');
    expect(code(() => countCash([{ value: 25, kind: 'bill', count: 1 }], USD))).toBe('unknown_denomination');
    expect(code(() => countCash([{ value: 25, kind: 'coin', count: -1 }], USD))).toBe('invalid_count');
    expect(code(() => countCash([{ value: 25, kind: 'coin', count: 1.5 }], USD))).toBe('invalid_count');
    expect(
      code(() =>
        countCash(
          [
            { value: 25, kind: 'coin', count: 1 },
            { value: 25, kind: 'coin', count: 2 },
          ],
          USD,
        ),
      ),
    ).toBe('invalid_count');
    expect(
      code(() => countCash([{ value: 10_000, kind: 'bill', count: Number.MAX_SAFE_INTEGER }], USD)),
    ).toBe('invalid_amount');
  });

  it('equals the sum of the pieces for any count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000 }), { minLength: USD.length, maxLength: USD.length }),
        (counts) => {
          const given = USD.map((d, i) => ({ value: d.value, kind: d.kind, count: counts[i]! }));
          let expected = 0n;
          for (const c of given) expected += BigInt(c.value) * BigInt(c.count);
          expect(BigInt(countCash(given, USD))).toBe(expected);
        },
      ),
    );
  });
});

describe('denominationsFor', () => {
  it('uses the configured list of the currency, else the default, else none', () => {
    const custom = { USD: [{ value: 5000, kind: 'bill' as const, label: '$50' }] };
    expect(denominationsFor('USD', custom)).toEqual(custom.USD);
    expect(denominationsFor('EUR', custom)).toBe(DEFAULT_DENOMINATIONS.EUR);
    expect(denominationsFor('USD', null)).toBe(USD);
    expect(denominationsFor('XYZ')).toEqual([]);
  });
});

describe('expectedCash and overShort', () => {
  it('float + cash sales + paid in - cash refunds - paid out', () => {
    expect(
      expectedCash({
        openingFloat: 20_000,
        cashSales: 12_345,
        cashRefunds: 1_000,
        paidIn: 500,
        paidOut: 2_000,
      }),
    ).toBe(29_845);
  });

  it('counted - expected; approval only strictly above the threshold', () => {
    expect(overShort(10_000, 10_500, 500)).toEqual({ overShort: 500, needsApproval: false });
    expect(overShort(10_000, 9_499, 500)).toEqual({ overShort: -501, needsApproval: true });
    expect(overShort(10_000, 10_000, 0)).toEqual({ overShort: 0, needsApproval: false });
    expect(overShort(10_000, 10_001, 0)).toEqual({ overShort: 1, needsApproval: true });
  });
});
