import { roundToMinor } from '@kassa/domain';
import type { ReportQuery, SalesReport } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { trimDecimal } from '../catalog/catalog.repository.ts';
import * as repo from './reports.repository.ts';

type Row = Record<string, string | number | null>;

/** An integer column of a report row (sums come back as text to keep bigint exact). */
const int = (row: Row, key: string): number => {
  const value = Number(row[key] ?? 0);
  if (!Number.isSafeInteger(value)) throw new Error(`report column ${key} is not a safe integer`);
  return value;
};

function amounts(row: Row) {
  const total = int(row, 'total');
  const tax = int(row, 'tax');
  return { gross: int(row, 'gross'), discounts: int(row, 'discounts'), tax, total, netSales: total - tax };
}

/** Margin of costed lines: cost (exact decimal from cost x quantity) is rounded half-up once. */
function margin(row: Row) {
  const cost = roundToMinor(String(row.cost ?? '0'), 'half_up');
  const costedNetSales = int(row, 'costed_net');
  return { cost, costedNetSales, margin: costedNetSales - cost, uncostedLines: int(row, 'uncosted_lines') };
}

/** Sales and refunds per tax rate, one row per rate found in either, by name. */
function mergeTaxes(sold: Row[], refunded: Row[]): SalesReport['taxes'] {
  const byId = new Map<string, SalesReport['taxes'][number]>();
  const row = (r: Row) => {
    const id = String(r.tax_id);
    let found = byId.get(id);
    if (!found) {
      const zero = { base: 0, tax: 0, refundedBase: 0, refundedTax: 0, netBase: 0, netTax: 0 };
      found = { taxId: id, name: String(r.name), rate: String(r.rate), ...zero };
      byId.set(id, found);
    }
    return found;
  };
  for (const r of sold) Object.assign(row(r), { base: int(r, 'base'), tax: int(r, 'tax') });
  for (const r of refunded)
    Object.assign(row(r), { refundedBase: int(r, 'base'), refundedTax: int(r, 'tax') });
  return [...byId.values()]
    .map((t) => ({ ...t, netBase: t.base - t.refundedBase, netTax: t.tax - t.refundedTax }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The sales report of a period (local days of each store, `from`..`to` inclusive), for one store
 * or all: totals, by day and hour of day, by category, product, cashier and tender, and tax per
 * rate. Totals, days, hours and cashiers add up the sale documents; categories and products add up
 * their lines; tenders their tenders; taxes the tax summaries printed on the receipts. Gross margin
 * uses the unit cost each sale line copied when it was sold (the product's current cost for lines
 * sold before lines copied it), so a later cost change does not rewrite past margins. Voided sales are left out of all of
 * that and listed under `voids`; refunds count on their own day and store, and `net` is sales less
 * refunds. Amounts are minor units.
 * @throws AppError `store_not_found` (404, also for another company's store).
 */
export async function salesReport(ctx: Ctx, query: ReportQuery): Promise<SalesReport> {
  if (query.storeId && !(await repo.storeExists(ctx, query.storeId))) {
    throw new AppError('store_not_found', 404, 'Store not found', { storeId: query.storeId });
  }
  const period: repo.Period = { from: query.from, to: query.to, storeId: query.storeId };
  const currency = await repo.currency(ctx);
  const {
    totals,
    days,
    hours,
    categories,
    products,
    cashiers,
    tenders,
    taxes,
    refundTotals,
    refundTaxes,
    voids,
  } = await repo.reportSections(ctx, period);
  const categoryMargins = categories.map(margin);
  const saleAmounts = amounts(totals);
  const refunds = {
    count: int(refundTotals, 'count'),
    discounts: int(refundTotals, 'discounts'),
    tax: int(refundTotals, 'tax'),
    total: int(refundTotals, 'total'),
    netSales: int(refundTotals, 'total') - int(refundTotals, 'tax'),
  };
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency,
    totals: {
      sales: int(totals, 'sales'),
      ...amounts(totals),
      cashRounding: int(totals, 'cash_rounding'),
      discountedSales: int(totals, 'discounted_sales'),
      // Summed from the categories' margins so the total equals the sum of the rows to the cent.
      cost: categoryMargins.reduce((a, m) => a + m.cost, 0),
      costedNetSales: categoryMargins.reduce((a, m) => a + m.costedNetSales, 0),
      margin: categoryMargins.reduce((a, m) => a + m.margin, 0),
      uncostedLines: categoryMargins.reduce((a, m) => a + m.uncostedLines, 0),
    },
    refunds,
    net: {
      total: saleAmounts.total - refunds.total,
      tax: saleAmounts.tax - refunds.tax,
      netSales: saleAmounts.netSales - refunds.netSales,
    },
    voids: {
      count: voids.length,
      tax: voids.reduce((a, r) => a + int(r, 'tax'), 0),
      total: voids.reduce((a, r) => a + int(r, 'total'), 0),
      items: voids.map((r) => ({
        saleId: String(r.sale_id),
        receiptNumber: String(r.receipt_number),
        voidNumber: String(r.void_number),
        cashierName: String(r.cashier_name),
        reason: String(r.reason),
        total: int(r, 'total'),
        tax: int(r, 'tax'),
        createdAt: String(r.created_at),
      })),
    },
    byDay: days.map((r) => ({ day: String(r.day), sales: int(r, 'sales'), ...amounts(r) })),
    byHour: hours.map((r) => ({ hour: int(r, 'hour'), sales: int(r, 'sales'), ...amounts(r) })),
    byCategory: categories.map((r, i) => ({
      categoryId: r.category_id === null ? null : String(r.category_id),
      name: String(r.name ?? ''),
      quantity: trimDecimal(String(r.quantity)),
      ...amounts(r),
      ...categoryMargins[i]!,
    })),
    byProduct: products.map((r) => ({
      productId: String(r.product_id),
      sku: String(r.sku),
      name: String(r.name),
      quantity: trimDecimal(String(r.quantity)),
      ...amounts(r),
      ...margin(r),
    })),
    byCashier: cashiers.map((r) => ({
      userId: String(r.user_id),
      name: String(r.name),
      sales: int(r, 'sales'),
      ...amounts(r),
    })),
    byTender: tenders.map((r) => ({
      method: String(r.method),
      count: int(r, 'count'),
      amount: int(r, 'amount'),
    })),
    taxes: mergeTaxes(taxes, refundTaxes),
  };
}
