import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type StoreCreditRow = typeof s.storeCredits.$inferSelect;
export type StoreCreditMovementInsert = Omit<typeof s.storeCreditMovements.$inferInsert, 'companyId'>;

/** The company's store credit with this (normalised) code, or undefined. */
export async function findByCode(ctx: Ctx, code: string): Promise<StoreCreditRow | undefined> {
  const [row] = await ctx.tx
    .select()
    .from(s.storeCredits)
    .where(and(eq(s.storeCredits.companyId, ctx.companyId), eq(s.storeCredits.code, code)))
    .limit(1);
  return row;
}

/** True when the company already has a credit with this code. */
export async function codeTaken(ctx: Ctx, code: string): Promise<boolean> {
  return (await findByCode(ctx, code)) !== undefined;
}

/**
 * The credits with these codes, or these ids, locked (FOR UPDATE) until the transaction ends, in
 * id order so two transactions locking the same credits cannot deadlock.
 */
export async function lockCredits(
  ctx: Ctx,
  by: { codes: string[] } | { ids: string[] },
): Promise<StoreCreditRow[]> {
  const filter = 'codes' in by ? inArray(s.storeCredits.code, by.codes) : inArray(s.storeCredits.id, by.ids);
  return ctx.tx
    .select()
    .from(s.storeCredits)
    .where(and(eq(s.storeCredits.companyId, ctx.companyId), filter))
    .orderBy(asc(s.storeCredits.id))
    .for('update');
}

/** Writes a new credit (balance = amount) and its `issue` movement. */
export async function insertCredit(
  ctx: Ctx,
  row: Omit<typeof s.storeCredits.$inferInsert, 'companyId' | 'balance'>,
  movementId: string,
): Promise<void> {
  await ctx.tx.insert(s.storeCredits).values({ ...row, companyId: ctx.companyId, balance: row.amount });
  await insertMovements(ctx, [
    { id: movementId, storeCreditId: row.id, kind: 'issue', amount: row.amount, refundId: row.refundId },
  ]);
}

/** Moves the balance of a locked credit by `delta` (signed, minor units). */
export async function addToBalance(ctx: Ctx, creditId: string, delta: number): Promise<void> {
  await ctx.tx
    .update(s.storeCredits)
    .set({ balance: sql`${s.storeCredits.balance} + ${delta}` })
    .where(and(eq(s.storeCredits.companyId, ctx.companyId), eq(s.storeCredits.id, creditId)));
}

export async function insertMovements(ctx: Ctx, rows: StoreCreditMovementInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await ctx.tx.insert(s.storeCreditMovements).values(rows.map((r) => ({ ...r, companyId: ctx.companyId })));
}

/**
 * Per credit, what a sale spent of it (redeem) and what refunds of that sale gave back (return),
 * both positive minor units, oldest credit use first.
 */
export async function creditUseOfSale(
  ctx: Ctx,
  saleId: string,
): Promise<{ storeCreditId: string; redeemed: number; returned: number }[]> {
  const rows = await ctx.tx
    .select({
      storeCreditId: s.storeCreditMovements.storeCreditId,
      redeemed: sql<string>`coalesce(sum(-${s.storeCreditMovements.amount}) filter (where ${s.storeCreditMovements.kind} = 'redeem'), 0)`,
      returned: sql<string>`coalesce(sum(${s.storeCreditMovements.amount}) filter (where ${s.storeCreditMovements.kind} = 'return'), 0)`,
    })
    .from(s.storeCreditMovements)
    .where(
      and(eq(s.storeCreditMovements.companyId, ctx.companyId), eq(s.storeCreditMovements.saleId, saleId)),
    )
    .groupBy(s.storeCreditMovements.storeCreditId)
    .orderBy(sql`min(${s.storeCreditMovements.id}::text)`);
  return rows.map((r) => ({
    storeCreditId: r.storeCreditId,
    redeemed: Number(r.redeemed),
    returned: Number(r.returned),
  }));
}
