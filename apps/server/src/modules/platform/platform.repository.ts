import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, schema as s, type KassaDb, type KassaTx } from '@kassa/db';
import type { LockoutState } from '../auth/lockout.ts';

/** A platform_admins row. */
export type PlatformAdminRow = typeof s.platformAdmins.$inferSelect;

/** The admin of this e-mail (case-insensitive), row-locked until the transaction ends. */
export async function findAdminByEmailForUpdate(
  tx: KassaTx,
  email: string,
): Promise<PlatformAdminRow | undefined> {
  const [row] = await tx
    .select()
    .from(s.platformAdmins)
    .where(sql`lower(${s.platformAdmins.email}) = lower(${email})`)
    .for('update');
  return row;
}

/** The admin of this id, row-locked until the transaction ends. */
export async function findAdminForUpdate(tx: KassaTx, id: string): Promise<PlatformAdminRow | undefined> {
  const [row] = await tx.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, id)).for('update');
  return row;
}

/** The admin of this id. */
export async function findAdmin(db: KassaDb | KassaTx, id: string): Promise<PlatformAdminRow | undefined> {
  const [row] = await db.select().from(s.platformAdmins).where(eq(s.platformAdmins.id, id));
  return row;
}

/** The lockout state kept on the admin's row. */
export function lockoutOf(admin: PlatformAdminRow): LockoutState | undefined {
  if (!admin.failureWindowStartedAt && !admin.lockedUntil) return undefined;
  return {
    failures: admin.failedLogins,
    windowStartedAt: admin.failureWindowStartedAt ?? new Date(0),
    lockCount: admin.lockCount,
    lockedUntil: admin.lockedUntil,
  };
}

/** Stores the lockout state; undefined clears it (after a successful sign-in). */
export async function saveLockout(tx: KassaTx, id: string, state: LockoutState | undefined): Promise<void> {
  await tx
    .update(s.platformAdmins)
    .set({
      failedLogins: state?.failures ?? 0,
      failureWindowStartedAt: state?.windowStartedAt ?? null,
      lockCount: state?.lockCount ?? 0,
      lockedUntil: state?.lockedUntil ?? null,
    })
    .where(eq(s.platformAdmins.id, id));
}

/** Sets the TOTP fields of an admin. */
export async function saveTotp(
  tx: KassaTx,
  id: string,
  fields: Partial<Pick<PlatformAdminRow, 'totpSecret' | 'totpConfirmedAt' | 'totpLastStep'>>,
): Promise<void> {
  await tx.update(s.platformAdmins).set(fields).where(eq(s.platformAdmins.id, id));
}

/** Admins with a TOTP secret (sealed), row-locked until the transaction ends. */
export async function adminsWithTotpForUpdate(tx: KassaTx): Promise<{ id: string; totpSecret: string }[]> {
  const rows = await tx
    .select({ id: s.platformAdmins.id, totpSecret: s.platformAdmins.totpSecret })
    .from(s.platformAdmins)
    .where(sql`${s.platformAdmins.totpSecret} is not null`)
    .for('update');
  return rows.flatMap((r) => (r.totpSecret ? [{ id: r.id, totpSecret: r.totpSecret }] : []));
}

/** Replaces the admin's recovery codes by these hashes. */
export async function replaceRecoveryCodes(tx: KassaTx, adminId: string, hashes: string[]): Promise<void> {
  await tx.delete(s.platformRecoveryCodes).where(eq(s.platformRecoveryCodes.adminId, adminId));
  await tx.insert(s.platformRecoveryCodes).values(hashes.map((codeHash) => ({ adminId, codeHash })));
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function spendRecoveryCode(tx: KassaTx, adminId: string, codeHash: string): Promise<boolean> {
  const spent = await tx
    .update(s.platformRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(s.platformRecoveryCodes.adminId, adminId),
        eq(s.platformRecoveryCodes.codeHash, codeHash),
        isNull(s.platformRecoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: s.platformRecoveryCodes.codeHash });
  return spent.length === 1;
}

/** Every company with its store count, across tenants (SQL function of migration 0023). */
export async function listCompanies(
  db: KassaDb,
): Promise<{ id: string; name: string; createdAt: Date; storeCount: number }[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    created_at: Date | string;
    store_count: string | number | bigint;
  }>(db, 'select id, name, created_at, store_count from kassa_platform_companies()', []);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at),
    storeCount: Number(r.store_count),
  }));
}
