import { carryOverTenders, mergeTenders } from '@kassa/domain';
import type { CreateExchangeInput, Exchange, Sale } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { createRefund, getRefund } from '../refunds/refunds.service.ts';
import { createSale, getSale, SaleAlreadyStored } from '../sales/sales.service.ts';
import * as repo from './exchanges.repository.ts';

/** The outcome of a create use case: the stored document, and whether this request created it. */
export type Created<T> = { value: T; created: boolean };

/** The refund tenders the new sale took: its tenders less what the customer handed over. */
function carriedOf(sale: Sale, refundTenders: Exchange['refund']['tenders']): Exchange['carriedOver'] {
  return carryOverTenders(refundTenders, sale.total).carried;
}

async function toDto(ctx: Ctx, row: repo.ExchangeRow): Promise<Exchange> {
  const refund = await getRefund(ctx, row.refundId);
  const sale = await getSale(ctx, row.saleId);
  return {
    id: row.id,
    registerId: row.registerId,
    originalSaleId: row.originalSaleId,
    refund,
    sale,
    carriedOver: carriedOf(sale, refund.tenders),
    net: row.net,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A stored exchange. @throws AppError 404 `not_found` (also another company's). */
export async function getExchange(ctx: Ctx, id: string): Promise<Exchange> {
  const row = await repo.findExchange(ctx, id);
  if (!row) throw new AppError('not_found', 404, 'Exchange not found', { id });
  return toDto(ctx, row);
}

/**
 * An exchange in one transaction: the return (a refund of the original sale's lines, to its
 * tenders, card first, as any return), then the new sale paid first with the refund's tenders
 * (cash first, then card: packages/domain carryOverTenders) and then with the customer's
 * `tenders` for the difference. `net` = new sale amount due - refund total (minor units): the
 * customer pays it when positive and gets it back, to the refund's remaining tenders, when
 * negative. Both documents keep their own numbers and rules (stock, shift, age check); the
 * exchange row points at them. Idempotent by `input.id`.
 * Needs `refund.create` (the route) and `sale.create`.
 * @throws AppError 403 `forbidden`; 409 `exchange_id_conflict` (the id, the refund id or the sale
 *   id names another document); 422 `exchange_nothing_due` (tenders sent though the refund covers
 *   the new sale); and every error of createRefund and createSale (`over_return`,
 *   `shift_not_open`, `tenders_short`, `totals_mismatch`, `age_check_required`...).
 */
export async function createExchange(ctx: Ctx, input: CreateExchangeInput): Promise<Created<Exchange>> {
  const existing = await repo.findExchange(ctx, input.id);
  if (existing) {
    if (
      existing.registerId !== input.registerId ||
      existing.refundId !== input.return.refundId ||
      existing.saleId !== input.sale.id
    )
      throw new AppError('exchange_id_conflict', 409, 'A different exchange with this id exists', {
        id: input.id,
      });
    return { value: await toDto(ctx, existing), created: false };
  }
  if (!ctx.permissions.includes('sale.create'))
    throw new AppError('forbidden', 403, 'This needs the permission sale.create', {
      permission: 'sale.create',
    });

  const refunded = await createRefund(ctx, {
    id: input.return.refundId,
    registerId: input.registerId,
    saleId: input.return.saleId,
    reason: input.reason,
    lines: input.return.lines,
  });
  if (!refunded.created)
    throw new AppError('exchange_id_conflict', 409, 'The refund id is already used', {
      refundId: input.return.refundId,
    });
  const refund = refunded.value;
  const saleTotal = input.sale.expectedTotals.total;
  const { carried } = carryOverTenders(refund.tenders, saleTotal);
  if (saleTotal <= refund.total && input.tenders.length > 0)
    throw new AppError('exchange_nothing_due', 422, 'The return covers the new sale: nothing to pay', {
      saleTotal,
      refundTotal: refund.total,
    });
  let sale: Sale;
  try {
    ({ sale } = await createSale(ctx, {
      id: input.sale.id,
      registerId: input.registerId,
      lines: input.sale.lines,
      tenders: mergeTenders([...carried, ...input.tenders]),
      expectedTotals: input.sale.expectedTotals,
      ...(input.sale.ageCheck ? { ageCheck: input.sale.ageCheck } : {}),
      ...(input.sale.clientCreatedAt ? { clientCreatedAt: input.sale.clientCreatedAt } : {}),
    }));
  } catch (error) {
    if (!(error instanceof SaleAlreadyStored)) throw error;
    throw new AppError('exchange_id_conflict', 409, 'The sale id is already used', { saleId: input.sale.id });
  }
  const row = await repo.insertExchange(ctx, {
    companyId: ctx.companyId,
    id: input.id,
    registerId: input.registerId,
    originalSaleId: input.return.saleId,
    refundId: refund.id,
    saleId: sale.id,
    net: sale.amountDue - refund.total,
  });
  return {
    value: {
      id: row.id,
      registerId: row.registerId,
      originalSaleId: row.originalSaleId,
      refund,
      sale,
      carriedOver: carried,
      net: row.net,
      createdAt: row.createdAt.toISOString(),
    },
    created: true,
  };
}
