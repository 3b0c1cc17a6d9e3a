import { and, eq } from 'drizzle-orm';
import {
  DomainError,
  NOTHING_REFUNDED,
  addRefund,
  newDocumentId,
  parseQuantity,
  priceSale,
  refundLineShare,
  returnableQuantity,
  sumQuantities,
  type LineRefundShare,
  type RefundedSoFar,
  type TaxDefinition,
} from '@kassa/domain';
import type { CreateRefundRequest, Refund, Returnable, VoidSaleRequest } from '@kassa/contracts';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { useApproval } from '../approvals/approvals.service.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import * as catalog from '../catalog/catalog.repository.ts';
import * as sales from '../sales/sales.repository.ts';
import { verifyManagerPin } from '../shifts/manager-pin.ts';
import { lockRegister } from '../shifts/shifts.repository.ts';
import { requireOpenShiftId, xReport } from '../shifts/shifts.service.ts';
import * as repo from './refunds.repository.ts';
import {
  applyReturnToCredits,
  issueCredit,
  planReturnToCredits,
  reserveCode,
  type CreditReturn,
} from '../store-credits/store-credits.service.ts';

type TenderMethod = Refund['tenders'][number]['method'];

/** The outcome of a create use case: the stored document, and whether this request created it. */
export type Created<T> = { value: T; created: boolean };

type TaxSnapshot = {
  taxId: string;
  name: string;
  rate: string;
  inclusive: boolean;
  base: number;
  amount: number;
};

/** e.g. "S1-R2-RF000007": store code, register code and the register's refund sequence. */
export function formatRefundNumber(storeCode: string, registerCode: string, seq: number): string {
  return `${storeCode}-${registerCode}-RF${String(seq).padStart(6, '0')}`;
}

async function toRefundDto(ctx: Ctx, row: repo.RefundRow): Promise<Refund> {
  const lines = await repo.findRefundLines(ctx, row.id);
  const tenders = await repo.findRefundTenders(ctx, row.id);
  const sale = row.saleId ? await sales.findSaleHeader(ctx, row.saleId) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    refundNumber: row.refundNumber,
    saleId: row.saleId,
    saleReceiptNumber: sale?.sale.receiptNumber ?? null,
    storeId: row.storeId,
    registerId: row.registerId,
    shiftId: row.shiftId,
    cashierId: row.cashierId,
    currency: row.currency,
    discountTotal: row.discountTotal,
    netTotal: row.netTotal,
    taxTotal: row.taxTotal,
    total: row.total,
    reason: row.reason,
    approvedBy: row.approvedBy,
    createdAt: row.createdAt.toISOString(),
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      saleLineNo: l.saleLineNo,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      quantity: catalog.trimDecimal(l.quantity),
      unitPrice: l.unitPrice,
      gross: l.gross,
      discount: l.discount,
      net: l.net,
      tax: l.tax,
      total: l.total,
      taxes: l.taxes as Refund['lines'][number]['taxes'],
      restock: l.restock,
    })),
    tenders: tenders.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference })),
  };
}

/** Reads one refund or void. @throws AppError 404 `not_found` (also another company's). */
export async function getRefund(ctx: Ctx, refundId: string): Promise<Refund> {
  const row = await repo.findRefund(ctx, refundId);
  if (!row) throw new AppError('not_found', 404, 'Refund not found', { refundId });
  return toRefundDto(ctx, row);
}

/** What each line of a sale has had returned so far (the running sums of its refund shares). */
function refundedPerLine(rows: repo.RefundLineRow[]): Map<number, RefundedSoFar> {
  const perLine = new Map<number, RefundedSoFar>();
  for (const r of rows) {
    if (r.saleLineNo === null) continue;
    const share: LineRefundShare = {
      gross: r.gross,
      discount: r.discount,
      net: r.net,
      tax: r.tax,
      total: r.total,
      taxes: (r.taxes as TaxSnapshot[]).map((t) => ({ id: t.taxId, base: t.base, amount: t.amount })),
    };
    perLine.set(r.saleLineNo, addRefund(perLine.get(r.saleLineNo) ?? NOTHING_REFUNDED, r.quantity, share));
  }
  return perLine;
}

