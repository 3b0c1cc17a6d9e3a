import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type ShiftRow = typeof s.shifts.$inferSelect;
export type ZReportRow = typeof s.zReports.$inferSelect;

const opener = alias(s.users, 'opener');

const shiftColumns = {
  shift: s.shifts,
  registerName: s.registers.name,
  registerCode: s.registers.code,
  store: s.stores,
  openedByName: opener.name,
  zNumber: s.zReports.zNumber,
};

function shiftQuery(ctx: Ctx) {
  return ctx.tx
    .select(shiftColumns)
    .from(s.shifts)
    .innerJoin(
      s.registers,
      and(eq(s.registers.companyId, s.shifts.companyId), eq(s.registers.id, s.shifts.registerId)),
    )
    .innerJoin(s.stores, and(eq(s.stores.companyId, s.shifts.companyId), eq(s.stores.id, s.shifts.storeId)))
    .innerJoin(opener, and(eq(opener.companyId, s.shifts.companyId), eq(opener.id, s.shifts.openedBy)))
    .leftJoin(
      s.zReports,
      and(eq(s.zReports.companyId, s.shifts.companyId), eq(s.zReports.shiftId, s.shifts.id)),
    );
}

export type ShiftHeader = NonNullable<Awaited<ReturnType<typeof findShift>>>;

/** The shift with its register, store, opener's name and Z number, or undefined (also another company's). */
export async function findShift(ctx: Ctx, shiftId: string, forUpdate = false) {
  if (forUpdate) {
    // Serialises cash movements and the close of one shift.
    await ctx.tx
      .select({ id: s.shifts.id })
      .from(s.shifts)
      .where(and(eq(s.shifts.companyId, ctx.companyId), eq(s.shifts.id, shiftId)))
      .for('update');
  }
  const rows = await shiftQuery(ctx)
    .where(and(eq(s.shifts.companyId, ctx.companyId), eq(s.shifts.id, shiftId)))
    .limit(1);
  return rows[0];
}

/** The open shift of a register, or undefined. */
export async function findOpenShift(ctx: Ctx, registerId: string) {
  const rows = await shiftQuery(ctx)
    .where(
      and(
        eq(s.shifts.companyId, ctx.companyId),
        eq(s.shifts.registerId, registerId),
        isNull(s.shifts.closedAt),
      ),
    )
    .limit(1);
  return rows[0];
}

/** Inserts a shift unless its id exists or the register already has an open shift; true when inserted. */
export async function insertShiftIfNew(ctx: Ctx, row: typeof s.shifts.$inferInsert): Promise<boolean> {
  const inserted = await ctx.tx
    .insert(s.shifts)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: s.shifts.id });
  return inserted.length === 1;
}

/** Locks the register row, so two shifts cannot be opened or closed on it at the same time. */
export async function lockRegister(ctx: Ctx, registerId: string): Promise<void> {
  await ctx.tx
    .select({ id: s.registers.id })
    .from(s.registers)
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .for('update');
}

