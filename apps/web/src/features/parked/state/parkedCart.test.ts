import { describe, expect, it } from 'vitest';
import type { Product } from '@kassa/contracts';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import { parkRequest, restoredLines } from './parkedCart.ts';

const product = (id: string, price: number): Product =>
  ({
    id,
    sku: id,
    name: `Product ${id}`,
    price,
    taxes: [],
    ageRestricted: true,
    volumeMl: 750,
  }) as unknown as Product;

describe('parked carts', () => {
  it('parks the lines as the server takes them and restores them with the products of today', () => {
    const lines: CartLine[] = [
      { lineId: 'l1', product: { ...product('a', 1_000), taxes: [] }, quantity: 3, discountPercent: null },
      { lineId: 'l2', product: { ...product('b', 500), taxes: [] }, quantity: 1, discountPercent: '7.5' },
    ];
    const request = parkRequest('id-1', 'reg-1', lines, 3_500);
    expect(request).toEqual({
      id: 'id-1',
      registerId: 'reg-1',
      note: '',
      total: 3_500,
      lines: [
        { productId: 'a', quantity: '3', discountPercent: null },
        { productId: 'b', quantity: '1', discountPercent: '7.5' },
      ],
    });

    // Prices changed since: the resumed cart carries today's price.
    const today = new Map([
      ['a', product('a', 1_100)],
      ['b', product('b', 500)],
    ]);
    let n = 0;
    const restored = restoredLines(request, today, () => `new-${++n}`);
    expect(
      restored.map((l) => [l.lineId, l.product.id, l.product.price, l.quantity, l.discountPercent]),
    ).toEqual([
      ['new-1', 'a', 1_100, 3, null],
      ['new-2', 'b', 500, 1, '7.5'],
    ]);
    expect(() => restoredLines(request, new Map([['a', product('a', 1)]]), () => 'x')).toThrow(
      /b of the parked/,
    );
  });
});