type SaleState = {
  sale: NonNullable<Awaited<ReturnType<typeof repo.lockSale>>>;
  lines: sales.SaleLineRow[];
  refunded: Map<number, RefundedSoFar>;
  paidByMethod: Map<string, number>;
  refundedByMethod: Map<string, number>;
  voided: boolean;
  refundCount: number;
};

async function saleState(ctx: Ctx, saleId: string, lock: boolean): Promise<SaleState> {
  const sale = lock ? await repo.lockSale(ctx, saleId) : (await sales.findSaleHeader(ctx, saleId))?.sale;
  if (!sale) throw new AppError('not_found', 404, 'Sale not found', { saleId });
  const lines = await sales.findLines(ctx, saleId);
  const refunds = await repo.refundsOfSale(ctx, saleId);
  const paidByMethod = new Map<string, number>();
  for (const t of await sales.findTenders(ctx, saleId)) {
    paidByMethod.set(t.method, (paidByMethod.get(t.method) ?? 0) + t.amount);
  }
  return {
    sale,
    lines,
    refunded: refundedPerLine(await repo.refundLinesOfSale(ctx, saleId)),
    paidByMethod,
    refundedByMethod: await repo.refundedByMethod(ctx, saleId),
    voided: refunds.some((r) => r.kind === 'void'),
    refundCount: refunds.length,
  };
}

/** What of a sale can still be returned, per line and per tender method. @throws AppError 404 `not_found`. */
export async function returnable(ctx: Ctx, saleId: string): Promise<Returnable> {
  const st = await saleState(ctx, saleId, false);
  return {
    saleId,
    voided: st.voided,
    lines: st.lines.map((l) => {
      const returned = st.refunded.get(l.lineNo)?.quantity ?? '0';
      const left = returnableQuantity(l.quantity, returned);
      return {
        lineNo: l.lineNo,
        sold: catalog.trimDecimal(l.quantity),
        returned: catalog.trimDecimal(returned),
        returnable: catalog.trimDecimal(left),
      };
    }),
    tenders: [...st.paidByMethod].map(([method, paid]) => {
      const refunded = st.refundedByMethod.get(method) ?? 0;
      return { method: method as TenderMethod, paid, refunded, refundable: paid - refunded };
    }),
  };
}

/** A sale by its receipt number (exact, case-insensitive). @throws AppError 404 `not_found`. */
export async function findSaleIdByReceipt(ctx: Ctx, receiptNumber: string): Promise<string> {
  const [row] = await ctx.tx
    .select({ id: s.sales.id })
    .from(s.sales)
    .where(and(eq(s.sales.companyId, ctx.companyId), eq(s.sales.receiptNumber, receiptNumber.toUpperCase())))
    .limit(1);
  if (!row) throw new AppError('not_found', 404, 'No sale has this receipt number', { receiptNumber });
  return row.id;
}

type PlannedLine = Omit<typeof s.refundLines.$inferInsert, 'companyId' | 'refundId' | 'lineNo'>;
type PlannedTender = { method: TenderMethod; amount: number; reference: string | null };

/**
 * Splits a refund total over the tenders still refundable: store credit first, then card (the
 * money goes back where it came from), then cash. @throws AppError 422 `refund_over_tendered` when they do not cover it.
 */
function allocateTenders(total: number, refundable: Map<string, number>): PlannedTender[] {
  const planned: PlannedTender[] = [];
  let left = total;
  for (const method of ['store_credit', 'card', 'cash'] as const) {
    const take = Math.min(left, refundable.get(method) ?? 0);
    if (take > 0) planned.push({ method, amount: take, reference: null });
    left -= take;
  }
  if (left > 0) {
    throw new AppError('refund_over_tendered', 422, 'The refund is more than the sale was paid with', {
      total,
      refundable: Object.fromEntries(refundable),
    });
  }
  return planned;
}