export async function findCashMovement(ctx: Ctx, id: string) {
  const rows = await ctx.tx
    .select({ movement: s.cashMovements, userName: s.users.name })
    .from(s.cashMovements)
    .innerJoin(
      s.users,
      and(eq(s.users.companyId, s.cashMovements.companyId), eq(s.users.id, s.cashMovements.userId)),
    )
    .where(and(eq(s.cashMovements.companyId, ctx.companyId), eq(s.cashMovements.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertCashMovement(ctx: Ctx, row: typeof s.cashMovements.$inferInsert): Promise<void> {
  await ctx.tx.insert(s.cashMovements).values(row);
}

export async function listCashMovements(ctx: Ctx, shiftId: string) {
  return ctx.tx
    .select({ movement: s.cashMovements, userName: s.users.name })
    .from(s.cashMovements)
    .innerJoin(
      s.users,
      and(eq(s.users.companyId, s.cashMovements.companyId), eq(s.users.id, s.cashMovements.userId)),
    )
    .where(and(eq(s.cashMovements.companyId, ctx.companyId), eq(s.cashMovements.shiftId, shiftId)))
    .orderBy(asc(s.cashMovements.createdAt), asc(s.cashMovements.id));
}

const n = (v: unknown): number => Number(v ?? 0);

/** Totals of the shift's completed sales, in minor units. */
export async function saleTotals(ctx: Ctx, shiftId: string) {
  const [row] = await ctx.tx
    .select({
      count: sql<string>`count(*)`,
      gross: sql<string>`coalesce(sum(${s.sales.subtotal}), 0)`,
      discounts: sql<string>`coalesce(sum(${s.sales.discountTotal}), 0)`,
      taxes: sql<string>`coalesce(sum(${s.sales.taxTotal}), 0)`,
      total: sql<string>`coalesce(sum(${s.sales.total}), 0)`,
      cashRounding: sql<string>`coalesce(sum(${s.sales.cashRounding}), 0)`,
    })
    .from(s.sales)
    .where(and(eq(s.sales.companyId, ctx.companyId), eq(s.sales.shiftId, shiftId)));
  return {
    count: n(row?.count),
    gross: n(row?.gross),
    discounts: n(row?.discounts),
    taxes: n(row?.taxes),
    total: n(row?.total),
    cashRounding: n(row?.cashRounding),
  };
}

/** Applied tender amounts of the shift's sales by method. */
export async function tenderTotals(ctx: Ctx, shiftId: string) {
  const rows = await ctx.tx
    .select({
      method: s.tenders.method,
      count: sql<string>`count(*)`,
      amount: sql<string>`coalesce(sum(${s.tenders.amount}), 0)`,
    })
    .from(s.tenders)
    .innerJoin(s.sales, and(eq(s.sales.companyId, s.tenders.companyId), eq(s.sales.id, s.tenders.saleId)))
    .where(and(eq(s.tenders.companyId, ctx.companyId), eq(s.sales.shiftId, shiftId)))
    .groupBy(s.tenders.method)
    .orderBy(s.tenders.method);
  return rows.map((r) => ({ method: r.method, count: n(r.count), amount: n(r.amount) }));
}

/** Tax bases and amounts of the shift's sales per tax, from the sales' printed tax summaries. */
export async function taxTotals(ctx: Ctx, shiftId: string) {
  const result = (await ctx.tx.execute(sql`
    select e->>'taxId' as "taxId", e->>'name' as name, e->>'rate' as rate,
           sum((e->>'base')::bigint)::text as base, sum((e->>'amount')::bigint)::text as amount
      from ${s.sales}, jsonb_array_elements(${s.sales.taxSummary}) as e
     where ${s.sales.companyId} = ${ctx.companyId} and ${s.sales.shiftId} = ${shiftId}
     group by 1, 2, 3
     order by 2, 1`)) as {
    rows: { taxId: string; name: string; rate: string; base: string; amount: string }[];
  };
  return result.rows.map((r) => ({
    taxId: r.taxId,
    name: r.name,
    rate: r.rate,
    base: n(r.base),
    amount: n(r.amount),
  }));
}

/** The next Z number of a register (1 for the first close). Call with the register locked. */
export async function nextZNumber(ctx: Ctx, registerId: string): Promise<number> {
  const [row] = await ctx.tx
    .select({ last: max(s.zReports.zNumber) })
    .from(s.zReports)
    .where(and(eq(s.zReports.companyId, ctx.companyId), eq(s.zReports.registerId, registerId)));
  return (row?.last ?? 0) + 1;
}

export async function insertZReport(ctx: Ctx, row: typeof s.zReports.$inferInsert): Promise<void> {
  await ctx.tx.insert(s.zReports).values(row);
}

export async function markClosed(ctx: Ctx, shiftId: string, closedAt: Date): Promise<void> {
  await ctx.tx
    .update(s.shifts)
    .set({ closedAt, closedBy: ctx.userId })
    .where(and(eq(s.shifts.companyId, ctx.companyId), eq(s.shifts.id, shiftId), isNull(s.shifts.closedAt)));
}

export async function findZReport(ctx: Ctx, shiftId: string) {
  const rows = await ctx.tx
    .select()
    .from(s.zReports)
    .where(and(eq(s.zReports.companyId, ctx.companyId), eq(s.zReports.shiftId, shiftId)))
    .limit(1);
  return rows[0];
}

/** A user of the company by id (for names and approvals), or undefined. */
export async function findUser(ctx: Ctx, userId: string) {
  const rows = await ctx.tx
    .select()
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, userId)))
    .limit(1);
  return rows[0];
}

export async function findCompany(ctx: Ctx) {
  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  if (!company) throw new Error('company of the token is missing');
  return company;
}

/** Refunds and voids recorded in the shift (count and total, minor units), and the cash they paid out. */
export async function refundTotals(ctx: Ctx, shiftId: string) {
  const rows = await ctx.tx
    .select({
      kind: s.refunds.kind,
      count: sql<string>`count(*)`,
      total: sql<string>`coalesce(sum(${s.refunds.total}), 0)`,
    })
    .from(s.refunds)
    .where(and(eq(s.refunds.companyId, ctx.companyId), eq(s.refunds.shiftId, shiftId)))
    .groupBy(s.refunds.kind);
  const [cash] = await ctx.tx
    .select({ amount: sql<string>`coalesce(sum(${s.refundTenders.amount}), 0)` })
    .from(s.refundTenders)
    .innerJoin(
      s.refunds,
      and(eq(s.refunds.companyId, s.refundTenders.companyId), eq(s.refunds.id, s.refundTenders.refundId)),
    )
    .where(
      and(
        eq(s.refundTenders.companyId, ctx.companyId),
        eq(s.refunds.shiftId, shiftId),
        eq(s.refundTenders.method, 'cash'),
      ),
    );
  const of = (kind: 'refund' | 'void') => {
    const row = rows.find((r) => r.kind === kind);
    return { count: n(row?.count), total: n(row?.total) };
  };
  return { refunds: of('refund'), voids: of('void'), cashRefunds: n(cash?.amount) };
}
