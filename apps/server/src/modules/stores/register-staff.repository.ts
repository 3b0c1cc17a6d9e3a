import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

/** A register of the company with its store id; undefined when the company has no such register. */
export async function findRegisterStore(ctx: Ctx, registerId: string) {
  const [row] = await ctx.tx
    .select({ id: s.registers.id, storeId: s.registers.storeId })
    .from(s.registers)
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .limit(1);
  return row;
}

const staffColumns = {
  companyId: s.users.companyId,
  id: s.users.id,
  name: s.users.name,
  role: s.users.role,
  pinHash: s.users.pinHash,
  active: s.users.active,
  customRoleId: s.users.customRoleId,
  storeIds: s.users.storeIds,
};

/** Active users of the company who have a PIN, by name. */
export async function listActiveWithPin(ctx: Ctx) {
  return ctx.tx
    .select(staffColumns)
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.active, true), isNotNull(s.users.pinHash)))
    .orderBy(asc(s.users.name));
}

/** One user of the company (active or not), for checking a sale's cashier. */
export async function findUser(ctx: Ctx, userId: string) {
  const [row] = await ctx.tx
    .select(staffColumns)
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, userId)))
    .limit(1);
  return row;
}
