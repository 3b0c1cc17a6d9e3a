import type { RegisterStaffList } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { accessOf, storeInScope } from '../users/access.ts';
import * as repo from './register-staff.repository.ts';

type StaffRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

/** True when the user is active and may sell (`sale.create`) in the store, by their effective access. */
async function maySellIn(ctx: Ctx, user: StaffRow, storeId: string): Promise<boolean> {
  if (!user.active) return false;
  const access = await accessOf(ctx.tx, user);
  return (
    access.permissions.includes('sale.create') && (!access.storeIds || access.storeIds.includes(storeId))
  );
}

/**
 * The staff who may sell at a register, with their PIN hashes (argon2id PHC strings), for the
 * terminal's offline cashier switch (issue 8, docs/decisions.md): active users with a PIN whose
 * effective role holds `sale.create` and whose store scope includes the register's store.
 * @throws AppError 404 `register_not_found` for a register of another company or out of the caller's scope.
 */
export async function registerStaff(ctx: Ctx, registerId: string): Promise<RegisterStaffList> {
  const register = await repo.findRegisterStore(ctx, registerId);
  if (!register || !storeInScope(ctx, register.storeId))
    throw new AppError('register_not_found', 404, 'Register not found', { registerId });
  const items: RegisterStaffList['items'] = [];
  for (const user of await repo.listActiveWithPin(ctx)) {
    if (user.pinHash && (await maySellIn(ctx, user, register.storeId)))
      items.push({ id: user.id, name: user.name, role: user.role, pinHash: user.pinHash });
  }
  return { items };
}

/**
 * The cashier a sale is credited to: the signed-in user, or `cashierId` (switched by PIN on the
 * device) when that is an active user of the company who may sell in the store.
 * @throws AppError 422 `cashier_invalid` (details.cashierId) otherwise; another company's user is
 *   as unknown as a missing one.
 */
export async function saleCashier(ctx: Ctx, storeId: string, cashierId: string | undefined): Promise<string> {
  if (cashierId === undefined || cashierId === ctx.userId) return ctx.userId;
  const user = await repo.findUser(ctx, cashierId);
  if (!user || !(await maySellIn(ctx, user, storeId)))
    throw new AppError('cashier_invalid', 422, 'This cashier may not sell in this store', { cashierId });
  return user.id;
}
