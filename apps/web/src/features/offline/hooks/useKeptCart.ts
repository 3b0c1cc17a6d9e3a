import { useEffect, useReducer, type ActionDispatch } from 'react';
import { cartReducer, EMPTY_CART, type CartAction, type CartState } from '../../cart/state/cartReducer.ts';
import type { KeyValueStorage } from '../state/offlineCache.ts';

const keyOf = (registerId: string) => `kassa.offline.cart.${registerId}`;

/** The cart kept for `registerId`, or the empty cart when none (or an unreadable one) is kept. */
export function keptCart(storage: KeyValueStorage, registerId: string): CartState {
  try {
    const kept = storage.getItem(keyOf(registerId));
    if (kept === null) return EMPTY_CART;
    const state = JSON.parse(kept) as CartState;
    return Array.isArray(state.lines) ? state : EMPTY_CART;
  } catch {
    return EMPTY_CART;
  }
}

/** Keeps the cart of `registerId` (removed when it is empty). */
export function keepCart(storage: KeyValueStorage, registerId: string, state: CartState): void {
  if (state.lines.length === 0) storage.removeItem(keyOf(registerId));
  else storage.setItem(keyOf(registerId), JSON.stringify(state));
}

/**
 * The terminal's cart reducer, kept in localStorage per register, so a reload (offline too: the
 * service worker serves the app) finds the sale in progress where the cashier left it.
 */
export function useKeptCart(registerId: string): [CartState, ActionDispatch<[CartAction]>] {
  const [cart, dispatch] = useReducer(cartReducer, registerId, (id) => keptCart(window.localStorage, id));
  useEffect(() => keepCart(window.localStorage, registerId, cart), [registerId, cart]);
  return [cart, dispatch];
}
