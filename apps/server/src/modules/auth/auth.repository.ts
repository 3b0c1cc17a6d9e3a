import { and, eq, isNull } from 'drizzle-orm';
import { schema as s, type KassaDb, type KassaTx } from '@kassa/db';

/** Looks up which company and user an e-mail address signs in to (platform-wide directory). */
export async function findLoginByEmail(db: KassaDb, email: string) {
  const rows = await db.select().from(s.loginEmails).where(eq(s.loginEmails.email, email)).limit(1);
  return rows[0];
}

export async function findUser(tx: KassaTx, companyId: string, userId: string) {
  const rows = await tx
    .select()
    .from(s.users)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)))
    .limit(1);
  return rows[0];
}

export async function findCompany(tx: KassaTx, companyId: string) {
  const rows = await tx.select().from(s.companies).where(eq(s.companies.id, companyId)).limit(1);
  return rows[0];
}

export async function insertRefreshToken(
  tx: KassaTx,
  row: typeof s.refreshTokens.$inferInsert,
): Promise<void> {
  await tx.insert(s.refreshTokens).values(row);
}

export async function findRefreshToken(tx: KassaTx, companyId: string, tokenId: string) {
  const rows = await tx
    .select()
    .from(s.refreshTokens)
    .where(and(eq(s.refreshTokens.companyId, companyId), eq(s.refreshTokens.id, tokenId)))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function markRotated(tx: KassaTx, companyId: string, tokenId: string): Promise<void> {
  await tx
    .update(s.refreshTokens)
    .set({ rotatedAt: new Date() })
    .where(and(eq(s.refreshTokens.companyId, companyId), eq(s.refreshTokens.id, tokenId)));
}

export async function revokeFamily(tx: KassaTx, companyId: string, familyId: string): Promise<void> {
  await tx
    .update(s.refreshTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(s.refreshTokens.companyId, companyId),
        eq(s.refreshTokens.familyId, familyId),
        isNull(s.refreshTokens.revokedAt),
      ),
    );
}
