import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type CustomerRow = typeof s.customers.$inferSelect;
type CustomerColumns = Omit<typeof s.customers.$inferInsert, 'companyId' | 'id' | 'createdAt' | 'updatedAt'>;

const mine = (ctx: Ctx, id: string) => and(eq(s.customers.companyId, ctx.companyId), eq(s.customers.id, id));

/** One customer of the company, or undefined. */
export async function findCustomer(ctx: Ctx, id: string): Promise<CustomerRow | undefined> {
  const [row] = await ctx.tx.select().from(s.customers).where(mine(ctx, id));
  return row;
}

/** The id of the company's customer holding `code`, other than `exceptId`. */
export async function findCodeOwner(ctx: Ctx, code: string, exceptId?: string): Promise<string | undefined> {
  const rows = await ctx.tx
    .select({ id: s.customers.id })
    .from(s.customers)
    .where(and(eq(s.customers.companyId, ctx.companyId), eq(s.customers.code, code)));
  return rows.find((r) => r.id !== exceptId)?.id;
}

/** Customers matching `q` (code, name, e-mail or phone, case-insensitive), by name then code. */
export async function listCustomers(
  ctx: Ctx,
  query: { q?: string | undefined; limit: number; offset: number },
): Promise<{ rows: CustomerRow[]; total: number }> {
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    eq(s.customers.companyId, ctx.companyId),
    pattern
      ? or(
          ilike(s.customers.code, pattern),
          ilike(s.customers.name, pattern),
          ilike(s.customers.email, pattern),
          ilike(s.customers.phone, pattern),
        )
      : undefined,
  );
  const rows = await ctx.tx
    .select()
    .from(s.customers)
    .where(where)
    .orderBy(asc(s.customers.name), asc(s.customers.code))
    .limit(query.limit)
    .offset(query.offset);
  const [total] = await ctx.tx.select({ n: count() }).from(s.customers).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function insertCustomer(ctx: Ctx, id: string, row: CustomerColumns): Promise<void> {
  await ctx.tx.insert(s.customers).values({ ...row, companyId: ctx.companyId, id });
}

/** Writes the given columns and moves `updated_at`. */
export async function updateCustomer(ctx: Ctx, id: string, row: Partial<CustomerColumns>): Promise<void> {
  await ctx.tx
    .update(s.customers)
    .set({ ...row, updatedAt: sql`now()` })
    .where(mine(ctx, id));
}

export async function deleteCustomer(ctx: Ctx, id: string): Promise<void> {
  await ctx.tx.delete(s.customers).where(mine(ctx, id));
}
