import { and, eq } from 'drizzle-orm';
import {
  DomainError,
  assertDiscountWithinLimit,
  newDocumentId,
  parsePercent,
  parseQuantity,
  priceSale,
  sumQuantities,
  type PricingInput,
  type PricingResult,
  type TaxDefinition,
} from '@kassa/domain';
import type { CreateSaleRequest, ExpectedTotals, Sale, SalePage, SaleListQuery } from '@kassa/contracts';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { discountOverrideFor } from '../approvals/approvals.service.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import { maxDiscountPercentFor } from '../auth/auth.service.ts';
import * as catalog from '../catalog/catalog.repository.ts';
import { cashRoundingOf } from '../settings/settings.service.ts';
import { requireOpenShiftId } from '../shifts/shifts.service.ts';
import * as repo from './sales.repository.ts';

/** The outcome of creating a sale: the stored sale, and whether this request created it. */
export type CreateSaleResult = { sale: Sale; created: boolean };

/** Thrown inside the transaction to roll it back when another request stored the same sale id first. */
class SaleAlreadyStored extends Error {}

type TaxSnapshot = { taxId: string; name: string; rate: string; inclusive: boolean };

/** e.g. "S1-R2-000123": store code, register code and the register's sequence number. */
export function formatReceiptNumber(storeCode: string, registerCode: string, seq: number): string {
  return `${storeCode}-${registerCode}-${String(seq).padStart(6, '0')}`;
}

type StoreRow = typeof s.stores.$inferSelect;

function oneLineAddress(store: StoreRow): string {
  return [store.addressLine1, store.city, `${store.region} ${store.postalCode}`.trim()]
    .filter(Boolean)
    .join(', ');
}

/** What a sale DTO is built from: the stored (or just inserted) rows. */
type SaleSource = {
  sale: Omit<repo.SaleRow, 'taxSummary'> & { taxSummary: unknown };
  store: StoreRow;
  registerName: string;
  cashierName: string;
};
type LineSource = Omit<repo.SaleLineRow, 'taxes'> & { taxes: unknown };

function toSaleDto(
  header: SaleSource,
  lines: LineSource[] | undefined,
  tenders: repo.TenderRow[] | undefined,
): Sale {
  const { sale, store } = header;
  return {
    id: sale.id,
    receiptNumber: sale.receiptNumber,
    status: sale.status,
    currency: sale.currency,
    storeId: sale.storeId,
    storeName: store.name,
    storeAddress: oneLineAddress(store),
    storeTimeZone: store.timeZone,
    receiptFooter: store.receiptFooter,
    registerId: sale.registerId,
    registerName: header.registerName,
    cashierId: sale.cashierId,
    cashierName: header.cashierName,
    subtotal: sale.subtotal,
    discountTotal: sale.discountTotal,
    taxTotal: sale.taxTotal,
    total: sale.total,
    cashRounding: sale.cashRounding,
    amountDue: sale.total + sale.cashRounding,
    tendered: sale.tendered,
    change: sale.changeDue,
    createdAt: sale.createdAt.toISOString(),
    clientCreatedAt: sale.clientCreatedAt ? sale.clientCreatedAt.toISOString() : null,
    taxes: sale.taxSummary as Sale['taxes'],
    lines: (lines ?? []).map((l) => ({
      id: l.id,
      lineNo: l.lineNo,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      quantity: catalog.trimDecimal(l.quantity),
      unitPrice: l.unitPrice,
      discountPercent: catalog.trimDecimal(l.discountPercent),
      gross: l.gross,
      discount: l.discount,
      net: l.net,
      tax: l.tax,
      total: l.total,
      ageRestricted: l.ageRestricted,
      taxes: l.taxes as Sale['lines'][number]['taxes'],
    })),
    tenders: (tenders ?? []).map((t) => ({
      id: t.id,
      method: t.method,
      amount: t.amount,
      tendered: t.tendered,
      reference: t.reference,
    })),
  };
}

/** Reads one sale with lines and tenders. @throws AppError 404 `not_found` (also for another company's sale). */
export async function getSale(ctx: Ctx, saleId: string): Promise<Sale> {
  const header = await repo.findSaleHeader(ctx, saleId);
  if (!header) throw new AppError('not_found', 404, 'Sale not found', { saleId });
  const lines = await repo.findLines(ctx, saleId);
  const tenders = await repo.findTenders(ctx, saleId);
  return toSaleDto(header, lines, tenders);
}

/** Lists sales newest first with filters; summaries without lines. */
export async function listSales(ctx: Ctx, query: SaleListQuery): Promise<SalePage> {
  const { rows, total } = await repo.listSales(ctx, query);
  const items = rows.map((row) => {
    const { lines: _l, taxes: _t, tenders: _tn, ...summary } = toSaleDto(row, undefined, undefined);
    return summary;
  });
  return { items, total, limit: query.limit, offset: query.offset };
}

