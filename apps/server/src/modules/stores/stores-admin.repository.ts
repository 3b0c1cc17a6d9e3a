import { and, eq, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

type StoreColumns = Omit<typeof s.stores.$inferInsert, 'companyId' | 'id' | 'createdAt'>;

export async function storeCodeTaken(ctx: Ctx, code: string): Promise<boolean> {
  const rows = await ctx.tx
    .select({ id: s.stores.id })
    .from(s.stores)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.code, code)));
  return rows.length > 0;
}

export async function storeExists(ctx: Ctx, id: string): Promise<boolean> {
  const rows = await ctx.tx
    .select({ id: s.stores.id })
    .from(s.stores)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.id, id)));
  return rows.length > 0;
}

export async function insertStore(ctx: Ctx, id: string, row: StoreColumns): Promise<void> {
  await ctx.tx.insert(s.stores).values({ ...row, companyId: ctx.companyId, id });
}

export async function updateStore(ctx: Ctx, id: string, row: Partial<StoreColumns>): Promise<void> {
  if (Object.keys(row).length === 0) return;
  await ctx.tx
    .update(s.stores)
    .set(row)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.id, id)));
}

export async function registerCodeTaken(ctx: Ctx, storeId: string, code: string): Promise<boolean> {
  const rows = await ctx.tx
    .select({ id: s.registers.id })
    .from(s.registers)
    .where(
      and(
        eq(s.registers.companyId, ctx.companyId),
        eq(s.registers.storeId, storeId),
        eq(s.registers.code, code),
      ),
    );
  return rows.length > 0;
}

export async function insertRegister(
  ctx: Ctx,
  row: { id: string; storeId: string; code: string; name: string },
) {
  await ctx.tx.insert(s.registers).values({ ...row, companyId: ctx.companyId });
}

/** Renames a register; returns it, or undefined when the company has no such register. */
export async function renameRegister(ctx: Ctx, id: string, name: string) {
  const rows = await ctx.tx
    .update(s.registers)
    .set({ name: sql`${name}` })
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, id)))
    .returning({ id: s.registers.id, code: s.registers.code, name: s.registers.name });
  return rows[0];
}
