import type { CreateExchangeRequest, CreateSaleRequest, Returnable, Sale } from '@kassa/contracts';
import { NOTHING_REFUNDED, refundLineShare, type PricingResult, type RefundableLine } from '@kassa/domain';

/** A line of the original sale given back in an exchange. */
export type ExchangeReturnLine = { lineNo: number; quantity: string; restock: boolean };

/**
 * The return half of an exchange, chosen on the return screen: the original sale, the lines given
 * back and their credit (minor units, the refund total the server will compute).
 */
export type ExchangeReturn = { sale: Sale; lines: ExchangeReturnLine[]; credit: number };

/**
 * The ids of one exchange attempt. The same new sale id keeps the same exchange and refund ids, so
 * a retry after a lost reply is the same request (the server returns the stored exchange).
 */
export type ExchangeIds = { saleId: string; exchangeId: string; refundId: string };

/**
 * What returning `lines` of `sale` gives back, minor units: the sum of each line's refund share
 * (packages/domain refundLineShare, cumulative rounding). What earlier refunds gave back is the
 * share of the quantity already returned (`returnable`), which that rule makes exact.
 * @throws DomainError `over_return` / `invalid_quantity`; Error for a line the sale does not have.
 */
export function returnCredit(
  sale: Pick<Sale, 'lines'>,
  returnable: Returnable,
  lines: readonly ExchangeReturnLine[],
): number {
  let credit = 0;
  for (const chosen of lines) {
    const line = sale.lines.find((l) => l.lineNo === chosen.lineNo);
    if (!line) throw new Error(`The sale has no line ${chosen.lineNo}`);
    const refundable: RefundableLine = {
      quantity: line.quantity,
      discount: line.discount,
      net: line.net,
      tax: line.tax,
      total: line.total,
      taxes: line.taxes.map((t) => ({ id: t.taxId, base: t.base, amount: t.amount })),
    };
    const returned = returnable.lines.find((l) => l.lineNo === chosen.lineNo)?.returned ?? '0';
    const before =
      Number(returned) > 0
        ? { ...refundLineShare(refundable, NOTHING_REFUNDED, returned), quantity: returned }
        : NOTHING_REFUNDED;
    credit += refundLineShare(refundable, before, chosen.quantity).total;
  }
  return credit;
}

/**
 * The exchange's balance, minor units: `due` what the customer pays (new sale total less the
 * credit), or `back` what goes back to the original tenders; one of them is 0.
 */
export function exchangeBalance(
  credit: number,
  newTotal: number,
): { net: number; due: number; back: number } {
  const net = newTotal - credit;
  return { net, due: Math.max(0, net), back: Math.max(0, -net) };
}

/** The ids for the new sale `saleId`: `previous` when made for the same sale, else new ones. */
export function exchangeIdsFor(
  previous: ExchangeIds | null,
  saleId: string,
  newId: () => string,
): ExchangeIds {
  if (previous?.saleId === saleId) return previous;
  return { saleId, exchangeId: newId(), refundId: newId() };
}

/**
 * The POST /exchanges body: the return, and the new sale as the tender screen made it (lines,
 * age check, completion time) with the totals the terminal showed; the sale's tenders are what the
 * customer pays of the difference (none when the credit covers it).
 */
export function exchangeRequest(
  ret: ExchangeReturn,
  ids: ExchangeIds,
  sale: CreateSaleRequest,
  pricing: Pick<PricingResult, 'total' | 'taxTotal' | 'discountTotal'>,
): CreateExchangeRequest {
  return {
    id: ids.exchangeId,
    registerId: sale.registerId,
    reason: 'Exchange',
    return: { refundId: ids.refundId, saleId: ret.sale.id, lines: ret.lines },
    sale: {
      id: sale.id,
      lines: sale.lines,
      expectedTotals: {
        total: pricing.total,
        taxTotal: pricing.taxTotal,
        discountTotal: pricing.discountTotal,
      },
      ...(sale.ageCheck ? { ageCheck: sale.ageCheck } : {}),
      ...(sale.clientCreatedAt ? { clientCreatedAt: sale.clientCreatedAt } : {}),
    },
    tenders: ret.credit >= pricing.total ? [] : sale.tenders,
  };
}
