import { and, eq } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type ExchangeRow = typeof s.exchanges.$inferSelect;

/** One exchange, or undefined (also another company's). */
export async function findExchange(ctx: Ctx, id: string): Promise<ExchangeRow | undefined> {
  const rows = await ctx.tx
    .select()
    .from(s.exchanges)
    .where(and(eq(s.exchanges.companyId, ctx.companyId), eq(s.exchanges.id, id)))
    .limit(1);
  return rows[0];
}

/** Writes an exchange in the caller's transaction (after its refund and sale). */
export async function insertExchange(ctx: Ctx, row: typeof s.exchanges.$inferInsert): Promise<ExchangeRow> {
  const [stored] = await ctx.tx.insert(s.exchanges).values(row).returning();
  return stored!;
}