/**
 * Checks the tenders a cashier chose: each method at most what the sale was paid with in it minus
 * what was refunded to it, and together exactly the refund total.
 * @throws AppError 422 `refund_over_tendered`, 422 `refund_tenders_mismatch`.
 */
function checkTenders(
  total: number,
  given: NonNullable<CreateRefundRequest['tenders']>,
  refundable: Map<string, number>,
): PlannedTender[] {
  const perMethod = new Map<string, number>();
  for (const t of given) perMethod.set(t.method, (perMethod.get(t.method) ?? 0) + t.amount);
  for (const [method, amount] of perMethod) {
    const available = refundable.get(method) ?? 0;
    if (amount > available) {
      throw new AppError('refund_over_tendered', 422, `More than the sale was paid by ${method}`, {
        method,
        requested: amount,
        refundable: available,
      });
    }
  }
  const sum = given.reduce((a, t) => a + t.amount, 0);
  if (sum !== total) {
    throw new AppError('refund_tenders_mismatch', 422, 'The refund tenders do not add up to the refund', {
      total,
      tendered: sum,
    });
  }
  return given.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference ?? null }));
}

/** Lines of a return with its receipt: exact shares of the sale lines (packages/domain refundLineShare). */
function planReceiptLines(st: SaleState, input: CreateRefundRequest): PlannedLine[] {
  const seen = new Set<number>();
  return input.lines.map((l, index) => {
    if (l.lineNo === undefined || l.productId !== undefined) {
      throw new AppError('invalid_refund_line', 422, 'With a receipt, name each sale line by its lineNo', {
        line: index,
      });
    }
    if (seen.has(l.lineNo)) {
      throw new AppError('invalid_refund_line', 422, 'A sale line is returned twice in one refund', {
        line: index,
      });
    }
    seen.add(l.lineNo);
    const saleLine = st.lines.find((x) => x.lineNo === l.lineNo);
    if (!saleLine) {
      throw new AppError('sale_line_not_found', 422, 'The sale has no such line', {
        line: index,
        lineNo: l.lineNo,
      });
    }
    let share: LineRefundShare;
    let quantity: string;
    try {
      quantity = parseQuantity(l.quantity);
      const taxes = saleLine.taxes as TaxSnapshot[];
      share = refundLineShare(
        { ...saleLine, taxes: taxes.map((t) => ({ id: t.taxId, base: t.base, amount: t.amount })) },
        st.refunded.get(saleLine.lineNo) ?? NOTHING_REFUNDED,
        quantity,
      );
    } catch (err) {
      if (err instanceof DomainError)
        throw new DomainError(err.code, err.message, { ...err.details, line: index });
      throw err;
    }
    const snapshots = saleLine.taxes as TaxSnapshot[];
    return {
      saleId: st.sale.id,
      saleLineNo: saleLine.lineNo,
      productId: saleLine.productId,
      sku: saleLine.sku,
      name: saleLine.name,
      quantity,
      unitPrice: saleLine.unitPrice,
      gross: share.gross,
      discount: share.discount,
      net: share.net,
      tax: share.tax,
      total: share.total,
      taxes: share.taxes.map((t) => {
        const snap = snapshots.find((x) => x.taxId === t.id)!;
        return {
          taxId: t.id,
          name: snap.name,
          rate: snap.rate,
          inclusive: snap.inclusive,
          base: t.base,
          amount: t.amount,
        };
      }),
      restock: l.restock,
    };
  });
}

/**
 * Where the money of a return without a receipt goes: what the cashier asked for, else the
 * store's setting (`either`: cash). Source: issue 6, "to cash or store credit per store setting".
 * @throws AppError 422 `store_credit_not_allowed` (store pays out cash only),
 *   422 `cash_refund_not_allowed` (store gives store credit only).
 */
