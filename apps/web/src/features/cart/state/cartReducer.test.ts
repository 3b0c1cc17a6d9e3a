import { describe, expect, it } from 'vitest';
import {
  cartFingerprint,
  cartItemCount,
  cartReducer,
  EMPTY_CART,
  MAX_LINE_QUANTITY,
  type CartAction,
  type CartProduct,
  type CartState,
} from './cartReducer.ts';

const gin: CartProduct = {
  id: 'p-gin',
  sku: '1001',
  name: 'Gin',
  price: 1999,
  taxes: [],
  ageRestricted: true,
  volumeMl: 750,
};
const rum: CartProduct = {
  id: 'p-rum',
  sku: '1002',
  name: 'Rum',
  price: 2499,
  taxes: [],
  ageRestricted: true,
  volumeMl: 750,
};

const run = (...actions: CartAction[]): CartState => actions.reduce(cartReducer, EMPTY_CART);

describe('cart reducer', () => {
  it('adds a new line, and one more unit when the same product is added again', () => {
    const state = run(
      { type: 'add', product: gin, lineId: 'l1' },
      { type: 'add', product: rum, lineId: 'l2' },
      { type: 'add', product: gin, lineId: 'l3' },
    );
    expect(state.lines.map((l) => [l.lineId, l.product.id, l.quantity])).toEqual([
      ['l1', 'p-gin', 2],
      ['l2', 'p-rum', 1],
    ]);
    expect(state.lastTouchedLineId).toBe('l1');
    expect(cartItemCount(state)).toBe(3);
  });

  it('starts a new line instead of merging into a discounted one', () => {
    const state = run(
      { type: 'add', product: gin, lineId: 'l1' },
      { type: 'setDiscount', lineId: 'l1', discountPercent: '5' },
      { type: 'add', product: gin, lineId: 'l2' },
    );
    expect(state.lines.map((l) => [l.lineId, l.quantity, l.discountPercent])).toEqual([
      ['l1', 1, '5'],
      ['l2', 1, null],
    ]);
  });

  it('keeps quantities between 1 and the maximum', () => {
    let state = run({ type: 'add', product: gin, lineId: 'l1' }, { type: 'decrement', lineId: 'l1' });
    expect(state.lines[0]?.quantity).toBe(1);
    state = cartReducer(state, { type: 'increment', lineId: 'l1' });
    expect(state.lines[0]?.quantity).toBe(2);
    state = cartReducer(state, { type: 'setQuantity', lineId: 'l1', quantity: 1e9 });
    expect(state.lines[0]?.quantity).toBe(MAX_LINE_QUANTITY);
    state = cartReducer(state, { type: 'setQuantity', lineId: 'l1', quantity: 2.7 });
    expect(state.lines[0]?.quantity).toBe(2);
    expect(cartReducer(state, { type: 'setQuantity', lineId: 'l1', quantity: Number.NaN })).toBe(state);
  });

  it('removes a line and clears the cart', () => {
    const state = run(
      { type: 'add', product: gin, lineId: 'l1' },
      { type: 'add', product: rum, lineId: 'l2' },
      { type: 'remove', lineId: 'l2' },
    );
    expect(state.lines.map((l) => l.lineId)).toEqual(['l1']);
    expect(state.lastTouchedLineId).toBe('l1');
    expect(cartReducer(state, { type: 'clear' })).toEqual(EMPTY_CART);
  });

  it('returns the same state for actions on unknown lines', () => {
    const state = run({ type: 'add', product: gin, lineId: 'l1' });
    for (const action of [
      { type: 'increment', lineId: 'nope' },
      { type: 'remove', lineId: 'nope' },
      { type: 'setDiscount', lineId: 'nope', discountPercent: '5' },
    ] satisfies CartAction[]) {
      expect(cartReducer(state, action)).toBe(state);
    }
  });

  it('changes the fingerprint exactly when what would be sold changes', () => {
    const one = run({ type: 'add', product: gin, lineId: 'l1' });
    const sameAgain = run({ type: 'add', product: gin, lineId: 'other-id' });
    expect(cartFingerprint(one)).toBe(cartFingerprint(sameAgain));
    const two = cartReducer(one, { type: 'increment', lineId: 'l1' });
    const discounted = cartReducer(one, { type: 'setDiscount', lineId: 'l1', discountPercent: '5' });
    expect(new Set([cartFingerprint(one), cartFingerprint(two), cartFingerprint(discounted)]).size).toBe(3);
  });
});
