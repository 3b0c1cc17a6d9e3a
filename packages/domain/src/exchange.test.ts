import { describe, expect, it } from 'vitest';
import { carryOverTenders, mergeTenders } from './exchange.ts';

describe('exchange settlement', () => {
  it('applies a card-and-cash refund to a dearer sale in full, cash first', () => {
    const refund = [
      { method: 'card' as const, amount: 1_500 },
      { method: 'cash' as const, amount: 500 },
    ];
    expect(carryOverTenders(refund, 3_000)).toEqual({
      carried: [
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 1_500 },
      ],
      returned: [],
    });
  });

  it('gives back what a cheaper sale leaves, to the card it came from', () => {
    const refund = [
      { method: 'card' as const, amount: 1_500 },
      { method: 'cash' as const, amount: 500 },
    ];
    const { carried, returned } = carryOverTenders(refund, 1_200);
    expect(carried).toEqual([
      { method: 'cash', amount: 500 },
      { method: 'card', amount: 700 },
    ]);
    expect(returned).toEqual([{ method: 'card', amount: 800 }]);
    const sum = (ts: { amount: number }[]) => ts.reduce((a, t) => a + t.amount, 0);
    expect(sum(carried) + sum(returned)).toBe(2_000);
  });

  it('keeps exact sums for very large amounts and refuses fractions', () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    const { carried, returned } = carryOverTenders([{ method: 'cash', amount: big }], big - 7);
    expect(carried).toEqual([{ method: 'cash', amount: big - 7 }]);
    expect(returned).toEqual([{ method: 'cash', amount: 7 }]);
    expect(() => carryOverTenders([{ method: 'cash', amount: 1.5 }], 1)).toThrow(RangeError);
    expect(() => carryOverTenders([], -1)).toThrow(RangeError);
  });

  it('merges tenders of one method, keeping the customer reference', () => {
    expect(
      mergeTenders([
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 700 },
        { method: 'cash', amount: 2_000 },
        { method: 'card', amount: 300, reference: 'A1' },
      ]),
    ).toEqual([
      { method: 'cash', amount: 2_500 },
      { method: 'card', amount: 1_000, reference: 'A1' },
    ]);
  });
});