function noReceiptRefundTo(
  setting: 'cash' | 'store_credit' | 'either',
  asked: 'cash' | 'store_credit' | undefined,
): 'cash' | 'store_credit' {
  const to = asked ?? (setting === 'store_credit' ? 'store_credit' : 'cash');
  if (to === 'store_credit' && setting === 'cash') {
    throw new AppError(
      'store_credit_not_allowed',
      422,
      'This store refunds returns without a receipt in cash',
      {
        setting,
      },
    );
  }
  if (to === 'cash' && setting === 'store_credit') {
    throw new AppError(
      'cash_refund_not_allowed',
      422,
      'This store gives store credit for returns without a receipt',
      { setting },
    );
  }
  return to;
}

/** Lines of a return without a receipt: priced now, at the current price and taxes. */
async function planNoReceiptLines(
  ctx: Ctx,
  company: typeof s.companies.$inferSelect,
  input: CreateRefundRequest,
): Promise<PlannedLine[]> {
  const parsed = input.lines.map((l, index) => {
    if (l.productId === undefined || l.lineNo !== undefined) {
      throw new AppError(
        'invalid_refund_line',
        422,
        'Without a receipt, name each product by its productId',
        {
          line: index,
        },
      );
    }
    try {
      return { productId: l.productId, quantity: parseQuantity(l.quantity), restock: l.restock, index };
    } catch (err) {
      if (err instanceof DomainError)
        throw new DomainError(err.code, err.message, { ...err.details, line: index });
      throw err;
    }
  });
  const ids = [...new Set(parsed.map((l) => l.productId))];
  const products = new Map((await catalog.productsForSale(ctx.tx, ctx.companyId, ids)).map((p) => [p.id, p]));
  for (const l of parsed) {
    if (!products.has(l.productId)) {
      throw new AppError('product_not_found', 404, 'Product not found', {
        productId: l.productId,
        line: l.index,
      });
    }
  }
  const taxesByCategory = await catalog.taxesByCategory(ctx.tx, ctx.companyId);
  const definitions = new Map<string, TaxDefinition & { name: string }>();
  const lineTaxes = parsed.map((l) => {
    const p = products.get(l.productId)!;
    const taxes = p.taxCategoryId ? (taxesByCategory.get(p.taxCategoryId) ?? []) : [];
    for (const t of taxes) definitions.set(t.id, t);
    return taxes;
  });
  const priced = priceSale({
    currency: company.currency,
    taxRounding: company.taxRounding,
    roundingMode: company.roundingMode,
    taxes: [...definitions.values()],
    lines: parsed.map((l, i) => ({
      id: String(i),
      unitPrice: products.get(l.productId)!.price,
      quantity: l.quantity,
      taxIds: lineTaxes[i]!.map((t) => t.id),
    })),
  });
  return parsed.map((l, i) => {
    const p = products.get(l.productId)!;
    const line = priced.lines[i]!;
    return {
      saleId: null,
      saleLineNo: null,
      productId: p.id,
      sku: p.sku,
      name: p.name,
      quantity: l.quantity,
      unitPrice: p.price,
      gross: line.gross,
      discount: line.discount,
      net: line.net,
      tax: line.tax,
      total: line.total,
      taxes: line.taxes.map((t) => {
        const d = definitions.get(t.id)!;
        return {
          taxId: t.id,
          name: d.name,
          rate: d.rate,
          inclusive: d.inclusive,
          base: t.base,
          amount: t.amount,
        };
      }),
      restock: l.restock,
    };
  });
}

async function storedRefundFor(
  ctx: Ctx,
  row: repo.RefundRow,
  expect: { kind: string; saleId: string | null },
) {
  if (row.kind !== expect.kind || row.saleId !== expect.saleId) {
    throw new AppError('refund_id_conflict', 409, 'A different refund with this id already exists', {
      id: row.id,
    });
  }
  return { value: await toRefundDto(ctx, row), created: false };
}

