import { describe, expect, it } from 'vitest';
import { checkNewTender, quickCashAmounts, tenderSummary, type Tender } from './tenders.ts';

const cash = (amount: number): Tender => ({ id: `c${amount}`, method: 'cash', amount });
const card = (amount: number): Tender => ({ id: `k${amount}`, method: 'card', amount });

describe('tender summary', () => {
  it('shows what is remaining until covered, then the change', () => {
    expect(tenderSummary(3745, [])).toEqual({ tendered: 0, remaining: 3745, change: 0, covered: false });
    expect(tenderSummary(3745, [card(2000)])).toEqual({
      tendered: 2000,
      remaining: 1745,
      change: 0,
      covered: false,
    });
    expect(tenderSummary(3745, [card(2000), cash(2000)])).toEqual({
      tendered: 4000,
      remaining: 0,
      change: 255,
      covered: true,
    });
    expect(tenderSummary(3745, [cash(3745)])).toMatchObject({ remaining: 0, change: 0, covered: true });
  });
});

describe('new tender check', () => {
  it('refuses a card charge above what is remaining, but takes cash above it', () => {
    expect(checkNewTender(3745, [cash(1000)], { method: 'card', amount: 2746 })?.code).toBe(
      'card_over_total',
    );
    expect(checkNewTender(3745, [cash(1000)], { method: 'card', amount: 2745 })).toBeNull();
    expect(checkNewTender(3745, [cash(1000)], { method: 'cash', amount: 10000 })).toBeNull();
  });

  it('refuses store credit above what is remaining (it gives no change)', () => {
    const credit = { method: 'store_credit' as const, reference: 'SC-7K4M-Q2XD' };
    expect(checkNewTender(3745, [cash(1000)], { ...credit, amount: 2746 })?.code).toBe(
      'store_credit_over_total',
    );
    expect(checkNewTender(3745, [cash(1000)], { ...credit, amount: 2745 })).toBeNull();
  });

  it('refuses zero, negative and fractional amounts, and anything once covered', () => {
    expect(checkNewTender(100, [], { method: 'cash', amount: 0 })?.code).toBe('invalid_amount');
    expect(checkNewTender(100, [], { method: 'cash', amount: -5 })?.code).toBe('invalid_amount');
    expect(checkNewTender(100, [], { method: 'cash', amount: 1.5 })?.code).toBe('invalid_amount');
    expect(checkNewTender(100, [cash(100)], { method: 'cash', amount: 100 })?.code).toBe('already_covered');
  });
});

describe('quick cash amounts', () => {
  it('offers the exact amount and the next round notes', () => {
    expect(quickCashAmounts(3745, 2)).toEqual([3745, 3800, 4000, 5000, 10000]);
    expect(quickCashAmounts(1200, 2)).toEqual([1200, 1500, 2000, 5000, 10000]);
    expect(quickCashAmounts(2000, 2)).toEqual([2000, 5000, 10000]);
  });

  it('works for currencies without minor units and stays within the maximum', () => {
    expect(quickCashAmounts(1234, 0)).toEqual([1234, 1235, 1240, 1250, 1300]);
    expect(quickCashAmounts(3745, 2, 3)).toEqual([3745, 3800, 4000]);
    expect(quickCashAmounts(0, 2)).toEqual([]);
  });
});
