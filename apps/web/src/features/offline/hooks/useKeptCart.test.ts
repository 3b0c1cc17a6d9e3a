import { describe, expect, it } from 'vitest';
import { EMPTY_CART, type CartState } from '../../cart/state/cartReducer.ts';
import type { KeyValueStorage } from '../state/offlineCache.ts';
import { keepCart, keptCart } from './useKeptCart.ts';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

const cart: CartState = {
  lines: [
    {
      lineId: 'l1',
      product: {
        id: 'p1',
        sku: 'S1',
        name: 'Gin',
        price: 1999,
        taxes: [],
        ageRestricted: false,
        volumeMl: 750,
      },
      quantity: 2,
      discountPercent: null,
    },
  ],
  lastTouchedLineId: 'l1',
};

describe('the kept cart', () => {
  it('is kept per register and read back after a reload; an empty cart removes it', () => {
    const storage = memoryStorage();
    keepCart(storage, 'reg-1', cart);
    expect(keptCart(storage, 'reg-1')).toEqual(cart);
    expect(keptCart(storage, 'reg-2')).toEqual(EMPTY_CART);
    keepCart(storage, 'reg-1', EMPTY_CART);
    expect(storage.map.size).toBe(0);
    expect(keptCart(storage, 'reg-1')).toEqual(EMPTY_CART);
  });

  it('an unreadable kept value gives the empty cart', () => {
    const storage = memoryStorage();
    storage.setItem('kassa.offline.cart.reg-1', '{not json');
    expect(keptCart(storage, 'reg-1')).toEqual(EMPTY_CART);
    storage.setItem('kassa.offline.cart.reg-1', '{"lines":3}');
    expect(keptCart(storage, 'reg-1')).toEqual(EMPTY_CART);
  });
});