async function storedSaleFor(ctx: Ctx, input: CreateSaleRequest): Promise<Sale> {
  const sale = await getSale(ctx, input.id);
  if (sale.registerId !== input.registerId || sale.lines.length !== input.lines.length) {
    throw new AppError('sale_id_conflict', 409, 'A different sale with this id already exists', {
      saleId: input.id,
    });
  }
  return sale;
}

/**
 * Refuses a sale whose recomputed totals differ from what the terminal showed, by even one minor
 * unit: 422 `totals_mismatch` with `{ expected, computed }` in the details.
 */
function assertTotalsMatch(expected: ExpectedTotals, priced: PricingResult): void {
  const computed = { total: priced.total, taxTotal: priced.taxTotal, discountTotal: priced.discountTotal };
  if (
    expected.total !== computed.total ||
    expected.taxTotal !== computed.taxTotal ||
    expected.discountTotal !== computed.discountTotal
  ) {
    throw new AppError('totals_mismatch', 422, 'The totals differ from the ones the server computes', {
      expected,
      computed,
    });
  }
}

/**
 * Creates a completed sale in the caller's transaction: prices the lines with the company's
 * current catalog and settings (tax rounding level and mode, cash rounding) through
 * packages/domain, settles the tenders, takes the register's next receipt number, writes the
 * sale, lines, tenders and stock movements, and decrements stock.
 * Idempotent by `input.id`: if the id is already stored (a retry, a double tap, or a concurrent
 * twin), nothing is written and the stored sale is returned with `created: false`.
 * Errors: `invalid_quantity`, `invalid_discount`, `discount_over_limit`, `tenders_short`,
 * `card_over_total` (DomainError, 422); `totals_mismatch` (422) when `expectedTotals` differ from
 * the server's; `register_not_found`, `product_not_found` (404); `product_inactive` (422);
 * `sale_id_conflict` (409) when the id names a different sale.
 */
