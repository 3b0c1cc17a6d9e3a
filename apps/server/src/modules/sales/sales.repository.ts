import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { SaleListQuery } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';

export type SaleRow = typeof s.sales.$inferSelect;
export type SaleLineRow = typeof s.saleLines.$inferSelect;
export type TenderRow = typeof s.tenders.$inferSelect;

/** The register with its store, or undefined (also for another company's register). */
export async function findRegister(ctx: Ctx, registerId: string) {
  const rows = await ctx.tx
    .select({ register: s.registers, store: s.stores })
    .from(s.registers)
    .innerJoin(
      s.stores,
      and(eq(s.stores.companyId, s.registers.companyId), eq(s.stores.id, s.registers.storeId)),
    )
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .limit(1);
  return rows[0];
}

/**
 * Takes the register's next receipt number, locking the register row until the transaction ends:
 * a rolled-back sale gives its number back, so the sequence stays gap-free.
 */
export async function takeReceiptSeq(ctx: Ctx, registerId: string): Promise<number> {
  const rows = await ctx.tx
    .update(s.registers)
    .set({ nextReceiptSeq: sql`${s.registers.nextReceiptSeq} + 1` })
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .returning({ next: s.registers.nextReceiptSeq });
  const next = rows[0]?.next;
  if (next === undefined) throw new Error(`register ${registerId} vanished during the sale`);
  return next - 1;
}

/** Inserts the sale unless its id exists; true when this call created it. */
export async function insertSaleIfNew(ctx: Ctx, row: typeof s.sales.$inferInsert): Promise<boolean> {
  const inserted = await ctx.tx
    .insert(s.sales)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: s.sales.id });
  return inserted.length === 1;
}

export async function insertLines(ctx: Ctx, rows: (typeof s.saleLines.$inferInsert)[]): Promise<void> {
  await ctx.tx.insert(s.saleLines).values(rows);
}

export async function insertTenders(ctx: Ctx, rows: (typeof s.tenders.$inferInsert)[]): Promise<void> {
  await ctx.tx.insert(s.tenders).values(rows);
}

/**
 * Takes sold quantities out of a store's stock and writes the ledger movements. Rows are written in
 * product-id order, so concurrent sales lock stock rows in the same order and cannot deadlock.
 * Stock may go negative: the goods have already left with the customer.
 */
export async function decrementStock(
  ctx: Ctx,
  storeId: string,
  saleId: string,
  quantities: { productId: string; quantity: string; movementId: string }[],
): Promise<void> {
  const sorted = [...quantities].sort((a, b) =>
    a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
  );
  await ctx.tx
    .insert(s.stockLevels)
    .values(
      sorted.map((q) => ({
        companyId: ctx.companyId,
        storeId,
        productId: q.productId,
        onHand: `-${q.quantity}`,
      })),
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
      quantity: `-${q.quantity}`,
      reason: 'sale' as const,
      saleId,
      userId: ctx.userId,
    })),
  );
}

const headerColumns = {
  sale: s.sales,
  store: s.stores,
  registerName: s.registers.name,
  cashierName: s.users.name,
};

function headerQuery(ctx: Ctx) {
  return ctx.tx
    .select(headerColumns)
    .from(s.sales)
    .innerJoin(s.stores, and(eq(s.stores.companyId, s.sales.companyId), eq(s.stores.id, s.sales.storeId)))
    .innerJoin(
      s.registers,
      and(eq(s.registers.companyId, s.sales.companyId), eq(s.registers.id, s.sales.registerId)),
    )
    .innerJoin(s.users, and(eq(s.users.companyId, s.sales.companyId), eq(s.users.id, s.sales.cashierId)));
}

export type SaleHeader = Awaited<ReturnType<typeof findSaleHeader>>;

/** The sale with its store, register name and cashier name, or undefined. */
export async function findSaleHeader(ctx: Ctx, saleId: string) {
  const rows = await headerQuery(ctx)
    .where(and(eq(s.sales.companyId, ctx.companyId), eq(s.sales.id, saleId)))
    .limit(1);
  return rows[0];
}

export async function findLines(ctx: Ctx, saleId: string): Promise<SaleLineRow[]> {
  return ctx.tx
    .select()
    .from(s.saleLines)
    .where(and(eq(s.saleLines.companyId, ctx.companyId), eq(s.saleLines.saleId, saleId)))
    .orderBy(s.saleLines.lineNo);
}

export async function findTenders(ctx: Ctx, saleId: string): Promise<TenderRow[]> {
  return ctx.tx
    .select()
    .from(s.tenders)
    .where(and(eq(s.tenders.companyId, ctx.companyId), eq(s.tenders.saleId, saleId)))
    .orderBy(s.tenders.position);
}

/** A page of sales, newest first, filtered by store, register, cashier and [from, to). */
export async function listSales(ctx: Ctx, query: SaleListQuery) {
  const filters: SQL[] = [eq(s.sales.companyId, ctx.companyId)];
  if (query.storeId) filters.push(eq(s.sales.storeId, query.storeId));
  if (query.registerId) filters.push(eq(s.sales.registerId, query.registerId));
  if (query.cashierId) filters.push(eq(s.sales.cashierId, query.cashierId));
  if (query.from) filters.push(gte(s.sales.createdAt, new Date(query.from)));
  if (query.to) filters.push(lt(s.sales.createdAt, new Date(query.to)));
  const where = and(...filters);
  const rows = await headerQuery(ctx)
    .where(where)
    .orderBy(desc(s.sales.createdAt), desc(s.sales.id))
    .limit(query.limit)
    .offset(query.offset);
  const totals = await ctx.tx.select({ n: count() }).from(s.sales).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}