type WriteInput = {
  id: string;
  kind: 'refund' | 'void';
  saleId: string | null;
  registerId: string;
  shiftId: string;
  reason: string;
  approvedBy: string | null;
  /** The approval (table `approvals`) used up by this document, if any. */
  approvalId?: string;
  lines: PlannedLine[];
  tenders: PlannedTender[];
};

/** Writes the refund document, its lines and tenders, and restocks; refuses a cash refund the drawer cannot pay. */
async function writeRefund(ctx: Ctx, w: WriteInput): Promise<Refund> {
  const found = await sales.findRegister(ctx, w.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: w.registerId });
  const cash = w.tenders.filter((t) => t.method === 'cash').reduce((a, t) => a + t.amount, 0);
  if (cash > 0) {
    const { expectedCash } = await xReport(ctx, w.shiftId);
    if (cash > expectedCash) {
      throw new AppError('insufficient_cash', 422, 'The drawer should not hold that much cash', {
        expectedCash,
        amount: cash,
      });
    }
  }
  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  // Store credit does not leave the drawer: with a receipt it goes back to the credits the sale
  // was paid with (their codes become the tender references); without one a new credit is issued.
  const credit = w.tenders.filter((t) => t.method === 'store_credit').reduce((a, t) => a + t.amount, 0);
  let tenders = w.tenders;
  let returns: CreditReturn[] = [];
  let issued: { id: string; code: string } | undefined;
  if (credit > 0 && w.saleId) {
    returns = await planReturnToCredits(ctx, w.saleId, credit);
    tenders = [
      ...returns.map((r) => ({ method: 'store_credit' as const, amount: r.amount, reference: r.code })),
      ...w.tenders.filter((t) => t.method !== 'store_credit'),
    ];
  } else if (credit > 0) {
    const code = await reserveCode(ctx);
    issued = code;
    tenders = w.tenders.map((t) => (t.method === 'store_credit' ? { ...t, reference: code.code } : t));
  }
  await lockRegister(ctx, w.registerId);
  const seq = await repo.nextRefundSeq(ctx, w.registerId);
  const sum = (f: (l: PlannedLine) => number) => w.lines.reduce((a, l) => a + f(l), 0);
  const row = {
    companyId: ctx.companyId,
    id: w.id,
    kind: w.kind,
    saleId: w.saleId,
    storeId: found.store.id,
    registerId: w.registerId,
    shiftId: w.shiftId,
    cashierId: ctx.userId,
    refundSeq: seq,
    refundNumber: formatRefundNumber(found.store.code, found.register.code, seq),
    currency: company!.currency,
    discountTotal: sum((l) => l.discount),
    netTotal: sum((l) => l.net),
    taxTotal: sum((l) => l.tax),
    total: sum((l) => l.total),
    reason: w.reason,
    approvedBy: w.approvedBy,
    createdAt: new Date(),
  };
  await repo.insertRefund(
    ctx,
    row,
    w.lines.map((l, i) => ({ ...l, companyId: ctx.companyId, refundId: w.id, lineNo: i + 1 })),
    tenders.map((t, i) => ({ ...t, companyId: ctx.companyId, refundId: w.id, position: i + 1 })),
  );
  if (issued) {
    await issueCredit(ctx, {
      ...issued,
      amount: credit,
      currency: row.currency,
      refundId: w.id,
    });
  }
  if (w.saleId && returns.length > 0) await applyReturnToCredits(ctx, w.saleId, w.id, returns);
  const back = new Map<string, string[]>();
  for (const l of w.lines.filter((x) => x.restock))
    back.set(l.productId, [...(back.get(l.productId) ?? []), l.quantity]);
  // Recorded in the same transaction: who gave the money back, who approved it, how much.
  await recordAudit(ctx, {
    action: w.kind === 'void' ? 'sale.voided' : 'refund.created',
    stream: registerStream(w.registerId),
    approverId: w.approvedBy === ctx.userId ? null : w.approvedBy,
    subject: { type: w.kind, id: w.id },
    storeId: found.store.id,
    registerId: w.registerId,
    details: {
      saleId: w.saleId,
      refundNumber: row.refundNumber,
      total: row.total,
      reason: w.reason,
      ...(w.approvalId ? { approvalId: w.approvalId } : {}),
      ...(credit > 0
        ? {
            storeCredit: {
              kind: issued ? 'issue' : 'return',
              credits: tenders
                .filter((t) => t.method === 'store_credit')
                .map((t) => ({ code: t.reference, amount: t.amount })),
            },
          }
        : {}),
    },
  });
  await repo.restock(
    ctx,
    found.store.id,
    { id: w.id, saleId: w.saleId, kind: w.kind },
    [...back].map(([productId, qs]) => ({
      productId,
      quantity: sumQuantities(qs),
      movementId: newDocumentId(),
    })),
  );
  return toRefundDto(ctx, row);
}