export async function createSale(ctx: Ctx, input: CreateSaleRequest): Promise<CreateSaleResult> {
  const existing = await repo.findSaleHeader(ctx, input.id);
  if (existing) return { sale: await storedSaleFor(ctx, input), created: false };

  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  if (!company) throw new Error('company of the token is missing');
  // A manager's approval (POST /approvals) lifts the limit for this one sale; used up here.
  const override = await discountOverrideFor(ctx, input, maxDiscountPercentFor(company, ctx.role));
  const maxDiscount = override?.maxPercent ?? maxDiscountPercentFor(company, ctx.role);
  const parsedLines = input.lines.map((line, index) => {
    try {
      const quantity = parseQuantity(line.quantity);
      const discountPercent = line.discountPercent === undefined ? '0' : parsePercent(line.discountPercent);
      assertDiscountWithinLimit(discountPercent, maxDiscount);
      return { ...line, quantity, discountPercent, index };
    } catch (err) {
      // Name the offending line, so the terminal can point at it.
      if (err instanceof DomainError)
        throw new DomainError(err.code, err.message, { ...err.details, line: index });
      throw err;
    }
  });

  const found = await repo.findRegister(ctx, input.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const { register, store } = found;
  const shiftId = await requireOpenShiftId(ctx, register.id);

  const productIds = [...new Set(parsedLines.map((l) => l.productId))];
  const products = new Map(
    (await catalog.productsForSale(ctx.tx, ctx.companyId, productIds)).map((p) => [p.id, p]),
  );
  for (const line of parsedLines) {
    const product = products.get(line.productId);
    if (!product)
      throw new AppError('product_not_found', 404, 'Product not found', {
        productId: line.productId,
        line: line.index,
      });
    if (!product.active) {
      throw new AppError('product_inactive', 422, `${product.name} is no longer sold`, {
        productId: product.id,
        line: line.index,
      });
    }
  }
  const taxesByCategory = await catalog.taxesByCategory(ctx.tx, ctx.companyId);
  const taxDefinitions = new Map<string, TaxDefinition & { name: string }>();
  const lineTaxes = parsedLines.map((line) => {
    const product = products.get(line.productId)!;
    const taxes = product.taxCategoryId ? (taxesByCategory.get(product.taxCategoryId) ?? []) : [];
    for (const t of taxes) taxDefinitions.set(t.id, t);
    return taxes;
  });

  const cart: PricingInput = {
    currency: company.currency,
    taxRounding: company.taxRounding,
    roundingMode: company.roundingMode,
    cashRounding: cashRoundingOf(company),
    taxes: [...taxDefinitions.values()],
    lines: parsedLines.map((line, i) => ({
      id: String(i),
      unitPrice: products.get(line.productId)!.price,
      quantity: line.quantity,
      taxIds: lineTaxes[i]!.map((t) => t.id),
      ...(line.discountPercent !== '0'
        ? { discount: { type: 'percent' as const, value: line.discountPercent } }
        : {}),
    })),
  };
  // Totals first, without tenders: a terminal that priced the cart differently gets
  // totals_mismatch rather than a tender error computed from totals it never showed.
  if (input.expectedTotals) assertTotalsMatch(input.expectedTotals, priceSale(cart));
  const priced: PricingResult = priceSale({
    ...cart,
    tenders: input.tenders.map((t) => ({ method: t.method, amount: t.amount })),
  });

  const snapshot = (taxId: string): TaxSnapshot => {
    const t = taxDefinitions.get(taxId)!;
    return { taxId, name: t.name, rate: t.rate, inclusive: t.inclusive };
  };
  const taxSummary = priced.taxes.map((t) => {
    const { inclusive: _inclusive, ...rest } = snapshot(t.id);
    return { ...rest, base: t.base, amount: t.amount };
  });

  const seq = await repo.takeReceiptSeq(ctx, register.id);
  const now = new Date();
  const saleRow = {
    companyId: ctx.companyId,
    id: input.id,
    storeId: store.id,
    registerId: register.id,
    shiftId,
    cashierId: ctx.userId,
    receiptSeq: seq,
    receiptNumber: formatReceiptNumber(store.code, register.code, seq),
    status: 'completed' as const,
    currency: company.currency,
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    taxTotal: priced.taxTotal,
    total: priced.total,
    cashRounding: priced.cashRounding,
    tendered: priced.tendered,
    changeDue: priced.change,
    taxSummary,
    clientCreatedAt: input.clientCreatedAt ? new Date(input.clientCreatedAt) : null,
    createdAt: now,
  };
  if (!(await repo.insertSaleIfNew(ctx, saleRow))) throw new SaleAlreadyStored();

  const lineRows = parsedLines.map((line, i) => {
    const product = products.get(line.productId)!;
    const p = priced.lines[i]!;
    return {
      companyId: ctx.companyId,
      saleId: input.id,
      lineNo: i + 1,
      id: newDocumentId(),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPrice: product.price,
      discountPercent: line.discountPercent,
      gross: p.gross,
      discount: p.discount,
      net: p.net,
      tax: p.tax,
      total: p.total,
      ageRestricted: product.ageRestricted,
      taxes: p.taxes.map((t) => ({ ...snapshot(t.id), base: t.base, amount: t.amount })),
    };
  });
  await repo.insertLines(ctx, lineRows);
  const tenderRows = priced.tenders.map((t, i) => ({
    companyId: ctx.companyId,
    id: newDocumentId(),
    saleId: input.id,
    position: i + 1,
    method: t.method,
    amount: t.applied,
    tendered: t.tendered,
    reference: input.tenders[i]?.reference ?? null,
    createdAt: now,
  }));
  await repo.insertTenders(ctx, tenderRows);

  await repo.decrementStock(
    ctx,
    store.id,
    input.id,
    productIds.map((productId) => ({
      productId,
      quantity: sumQuantities(parsedLines.filter((l) => l.productId === productId).map((l) => l.quantity)),
      movementId: newDocumentId(),
    })),
  );

  const [cashier] = await ctx.tx
    .select({ name: s.users.name })
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, ctx.userId)))
    .limit(1);
  // Last, so the register's audit stream is locked only briefly (the register row already is).
  if (override)
    await recordAudit(ctx, {
      action: 'sale.discount.override',
      stream: registerStream(register.id),
      approverId: override.approvedBy,
      subject: { type: 'sale', id: input.id },
      storeId: store.id,
      registerId: register.id,
      details: {
        approvalId: override.approvalId,
        approvedPercent: override.maxPercent,
        lines: lineRows
          .filter((l) => l.discountPercent !== '0')
          .map((l) => ({ lineNo: l.lineNo, percent: l.discountPercent, amount: l.discount })),
      },
    });
  await recordAudit(ctx, {
    action: 'sale.completed',
    stream: registerStream(register.id),
    subject: { type: 'sale', id: input.id },
    storeId: store.id,
    registerId: register.id,
    details: {
      receiptNumber: saleRow.receiptNumber,
      currency: saleRow.currency,
      total: saleRow.total,
      amountDue: saleRow.total + saleRow.cashRounding,
      discountTotal: saleRow.discountTotal,
      tenders: tenderRows.map((t) => ({ method: t.method, amount: t.amount })),
      discounts: lineRows
        .filter((l) => l.discountPercent !== '0')
        .map((l) => ({ lineNo: l.lineNo, percent: l.discountPercent, amount: l.discount })),
    },
  });
  const header = { sale: saleRow, store, registerName: register.name, cashierName: cashier?.name ?? '' };
  return { sale: toSaleDto(header, lineRows, tenderRows), created: true };
}

export { SaleAlreadyStored };
