import type { CreateSaleRequest } from '@kassa/contracts';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import type { Tender } from './tenders.ts';

/**
 * The POST /sales body for a cart paid with `tenders`. `saleId` is the pending sale's UUIDv7, so
 * a retry is the same request; `completedAt` is when the cashier finished (the terminal's clock).
 */
export function saleRequest(
  saleId: string,
  registerId: string,
  lines: readonly CartLine[],
  tenders: readonly Tender[],
  completedAt: Date,
): CreateSaleRequest {
  return {
    id: saleId,
    registerId,
    lines: lines.map((line) => ({
      productId: line.product.id,
      quantity: String(line.quantity),
      // The price the cashier saw: an offline sale is accepted as rung up (issue 8).
      listedPrice: line.product.price,
      ...(line.discountPercent ? { discountPercent: line.discountPercent } : {}),
    })),
    tenders: tenders.map((tender) => ({
      method: tender.method,
      amount: tender.amount,
      ...(tender.reference ? { reference: tender.reference } : {}),
    })),
    clientCreatedAt: completedAt.toISOString(),
  };
}
