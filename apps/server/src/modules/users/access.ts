import { and, eq } from 'drizzle-orm';
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission, type RoleName } from '@kassa/domain';
import { schema as s, type KassaTx } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';

/** What a user may do: permissions, and the stores they may act in (null = every store). */
export type UserAccess = {
  permissions: readonly Permission[];
  storeIds: readonly string[] | null;
  /** True when a custom role replaced the built-in role's permissions. */
  custom: boolean;
};

type UserLike = {
  companyId: string;
  role: RoleName;
  customRoleId: string | null;
  storeIds: string[] | null;
};

/** Intersection of two store scopes, where null means "every store". */
export function intersectScopes(
  a: readonly string[] | null,
  b: readonly string[] | null,
): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((id) => b.includes(id));
}

/**
 * A user's effective access: the custom role's permissions when they have one, else the
 * built-in role's; the store scope is the user's own stores intersected with the custom role's.
 * Permissions outside packages/domain PERMISSIONS (none should be stored) are dropped.
 */
export async function accessOf(tx: KassaTx, user: UserLike): Promise<UserAccess> {
  if (!user.customRoleId)
    return { permissions: ROLE_PERMISSIONS[user.role], storeIds: user.storeIds, custom: false };
  const [role] = await tx
    .select()
    .from(s.roles)
    .where(and(eq(s.roles.companyId, user.companyId), eq(s.roles.id, user.customRoleId)))
    .limit(1);
  if (!role) return { permissions: ROLE_PERMISSIONS[user.role], storeIds: user.storeIds, custom: false };
  const permissions = role.permissions.filter((p): p is Permission =>
    (PERMISSIONS as readonly string[]).includes(p),
  );
  return { permissions, storeIds: intersectScopes(user.storeIds, role.storeIds), custom: true };
}

/** True when the context's store scope lets it act in `storeId`. */
export function storeInScope(ctx: Pick<Ctx, 'storeIds'>, storeId: string): boolean {
  return !ctx.storeIds || ctx.storeIds.includes(storeId);
}

/**
 * Refuses an action in a store outside the signed-in user's store scope (a manager of store 1
 * acting at a register of store 2).
 * @throws AppError 403 `store_out_of_scope` with `details.storeId`.
 */
export function assertStoreInScope(ctx: Pick<Ctx, 'storeIds'>, storeId: string): void {
  if (!storeInScope(ctx, storeId))
    throw new AppError('store_out_of_scope', 403, 'You may not act in this store', { storeId });
}
