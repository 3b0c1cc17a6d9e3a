import type { Tax } from '@kassa/contracts';
import { describe, expect, it } from 'vitest';
import { cartPricingInput, priceCart } from './cartPricing.ts';
import type { CartLine } from './cartReducer.ts';

const state: Tax = { id: 't-state', name: 'Iowa sales tax', rate: '6', inclusive: false, compound: false };
const local: Tax = { id: 't-local', name: 'Local option tax', rate: '1', inclusive: false, compound: false };
const settings = {
  currency: 'USD',
  taxRounding: 'per_line',
  roundingMode: 'half_up',
  cashRounding: null,
} as const;

const line = (
  lineId: string,
  price: number,
  quantity: number,
  discountPercent: string | null = null,
): CartLine => ({
  lineId,
  product: {
    id: `p-${lineId}`,
    sku: lineId,
    name: lineId,
    price,
    taxes: [state, local],
    ageRestricted: true,
    volumeMl: 750,
  },
  quantity,
  discountPercent,
});

describe('cart pricing', () => {
  it('lists each tax once and passes quantities and percent discounts to the engine', () => {
    const input = cartPricingInput([line('a', 1999, 2), line('b', 2499, 1, '10')], settings);
    expect(input.taxes.map((t) => t.id)).toEqual(['t-state', 't-local']);
    expect(input.lines).toEqual([
      { id: 'a', unitPrice: 1999, quantity: '2', taxIds: ['t-state', 't-local'] },
      {
        id: 'b',
        unitPrice: 2499,
        quantity: '1',
        taxIds: ['t-state', 't-local'],
        discount: { type: 'percent', value: '10' },
      },
    ]);
    expect(input.tenders).toBeUndefined();
  });

  it('prices Iowa 6% state plus 1% local tax, exclusive, per line', () => {
    const result = priceCart([line('a', 1999, 2), line('b', 2499, 1, '10')], settings);
    // a: 39.98, tax 2.40 + 0.40; b: 24.99 - 2.50 = 22.49, tax 1.35 + 0.22
    expect(result.subtotal).toBe(6497);
    expect(result.discountTotal).toBe(250);
    expect(result.taxTotal).toBe(240 + 40 + 135 + 22);
    expect(result.total).toBe(3998 + 2249 + 437);
    expect(result.taxes).toEqual([
      { id: 't-state', base: 6247, amount: 375 },
      { id: 't-local', base: 6247, amount: 62 },
    ]);
  });

  it('prices an empty cart at zero', () => {
    expect(priceCart([], settings)).toMatchObject({ subtotal: 0, taxTotal: 0, total: 0 });
  });
});
