import type { SaleRefunds } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { getRefund } from '../refunds/refunds.service.ts';
import { getSale } from '../sales/sales.service.ts';
import * as repo from './sales-history.repository.ts';

/**
 * The refunds and voids that point at a sale, oldest first, with their lines and tenders.
 * @throws AppError `not_found` (404) when the sale is not the company's.
 */
export async function saleRefunds(ctx: Ctx, saleId: string): Promise<SaleRefunds> {
  await getSale(ctx, saleId);
  const ids = await repo.refundIdsOfSale(ctx, saleId);
  const items = [];
  for (const id of ids) items.push(await getRefund(ctx, id));
  return { saleId, voided: items.some((r) => r.kind === 'void'), items };
}
