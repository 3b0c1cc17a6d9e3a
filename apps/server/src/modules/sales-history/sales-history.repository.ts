import { and, asc, eq } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

/** Ids of the refunds and voids of one sale of the company, oldest first. */
export async function refundIdsOfSale(ctx: Ctx, saleId: string): Promise<string[]> {
  const rows = await ctx.tx
    .select({ id: s.refunds.id })
    .from(s.refunds)
    .where(and(eq(s.refunds.companyId, ctx.companyId), eq(s.refunds.saleId, saleId)))
    .orderBy(asc(s.refunds.createdAt), asc(s.refunds.id));
  return rows.map((r) => r.id);
}
