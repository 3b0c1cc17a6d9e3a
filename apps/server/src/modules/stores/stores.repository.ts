import { and, asc, eq } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export async function listStores(ctx: Ctx) {
  return ctx.tx
    .select()
    .from(s.stores)
    .where(eq(s.stores.companyId, ctx.companyId))
    .orderBy(asc(s.stores.code));
}

export async function listRegisters(ctx: Ctx) {
  return ctx.tx
    .select()
    .from(s.registers)
    .where(eq(s.registers.companyId, ctx.companyId))
    .orderBy(asc(s.registers.code));
}

export async function listActiveStaff(ctx: Ctx) {
  return ctx.tx
    .select({ id: s.users.id, name: s.users.name, role: s.users.role })
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.active, true)))
    .orderBy(asc(s.users.name));
}
