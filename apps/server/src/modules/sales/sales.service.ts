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
import { CommitRefusedError, type schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { discountOverrideFor, useSaleApproval } from '../approvals/approvals.service.ts';
import { chainEntries, recordAudit, registerStream } from '../audit/audit.service.ts';
import { maxDiscountPercentFor } from '../auth/auth.service.ts';
import * as catalog from '../catalog/catalog.repository.ts';
import { cashRoundingOf } from '../settings/settings.service.ts';
import { checkForSale, earlierOf, recordForSale } from '../age-checks/age-checks.service.ts';
import * as repo from './sales.repository.ts';
import { saleCashier } from '../stores/register-staff.service.ts';
import { storeInScope } from '../users/access.ts';
import { normalizeCode, redeemForSale } from '../store-credits/store-credits.service.ts';

/** The outcome of creating a sale: the stored sale, and whether this request created it. */
export type CreateSaleResult = { sale: Sale; created: boolean };

/** Thrown inside the transaction to roll it back when another request stored the same sale id first. */
class SaleAlreadyStored extends Error {}

/**
 * Thrown by `createSale` with `commitWithWrite` when the sale needs statements after its write
 * (a stock level went below zero and its alert is written in the same transaction): the
 * transaction rolled back, and the caller runs it again without `commitWithWrite`.
 */
export class SaleNeedsFollowUp extends Error {}

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
    receiptHeader: store.receiptHeader,
    storeTaxId: store.taxId,
    registerId: sale.registerId,
    registerName: header.registerName,
    cashierId: sale.cashierId,
    cashierName: header.cashierName,
    subtotal: sale.subtotal,
    overrideTotal: sale.overrideTotal,
    discountTotal: sale.discountTotal,
    exemptionTotal: sale.exemptionTotal,
    taxExempt: sale.taxExempt
      ? {
          reason: sale.taxExemptReason ?? '',
          ...(sale.taxExemptCertificate ? { certificate: sale.taxExemptCertificate } : {}),
        }
      : null,
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
      overrideUnitPrice: l.overrideUnitPrice,
      priceOverride: l.priceOverride,
      discount: l.discount,
      exemption: l.exemption,
      taxExempt: l.taxExempt,
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

/**
 * The stored sale with the id of `input` (a retry, or a twin that committed first).
 * @throws AppError 409 `sale_id_conflict` when it is a different sale (other register or line count).
 */
export async function storedSaleFor(ctx: Ctx, input: CreateSaleRequest): Promise<Sale> {
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

function prepareInput(input: CreateSaleRequest) {
  return {
    saleId: input.id,
    registerId: input.registerId,
    productIds: [...new Set(input.lines.map((l) => l.productId))],
  };
}

/**
 * The statement that `createSale` starts with, for a caller that runs it as the first statement
 * of the sale's transaction (in the round trip of its BEGIN) and passes its rows as `prepared`.
 */
export function saleLeadStatement(
  who: { companyId: string; userId: string; sessionId: string },
  input: CreateSaleRequest,
) {
  return repo.prepareSaleStatement(who, prepareInput(input));
}

/**
 * Creates a completed sale in the caller's transaction: prices the lines with the company's
 * current catalog and settings (tax rounding level and mode, cash rounding) through
 * packages/domain, settles the tenders, takes the register's next receipt number, writes the
 * sale, lines, tenders and stock movements, and decrements stock.
 * Idempotent by `input.id`: if the id is already stored (a retry, a double tap, or a concurrent
 * twin), nothing is written and the stored sale is returned with `created: false`.
 * The sale is credited to `input.cashierId` when given (a cashier switched by PIN on the device),
 * else to the signed-in user; `cashier_invalid` (422) when that cashier may not sell in the store.
 * Errors: `invalid_quantity`, `invalid_discount`, `discount_over_limit`, `tenders_short`,
 * `card_over_total` (DomainError, 422); `totals_mismatch` (422) when `expectedTotals` differ from
 * the server's; `register_not_found`, `product_not_found` (404); `product_inactive` (422);
 * `sale_id_conflict` (409) when the id names a different sale; `age_check_required`,
 * `age_check_failed`, `age_check_method_not_allowed` (422) for age-restricted lines;
 * `store_credit_unknown`, `store_credit_insufficient` (422) and `store_credit_over_total`
 * (DomainError, 422) for store credit tenders (see store-credits.service `redeemForSale`).
 * With `options.commitWithWrite` (only for a caller whose transaction ends with the sale, see
 * `withCompanyTx`), a sale that needs nothing written after its write statement commits in the
 * round trip of that statement; @throws SaleNeedsFollowUp when a stock level went below zero
 * meanwhile (the caller runs the sale again without the option).
 */
export async function createSale(
  ctx: Ctx,
  input: CreateSaleRequest,
  prepared?: unknown[],
  options: { commitWithWrite?: boolean } = {},
): Promise<CreateSaleResult> {
  // One statement reads everything the sale needs and takes the receipt number (see prepareSale):
  // already run when the caller gave `prepared` (the rows of saleLeadStatement), else here.
  const prep = prepared
    ? repo.salePreparationOf(prepared[0] as repo.PrepareRow | undefined)
    : await repo.prepareSale(ctx, prepareInput(input));
  // A retry of a stored sale: roll back (giving the receipt number back); the route answers with it.
  if (prep.saleExists) throw new SaleAlreadyStored();
  const { company } = prep;
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

  const { register, store } = prep;
  // A register of a store outside the user's store scope is as unknown as another company's.
  if (!register || !store || !storeInScope(ctx, store.id))
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const shiftId = prep.shiftId;
  if (!shiftId)
    throw new AppError('shift_not_open', 422, 'Open a shift on this register first', {
      registerId: register.id,
    });
  // A cashier switched by PIN on the device (offline) rings up under the register user's token.
  const cashierId = await saleCashier(ctx, store.id, input.cashierId);

  const productIds = [...new Set(parsedLines.map((l) => l.productId))];
  const products = new Map(prep.products.map((p) => [p.id, p]));
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
  // An offline terminal rang the sale up with the catalog it held: a line keeps its listed price
  // when the product changed after that catalog version; the difference is recorded for review.
  const catalogVersion = input.catalogVersion ? Date.parse(input.catalogVersion) : null;
  const priceDifferences = parsedLines.flatMap((line) => {
    const product = products.get(line.productId)!;
    if (line.listedPrice === undefined || line.listedPrice === product.price) return [];
    if (catalogVersion === null || new Date(product.updatedAt).getTime() <= catalogVersion)
      throw new AppError('listed_price_mismatch', 422, `The price of ${product.name} is out of date`, {
        productId: product.id,
        line: line.index,
        listedPrice: line.listedPrice,
        price: product.price,
      });
    return [
      {
        lineNo: line.index + 1,
        productId: product.id,
        quantity: line.quantity,
        listedPrice: line.listedPrice,
        currentPrice: product.price,
      },
    ];
  });
  /** The shelf price a line is sold at (minor units): as rung up, else today's. */
  const shelfPrice = (line: (typeof parsedLines)[number]) =>
    line.listedPrice ?? products.get(line.productId)!.price;
  // Age-restricted lines need a passing check (store minimum age, store time zone), before any write.
  const ageCheck = checkForSale(
    ctx,
    store,
    register.id,
    input.ageCheck,
    parsedLines.filter((l) => products.get(l.productId)!.ageRestricted).map((l) => l.index),
    earlierOf(new Date(), input.clientCreatedAt),
  );
  // A price override or a tax-exempt sale needs its permission, or a manager's approval (used up here).
  const priceApproval =
    input.lines.some((l) => l.priceOverride !== undefined) && !ctx.permissions.includes('sale.price_override')
      ? await useSaleApproval(ctx, 'price_override', input.priceOverrideApprovalId, input)
      : undefined;
  const exemptApproval =
    input.taxExempt && !ctx.permissions.includes('sale.tax_exempt')
      ? await useSaleApproval(ctx, 'tax_exempt', input.taxExemptApprovalId, input)
      : undefined;
  const { taxesByCategory } = prep;
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
      unitPrice: shelfPrice(line),
      quantity: line.quantity,
      taxIds: lineTaxes[i]!.map((t) => t.id),
      ...(line.discountPercent !== '0'
        ? { discount: { type: 'percent' as const, value: line.discountPercent } }
        : {}),
      ...(line.priceOverride !== undefined ? { priceOverride: line.priceOverride } : {}),
    })),
    taxExempt: input.taxExempt !== undefined,
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

  const seq = prep.receiptSeq;
  const now = new Date();
  const saleRow = {
    companyId: ctx.companyId,
    id: input.id,
    storeId: store.id,
    registerId: register.id,
    shiftId,
    cashierId,
    receiptSeq: seq,
    receiptNumber: formatReceiptNumber(store.code, register.code, seq),
    status: 'completed' as const,
    currency: company.currency,
    subtotal: priced.subtotal,
    overrideTotal: priced.overrideTotal,
    discountTotal: priced.discountTotal,
    exemptionTotal: priced.exemptionTotal,
    taxExempt: input.taxExempt !== undefined,
    taxExemptReason: input.taxExempt?.reason ?? null,
    taxExemptCertificate: input.taxExempt?.certificate ?? null,
    taxTotal: priced.taxTotal,
    total: priced.total,
    cashRounding: priced.cashRounding,
    tendered: priced.tendered,
    changeDue: priced.change,
    taxSummary,
    clientCreatedAt: input.clientCreatedAt ? new Date(input.clientCreatedAt) : null,
    createdAt: now,
  };

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
      unitPrice: shelfPrice(line),
      unitCost: product.cost,
      discountPercent: line.discountPercent,
      gross: p.gross,
      overrideUnitPrice: line.priceOverride ?? null,
      priceOverride: p.override,
      discount: p.discount,
      exemption: p.exemption,
      taxExempt: input.taxExempt !== undefined,
      net: p.net,
      tax: p.tax,
      total: p.total,
      ageRestricted: product.ageRestricted,
      taxes: p.taxes.map((t) => ({ ...snapshot(t.id), base: t.base, amount: t.amount })),
    };
  });
  const tenderRows = priced.tenders.map((t, i) => ({
    companyId: ctx.companyId,
    id: newDocumentId(),
    saleId: input.id,
    position: i + 1,
    method: t.method,
    amount: t.applied,
    tendered: t.tendered,
    reference:
      t.method === 'store_credit'
        ? normalizeCode(input.tenders[i]?.reference ?? '')
        : (input.tenders[i]?.reference ?? null),
    createdAt: now,
  }));
  const stock = productIds.map((productId) => ({
    productId,
    quantity: sumQuantities(parsedLines.filter((l) => l.productId === productId).map((l) => l.quantity)),
  }));
  const stream = registerStream(register.id);
  // prepareSale advanced the register's audit stream by this one entry.
  const audit = chainEntries(ctx, stream, prep.audit.seq, prep.audit.prevHash, [
    {
      action: 'sale.completed',
      stream,
      subject: { type: 'sale', id: input.id },
      storeId: store.id,
      registerId: register.id,
      details: {
        receiptNumber: saleRow.receiptNumber,
        ...(cashierId !== ctx.userId ? { cashierId, deviceUserId: ctx.userId } : {}),
        currency: saleRow.currency,
        total: saleRow.total,
        amountDue: saleRow.total + saleRow.cashRounding,
        discountTotal: saleRow.discountTotal,
        ...(saleRow.overrideTotal !== 0 ? { overrideTotal: saleRow.overrideTotal } : {}),
        ...(saleRow.taxExempt ? { taxExempt: true } : {}),
        tenders: tenderRows.map((t) => ({ method: t.method, amount: t.amount })),
        discounts: lineRows
          .filter((l) => l.discountPercent !== '0')
          .map((l) => ({ lineNo: l.lineNo, percent: l.discountPercent, amount: l.discount })),
      },
    },
  ]);
  // Store credit tenders lock and spend their credits (only sales that have one pay these round trips).
  const creditTenders = priced.tenders.flatMap((t, i) =>
    t.method === 'store_credit' ? [{ reference: input.tenders[i]?.reference, amount: t.applied }] : [],
  );
  if (creditTenders.length > 0) await redeemForSale(ctx, input.id, creditTenders);
  // What is written after the sale's statement, decided before it (in this order in the register's
  // audit stream, the stock alerts of storeSale between the two lists). With none, the statement
  // may commit in its own round trip.
  const beforeStockAlerts: (() => Promise<unknown>)[] = [];
  const afterStockAlerts: (() => Promise<unknown>)[] = [];
  if (priceDifferences.length > 0)
    beforeStockAlerts.push(() =>
      recordAudit(ctx, {
        action: 'sale.price_difference',
        stream,
        subject: { type: 'sale', id: input.id },
        storeId: store.id,
        registerId: register.id,
        details: { catalogVersion: input.catalogVersion ?? null, lines: priceDifferences },
      }),
    );
  if (ageCheck) afterStockAlerts.push(() => recordForSale(ctx, ageCheck, input.id));
  // The approval's own entry follows the sale's in the register's stream (rare: over-limit discounts).
  if (override)
    afterStockAlerts.push(() =>
      recordAudit(ctx, {
        action: 'sale.discount.override',
        stream,
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
      }),
    );
  // Price overrides and tax exemptions are audited apart, naming the approving manager if any.
  const overriddenLines = lineRows.filter((l) => l.overrideUnitPrice !== null);
  if (overriddenLines.length > 0)
    afterStockAlerts.push(() =>
      recordAudit(ctx, {
        action: 'sale.price_override',
        stream,
        ...(priceApproval ? { approverId: priceApproval.approvedBy } : {}),
        subject: { type: 'sale', id: input.id },
        storeId: store.id,
        registerId: register.id,
        details: {
          approvalId: priceApproval?.approvalId ?? null,
          overrideTotal: saleRow.overrideTotal,
          lines: overriddenLines.map((l) => ({
            lineNo: l.lineNo,
            productId: l.productId,
            shelfPrice: l.unitPrice,
            overridePrice: l.overrideUnitPrice,
            quantity: l.quantity,
            adjustment: l.priceOverride,
          })),
        },
      }),
    );
  const { taxExempt } = input;
  if (taxExempt)
    afterStockAlerts.push(() =>
      recordAudit(ctx, {
        action: 'sale.tax_exempt',
        stream,
        ...(exemptApproval ? { approverId: exemptApproval.approvedBy } : {}),
        subject: { type: 'sale', id: input.id },
        storeId: store.id,
        registerId: register.id,
        details: {
          approvalId: exemptApproval?.approvalId ?? null,
          reason: taxExempt.reason,
          certificate: taxExempt.certificate ?? null,
          total: saleRow.total,
          exemptionTotal: saleRow.exemptionTotal,
        },
      }),
    );
  const commit =
    options.commitWithWrite === true && beforeStockAlerts.length === 0 && afterStockAlerts.length === 0;
  // One statement writes the sale, lines, tenders, stock movements, audit entry and stock levels.
  const write: repo.SaleWrite = {
    sale: saleRow,
    lines: lineRows,
    tenders: tenderRows,
    movements: stock.map((q) => ({
      companyId: ctx.companyId,
      id: newDocumentId(),
      storeId: store.id,
      productId: q.productId,
      quantity: `-${q.quantity}`,
      reason: 'sale' as const,
      saleId: input.id,
      userId: ctx.userId,
    })),
    stock,
    audit,
  };
  const stored = await repo.storeSale(ctx, write, { commit }).catch((err: unknown) => {
    if (!(err instanceof CommitRefusedError)) throw err;
    // A concurrent twin committed first (see below), or a stock alert must follow the write.
    throw (err.reason as repo.StoreSaleRefusal) === 'sale_exists'
      ? new SaleAlreadyStored()
      : new SaleNeedsFollowUp();
  });
  // A concurrent twin (same id, other register) committed first: roll back, answer with theirs.
  if (!stored.created) throw new SaleAlreadyStored();
  for (const record of beforeStockAlerts) await record();
  // The goods have left with the customer: stock may go below zero, and someone should look.
  // storeSale returned the levels this sale took below zero (no extra round trip on every sale).
  for (const level of stored.wentNegative) {
    const sold = stock.find((q) => q.productId === level.productId)!.quantity;
    ctx.log.warn(
      { productId: level.productId, storeId: store.id, onHand: level.onHand },
      'stock went negative',
    );
    await recordAudit(ctx, {
      action: 'stock.went_negative',
      stream,
      subject: { type: 'product', id: level.productId },
      storeId: store.id,
      registerId: register.id,
      details: { saleId: input.id, sold, onHand: level.onHand },
    });
  }
  for (const record of afterStockAlerts) await record();
  const header = { sale: saleRow, store, registerName: register.name, cashierName: prep.cashierName };
  return { sale: toSaleDto(header, lineRows, tenderRows), created: true };
}

export { SaleAlreadyStored };
