import type { ParkedSale, ParkSaleRequest, Product } from '@kassa/contracts';
import { toCartProduct, type CartLine } from '../../cart/state/cartReducer.ts';

/**
 * The POST /parked-sales body for a cart. `total` (minor units) is what the cart came to when parked,
 * only to tell carts apart in the list: a resumed cart is priced again at today's prices.
 */
export function parkRequest(
  id: string,
  registerId: string,
  lines: readonly CartLine[],
  total: number,
  note = '',
): ParkSaleRequest {
  return {
    id,
    registerId,
    note,
    total,
    lines: lines.map((line) => ({
      productId: line.product.id,
      quantity: String(line.quantity),
      discountPercent: line.discountPercent,
    })),
  };
}

/**
 * The cart lines of a resumed sale, in parked order, with today's products (`products` by id).
 * @param newLineId makes the id of each line (the terminal's ids are its own).
 * @throws Error when a product of the cart is missing from `products`.
 */
export function restoredLines(
  parked: Pick<ParkedSale, 'lines'>,
  products: ReadonlyMap<string, Product>,
  newLineId: () => string,
): CartLine[] {
  return parked.lines.map((line) => {
    const product = products.get(line.productId);
    if (!product) throw new Error(`Product ${line.productId} of the parked sale was not found`);
    return {
      lineId: newLineId(),
      product: toCartProduct(product),
      quantity: Number(line.quantity),
      discountPercent: line.discountPercent,
    };
  });
}
