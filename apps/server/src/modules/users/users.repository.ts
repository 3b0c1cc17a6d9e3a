import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { schema as s, type KassaTx } from '@kassa/db';

export type UserRow = typeof s.users.$inferSelect;
export type RoleRow = typeof s.roles.$inferSelect;

/** Every user of the company with their custom role's name, by name. */
export async function listUsers(tx: KassaTx, companyId: string) {
  return tx
    .select({ user: s.users, roleName: s.roles.name })
    .from(s.users)
    .leftJoin(s.roles, and(eq(s.roles.companyId, s.users.companyId), eq(s.roles.id, s.users.customRoleId)))
    .where(eq(s.users.companyId, companyId))
    .orderBy(asc(s.users.name), asc(s.users.id));
}

export async function findUser(tx: KassaTx, companyId: string, userId: string) {
  const rows = await tx
    .select()
    .from(s.users)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function findUserByEmail(tx: KassaTx, companyId: string, email: string) {
  const rows = await tx
    .select()
    .from(s.users)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.email, email)))
    .limit(1);
  return rows[0];
}

/** Inserts the user and their platform-wide login e-mail; false when the e-mail is taken anywhere. */
export async function insertUser(tx: KassaTx, row: typeof s.users.$inferInsert): Promise<boolean> {
  const claimed = await tx
    .insert(s.loginEmails)
    .values({ email: row.email, companyId: row.companyId, userId: row.id })
    .onConflictDoNothing()
    .returning({ email: s.loginEmails.email });
  if (claimed.length === 0) return false;
  await tx.insert(s.users).values(row);
  return true;
}

export async function updateUser(
  tx: KassaTx,
  companyId: string,
  userId: string,
  set: Partial<typeof s.users.$inferInsert>,
): Promise<void> {
  await tx
    .update(s.users)
    .set(set)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)));
}

/** Active owners of the company other than `exceptUserId`. */
export async function otherActiveOwners(
  tx: KassaTx,
  companyId: string,
  exceptUserId: string,
): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(s.users)
    .where(
      and(
        eq(s.users.companyId, companyId),
        eq(s.users.role, 'owner'),
        eq(s.users.active, true),
        isNull(s.users.customRoleId),
        ne(s.users.id, exceptUserId),
      ),
    );
  return row?.n ?? 0;
}

/** How many of `storeIds` are stores of the company. */
export async function countStores(
  tx: KassaTx,
  companyId: string,
  storeIds: readonly string[],
): Promise<number> {
  if (storeIds.length === 0) return 0;
  const [row] = await tx
    .select({ n: count() })
    .from(s.stores)
    .where(and(eq(s.stores.companyId, companyId), inArray(s.stores.id, [...storeIds])));
  return row?.n ?? 0;
}

export async function listRoles(tx: KassaTx, companyId: string) {
  return tx
    .select({
      role: s.roles,
      userCount: sql<number>`(select count(*)::int from users u where u.company_id = roles.company_id and u.custom_role_id = roles.id)`,
    })
    .from(s.roles)
    .where(eq(s.roles.companyId, companyId))
    .orderBy(asc(s.roles.name));
}

export async function findRole(tx: KassaTx, companyId: string, roleId: string) {
  const rows = await tx
    .select()
    .from(s.roles)
    .where(and(eq(s.roles.companyId, companyId), eq(s.roles.id, roleId)))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function findRoleByName(tx: KassaTx, companyId: string, name: string) {
  const rows = await tx
    .select({ id: s.roles.id })
    .from(s.roles)
    .where(and(eq(s.roles.companyId, companyId), eq(s.roles.name, name)))
    .limit(1);
  return rows[0];
}

export async function insertRole(tx: KassaTx, row: typeof s.roles.$inferInsert): Promise<void> {
  await tx.insert(s.roles).values(row);
}

export async function updateRole(
  tx: KassaTx,
  companyId: string,
  roleId: string,
  set: Partial<typeof s.roles.$inferInsert>,
): Promise<void> {
  await tx
    .update(s.roles)
    .set(set)
    .where(and(eq(s.roles.companyId, companyId), eq(s.roles.id, roleId)));
}

export async function deleteRole(tx: KassaTx, companyId: string, roleId: string): Promise<void> {
  await tx.delete(s.roles).where(and(eq(s.roles.companyId, companyId), eq(s.roles.id, roleId)));
}

/** Ids of the users holding a custom role. */
export async function usersWithRole(tx: KassaTx, companyId: string, roleId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: s.users.id })
    .from(s.users)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.customRoleId, roleId)));
  return rows.map((r) => r.id);
}

/** Forgets the failed PIN entries of a throttle key (`user:<id>` or `device:<session id>`). */
export async function clearPinThrottle(tx: KassaTx, companyId: string, key: string): Promise<void> {
  await tx
    .delete(s.pinThrottles)
    .where(and(eq(s.pinThrottles.companyId, companyId), eq(s.pinThrottles.key, key)));
}
