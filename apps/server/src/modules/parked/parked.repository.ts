import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

const cashier = alias(s.users, 'parked_cashier');

function parkedQuery(ctx: Ctx) {
  return ctx.tx
    .select({ parked: s.parkedSales, registerName: s.registers.name, cashierName: cashier.name })
    .from(s.parkedSales)
    .innerJoin(
      s.registers,
      and(eq(s.registers.companyId, s.parkedSales.companyId), eq(s.registers.id, s.parkedSales.registerId)),
    )
    .innerJoin(
      cashier,
      and(eq(cashier.companyId, s.parkedSales.companyId), eq(cashier.id, s.parkedSales.cashierId)),
    );
}

export type ParkedRow = NonNullable<Awaited<ReturnType<typeof findParked>>>;

/** One parked cart with its register and cashier names, or undefined (also another company's). */
export async function findParked(ctx: Ctx, id: string, forUpdate = false) {
  if (forUpdate) {
    await ctx.tx
      .select({ id: s.parkedSales.id })
      .from(s.parkedSales)
      .where(and(eq(s.parkedSales.companyId, ctx.companyId), eq(s.parkedSales.id, id)))
      .for('update');
  }
  const rows = await parkedQuery(ctx)
    .where(and(eq(s.parkedSales.companyId, ctx.companyId), eq(s.parkedSales.id, id)))
    .limit(1);
  return rows[0];
}

/** Carts waiting in a store, oldest first. */
export async function listParked(ctx: Ctx, storeId: string) {
  return parkedQuery(ctx)
    .where(
      and(
        eq(s.parkedSales.companyId, ctx.companyId),
        eq(s.parkedSales.storeId, storeId),
        eq(s.parkedSales.state, 'parked'),
      ),
    )
    .orderBy(asc(s.parkedSales.createdAt), asc(s.parkedSales.id));
}

/** Carts parked in a shift and still waiting, oldest first. */
export async function parkedInShift(ctx: Ctx, shiftId: string) {
  return parkedQuery(ctx)
    .where(
      and(
        eq(s.parkedSales.companyId, ctx.companyId),
        eq(s.parkedSales.shiftId, shiftId),
        eq(s.parkedSales.state, 'parked'),
      ),
    )
    .orderBy(asc(s.parkedSales.createdAt), asc(s.parkedSales.id));
}

export async function insertParked(ctx: Ctx, row: typeof s.parkedSales.$inferInsert): Promise<void> {
  await ctx.tx.insert(s.parkedSales).values(row);
}

export async function markResumed(ctx: Ctx, id: string, registerId: string): Promise<void> {
  await ctx.tx
    .update(s.parkedSales)
    .set({ state: 'resumed', resumedAt: new Date(), resumedBy: ctx.userId, resumedRegisterId: registerId })
    .where(
      and(
        eq(s.parkedSales.companyId, ctx.companyId),
        eq(s.parkedSales.id, id),
        eq(s.parkedSales.state, 'parked'),
      ),
    );
}

/** Expires the carts of a shift that were never resumed (at its close). */
export async function expireShift(ctx: Ctx, shiftId: string, at: Date): Promise<void> {
  await ctx.tx
    .update(s.parkedSales)
    .set({ state: 'expired', expiredAt: at })
    .where(
      and(
        eq(s.parkedSales.companyId, ctx.companyId),
        eq(s.parkedSales.shiftId, shiftId),
        eq(s.parkedSales.state, 'parked'),
      ),
    );
}
