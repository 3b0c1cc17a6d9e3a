import { and, asc, eq, max, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type RefundRow = typeof s.refunds.$inferSelect;
export type RefundLineRow = typeof s.refundLines.$inferSelect;
export type RefundTenderRow = typeof s.refundTenders.$inferSelect;

export async function findRefund(ctx: Ctx, refundId: string): Promise<RefundRow | undefined> {
  const rows = await ctx.tx
    .select()
    .from(s.refunds)
    .where(and(eq(s.refunds.companyId, ctx.companyId), eq(s.refunds.id, refundId)))
    .limit(1);
  return rows[0];
}

export async function findRefundLines(ctx: Ctx, refundId: string): Promise<RefundLineRow[]> {
  return ctx.tx
    .select()
    .from(s.refundLines)
    .where(and(eq(s.refundLines.companyId, ctx.companyId), eq(s.refundLines.refundId, refundId)))
    .orderBy(asc(s.refundLines.lineNo));
}

export async function findRefundTenders(ctx: Ctx, refundId: string): Promise<RefundTenderRow[]> {
  return ctx.tx
    .select()
    .from(s.refundTenders)
    .where(and(eq(s.refundTenders.companyId, ctx.companyId), eq(s.refundTenders.refundId, refundId)))
    .orderBy(asc(s.refundTenders.position));
}

/** The sale row locked until the transaction ends: refunds and voids of one sale run one at a time. */
export async function lockSale(ctx: Ctx, saleId: string) {
  const rows = await ctx.tx
    .select()
    .from(s.sales)
    .where(and(eq(s.sales.companyId, ctx.companyId), eq(s.sales.id, saleId)))
    .for('update');
  return rows[0];
}

/** Every refund of a sale (refunds and voids), oldest first. */
export async function refundsOfSale(ctx: Ctx, saleId: string): Promise<RefundRow[]> {
  return ctx.tx
    .select()
    .from(s.refunds)
    .where(and(eq(s.refunds.companyId, ctx.companyId), eq(s.refunds.saleId, saleId)))
    .orderBy(asc(s.refunds.createdAt));
}

/** Every refund line of a sale, in refund order. */
export async function refundLinesOfSale(ctx: Ctx, saleId: string): Promise<RefundLineRow[]> {
  return ctx.tx
    .select({ line: s.refundLines })
    .from(s.refundLines)
    .innerJoin(
      s.refunds,
      and(eq(s.refunds.companyId, s.refundLines.companyId), eq(s.refunds.id, s.refundLines.refundId)),
    )
    .where(and(eq(s.refundLines.companyId, ctx.companyId), eq(s.refundLines.saleId, saleId)))
    .orderBy(asc(s.refunds.createdAt), asc(s.refundLines.lineNo))
    .then((rows) => rows.map((r) => r.line));
}

/** Amount refunded so far per tender method, over every refund of a sale. */
export async function refundedByMethod(ctx: Ctx, saleId: string): Promise<Map<string, number>> {
  const rows = await ctx.tx
    .select({
      method: s.refundTenders.method,
      amount: sql<string>`coalesce(sum(${s.refundTenders.amount}), 0)`,
    })
    .from(s.refundTenders)
    .innerJoin(
      s.refunds,
      and(eq(s.refunds.companyId, s.refundTenders.companyId), eq(s.refunds.id, s.refundTenders.refundId)),
    )
    .where(and(eq(s.refundTenders.companyId, ctx.companyId), eq(s.refunds.saleId, saleId)))
    .groupBy(s.refundTenders.method);
  return new Map(rows.map((r) => [r.method, Number(r.amount)]));
}

/** The register's next refund number (1 for the first). Call with the register row locked. */
export async function nextRefundSeq(ctx: Ctx, registerId: string): Promise<number> {
  const [row] = await ctx.tx
    .select({ last: max(s.refunds.refundSeq) })
    .from(s.refunds)
    .where(and(eq(s.refunds.companyId, ctx.companyId), eq(s.refunds.registerId, registerId)));
  return (row?.last ?? 0) + 1;
}

export async function insertRefund(
  ctx: Ctx,
  refund: typeof s.refunds.$inferInsert,
  lines: (typeof s.refundLines.$inferInsert)[],
  tenders: (typeof s.refundTenders.$inferInsert)[],
): Promise<void> {
  await ctx.tx.insert(s.refunds).values(refund);
  await ctx.tx.insert(s.refundLines).values(lines);
  if (tenders.length > 0) await ctx.tx.insert(s.refundTenders).values(tenders);
}

/**
 * Puts returned goods back into a store's stock with their ledger movements (reason `refund` or
 * `void`), in product-id order like sales, so concurrent documents cannot deadlock.
 */
export async function restock(
  ctx: Ctx,
  storeId: string,
  refund: { id: string; saleId: string | null; kind: 'refund' | 'void' },
  quantities: { productId: string; quantity: string; movementId: string }[],
): Promise<void> {
  if (quantities.length === 0) return;
  const sorted = [...quantities].sort((a, b) =>
    a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
  );
  await ctx.tx
    .insert(s.stockLevels)
    .values(
      sorted.map((q) => ({ companyId: ctx.companyId, storeId, productId: q.productId, onHand: q.quantity })),
    )
    .onConflictDoUpdate({
      target: [s.stockLevels.companyId, s.stockLevels.storeId, s.stockLevels.productId],
      set: { onHand: sql`${s.stockLevels.onHand} + excluded.on_hand`, updatedAt: sql`now()` },
    });
  await ctx.tx.insert(s.stockMovements).values(
    sorted.map((q) => ({
      companyId: ctx.companyId,
      id: q.movementId,
      storeId,
      productId: q.productId,
      quantity: q.quantity,
      reason: refund.kind,
      saleId: refund.saleId,
      refundId: refund.id,
      userId: ctx.userId,
    })),
  );
}
