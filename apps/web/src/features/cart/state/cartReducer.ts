import type { Product, Tax } from '@kassa/contracts';

/** What a cart line keeps of a product: enough to price it and show it. */
export type CartProduct = {
  id: string;
  sku: string;
  name: string;
  /** Unit price in minor units. */
  price: number;
  taxes: Tax[];
  ageRestricted: boolean;
  /** Bottle or pack size, to tell apart products of the same name. */
  volumeMl: number | null;
};

/**
 * One line of the cart. `quantity` is a whole number of units (weighed goods come later);
 * `discountPercent` is a decimal string such as "5" or "7.5", or null for no discount.
 */
export type CartLine = {
  lineId: string;
  product: CartProduct;
  quantity: number;
  discountPercent: string | null;
};

export type CartState = {
  lines: CartLine[];
  /** The line the last add touched, to highlight and scroll to. */
  lastTouchedLineId: string | null;
};

export type CartAction =
  /** Adds one unit. `lineId` is used only when a new line is needed (ids come from the caller). */
  | { type: 'add'; product: CartProduct; lineId: string }
  | { type: 'increment'; lineId: string }
  | { type: 'decrement'; lineId: string }
  | { type: 'setQuantity'; lineId: string; quantity: number }
  | { type: 'remove'; lineId: string }
  | { type: 'setDiscount'; lineId: string; discountPercent: string | null }
  | { type: 'clear' }
  /** Replaces the cart with these lines (a resumed parked sale). */
  | { type: 'restore'; lines: CartLine[] };

export const EMPTY_CART: CartState = { lines: [], lastTouchedLineId: null };

/** Largest quantity of one line; a guard against a scanner stuck in a loop. */
export const MAX_LINE_QUANTITY = 9999;

/** Keeps the fields a line needs from an API product. */
export function toCartProduct(product: Product): CartProduct {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    price: product.price,
    taxes: product.taxes,
    ageRestricted: product.ageRestricted,
    volumeMl: product.volumeMl,
  };
}

function updateLine(state: CartState, lineId: string, update: (line: CartLine) => CartLine): CartState {
  if (!state.lines.some((line) => line.lineId === lineId)) return state;
  return {
    lines: state.lines.map((line) => (line.lineId === lineId ? update(line) : line)),
    lastTouchedLineId: lineId,
  };
}

const clampQuantity = (quantity: number) => Math.min(MAX_LINE_QUANTITY, Math.max(1, Math.trunc(quantity)));

/**
 * The cart's state transitions, pure. Adding a product that already has a line without a
 * discount adds one to that line (scanning the same bottle twice gives "2 x"); a discounted line
 * is left alone and a new line is started. Quantities stay between 1 and MAX_LINE_QUANTITY:
 * removing a line is its own action.
 */
export function cartReducer(state: CartState, action: CartAction): CartState {
  switch (action.type) {
    case 'add': {
      const same = state.lines.find(
        (line) => line.product.id === action.product.id && line.discountPercent === null,
      );
      if (same)
        return updateLine(state, same.lineId, (line) => ({
          ...line,
          quantity: clampQuantity(line.quantity + 1),
        }));
      const line: CartLine = {
        lineId: action.lineId,
        product: action.product,
        quantity: 1,
        discountPercent: null,
      };
      return { lines: [...state.lines, line], lastTouchedLineId: line.lineId };
    }
    case 'increment':
      return updateLine(state, action.lineId, (line) => ({
        ...line,
        quantity: clampQuantity(line.quantity + 1),
      }));
    case 'decrement':
      return updateLine(state, action.lineId, (line) => ({
        ...line,
        quantity: clampQuantity(line.quantity - 1),
      }));
    case 'setQuantity':
      if (!Number.isFinite(action.quantity)) return state;
      return updateLine(state, action.lineId, (line) => ({
        ...line,
        quantity: clampQuantity(action.quantity),
      }));
    case 'remove': {
      const lines = state.lines.filter((line) => line.lineId !== action.lineId);
      if (lines.length === state.lines.length) return state;
      return { lines, lastTouchedLineId: lines.at(-1)?.lineId ?? null };
    }
    case 'setDiscount':
      return updateLine(state, action.lineId, (line) => ({
        ...line,
        discountPercent: action.discountPercent,
      }));
    case 'clear':
      return EMPTY_CART;
    case 'restore':
      return { lines: action.lines, lastTouchedLineId: action.lines.at(-1)?.lineId ?? null };
  }
}

/** Number of units in the cart. */
export function cartItemCount(state: CartState): number {
  return state.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/**
 * A string that changes whenever what would be sold changes, so a sale id made for one cart is
 * never reused for a different one.
 */
export function cartFingerprint(state: CartState): string {
  return state.lines
    .map((line) => `${line.product.id}:${line.quantity}:${line.discountPercent ?? ''}`)
    .join('|');
}