/**
 * Returns lines of a sale (with its receipt) or products (without: at the current price, with a
 * manager's approval), gives the money back to the tenders and restocks the lines marked so.
 * Idempotent by `input.id`. A refund needs an open shift on its register; a cash refund is paid
 * from that drawer.
 * @throws AppError 404 `register_not_found`, `not_found` (sale), `product_not_found`;
 *   422 `shift_not_open`, `invalid_refund_line`, `sale_line_not_found`, `refund_over_tendered`,
 *   `refund_tenders_mismatch`, `insufficient_cash`, `approval_required`, `approval_unusable`,
 *   `store_credit_not_allowed`, `cash_refund_not_allowed` (store setting `noReceiptRefundTo`);
 *   403 `approval_invalid`, `approval_required` (a user without `refund.create` and no
 *   `approvalId`: a manager's approval of this refund, see approvals.service `useApproval`);
 *   409 `sale_voided`, `refund_id_conflict`; DomainError 422 `over_return`, `invalid_quantity`.
 */
export async function createRefund(ctx: Ctx, input: CreateRefundRequest): Promise<Created<Refund>> {
  const existing = await repo.findRefund(ctx, input.id);
  if (existing) return storedRefundFor(ctx, existing, { kind: 'refund', saleId: input.saleId ?? null });
  const found = await sales.findRegister(ctx, input.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const shiftId = await requireOpenShiftId(ctx, input.registerId);
  let approvedBy: string | null = null;

  let lines: PlannedLine[];
  let tenders: PlannedTender[];
  if (input.saleId) {
    const st = await saleState(ctx, input.saleId, true);
    if (st.voided) throw new AppError('sale_voided', 409, 'This sale was voided', { saleId: input.saleId });
    lines = planReceiptLines(st, input);
    const total = lines.reduce((a, l) => a + l.total, 0);
    const refundable = new Map(
      [...st.paidByMethod].map(([m, paid]) => [m, paid - (st.refundedByMethod.get(m) ?? 0)] as const),
    );
    tenders = input.tenders
      ? checkTenders(total, input.tenders, refundable)
      : allocateTenders(total, refundable);
    if (input.approval) approvedBy = await verifyManagerPin(ctx, input.approval);
  } else {
    if (!input.approval) {
      throw new AppError('approval_required', 422, 'A return without a receipt needs a manager approval');
    }
    approvedBy = await verifyManagerPin(ctx, input.approval);
    const refundTo = noReceiptRefundTo(found.store.noReceiptRefundTo, input.refundTo);
    const [company] = await ctx.tx
      .select()
      .from(s.companies)
      .where(eq(s.companies.id, ctx.companyId))
      .limit(1);
    lines = await planNoReceiptLines(ctx, company!, input);
    const total = lines.reduce((a, l) => a + l.total, 0);
    // Without a receipt the money goes back in cash or as a new store credit (store setting).
    const refundable = new Map([[refundTo, total]]);
    tenders = input.tenders
      ? checkTenders(total, input.tenders, refundable)
      : allocateTenders(total, refundable);
  }
  // Without refund.create a manager's approval bound to this sale (or refund) and amount is used up.
  const approval = ctx.permissions.includes('refund.create')
    ? undefined
    : await useApproval(ctx, input.approvalId, {
        action: 'refund',
        registerId: input.registerId,
        saleId: input.saleId ?? input.id,
        amount: lines.reduce((a, l) => a + l.total, 0),
      });
  const refund = await writeRefund(ctx, {
    id: input.id,
    kind: 'refund',
    saleId: input.saleId ?? null,
    registerId: input.registerId,
    shiftId,
    reason: input.reason,
    approvedBy: approvedBy ?? approval?.approvedBy ?? null,
    ...(approval ? { approvalId: approval.approvalId } : {}),
    lines,
    tenders: tenders.filter((t) => t.amount > 0),
  });
  return { value: refund, created: true };
}

/**
 * Voids a completed sale: a new `void` document pointing at it that returns every line to stock
 * and every tender (as applied) to the customer. Only while the sale's own shift is still open.
 * Idempotent by `input.id`. Needs `sale.void` (managers), or a manager's approval
 * (`input.approvalId`: action `void`, this user, the sale's register, this sale, an amount of at
 * least its total), used up here. Recorded as `sale.voided` with the approver.
 * @throws AppError 404 `not_found`; 409 `sale_voided`, `refund_id_conflict`; 422
 *   `void_outside_shift`, `sale_already_refunded`, `insufficient_cash`, `approval_unusable`;
 *   403 `approval_required`.
 */
export async function voidSale(ctx: Ctx, saleId: string, input: VoidSaleRequest): Promise<Created<Refund>> {
  const existing = await repo.findRefund(ctx, input.id);
  if (existing) return storedRefundFor(ctx, existing, { kind: 'void', saleId });
  const st = await saleState(ctx, saleId, true);
  if (st.voided) throw new AppError('sale_voided', 409, 'This sale was already voided', { saleId });
  if (st.refundCount > 0) {
    throw new AppError(
      'sale_already_refunded',
      422,
      'Part of this sale was returned: return the rest instead',
      {
        saleId,
      },
    );
  }
  let openShift: string | null;
  try {
    openShift = await requireOpenShiftId(ctx, st.sale.registerId);
  } catch {
    openShift = null;
  }
  if (!st.sale.shiftId || openShift !== st.sale.shiftId) {
    throw new AppError('void_outside_shift', 422, 'A sale can only be voided while its own shift is open', {
      saleId,
      saleShiftId: st.sale.shiftId,
      openShiftId: openShift,
    });
  }
  const lines = st.lines.map((l) => ({
    saleId,
    saleLineNo: l.lineNo,
    productId: l.productId,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    gross: l.gross,
    discount: l.discount,
    net: l.net,
    tax: l.tax,
    total: l.total,
    taxes: l.taxes,
    restock: true,
  }));
  const tenders = [...st.paidByMethod]
    .filter(([, amount]) => amount > 0)
    .map(([method, amount]) => ({ method: method as TenderMethod, amount, reference: null }));
  // Without sale.void a manager's approval bound to this sale and its total is used up here.
  const approval = ctx.permissions.includes('sale.void')
    ? undefined
    : await useApproval(ctx, input.approvalId, {
        action: 'void',
        registerId: st.sale.registerId,
        saleId,
        amount: st.sale.total,
      });
  const refund = await writeRefund(ctx, {
    id: input.id,
    kind: 'void',
    saleId,
    registerId: st.sale.registerId,
    shiftId: st.sale.shiftId,
    reason: input.reason,
    approvedBy: approval?.approvedBy ?? ctx.userId,
    ...(approval ? { approvalId: approval.approvalId } : {}),
    lines,
    tenders,
  });
  return { value: refund, created: true };
}
