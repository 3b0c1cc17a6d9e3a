import { and, desc, eq, gt, isNull } from 'drizzle-orm';
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

/** The account's lockout row, locked until the transaction ends (concurrent failures count one by one). */
export async function findThrottle(tx: KassaTx, companyId: string, userId: string) {
  const rows = await tx
    .select()
    .from(s.loginThrottles)
    .where(and(eq(s.loginThrottles.companyId, companyId), eq(s.loginThrottles.userId, userId)))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function saveThrottle(tx: KassaTx, row: typeof s.loginThrottles.$inferInsert): Promise<void> {
  const { companyId: _c, userId: _u, ...set } = row;
  await tx
    .insert(s.loginThrottles)
    .values(row)
    .onConflictDoUpdate({ target: [s.loginThrottles.companyId, s.loginThrottles.userId], set });
}

export async function clearThrottle(tx: KassaTx, companyId: string, userId: string): Promise<void> {
  await tx
    .delete(s.loginThrottles)
    .where(and(eq(s.loginThrottles.companyId, companyId), eq(s.loginThrottles.userId, userId)));
}

export async function insertSession(tx: KassaTx, row: typeof s.sessions.$inferInsert): Promise<void> {
  await tx.insert(s.sessions).values(row);
}

export async function findSession(tx: KassaTx, companyId: string, sessionId: string) {
  const rows = await tx
    .select()
    .from(s.sessions)
    .where(and(eq(s.sessions.companyId, companyId), eq(s.sessions.id, sessionId)))
    .limit(1);
  return rows[0];
}

export async function touchSession(tx: KassaTx, companyId: string, sessionId: string): Promise<void> {
  await tx
    .update(s.sessions)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(s.sessions.companyId, companyId), eq(s.sessions.id, sessionId)));
}

/**
 * Revokes sessions (one, or every active session of a user) and their refresh-token families.
 * Returns the ids revoked now.
 */
export async function revokeSessions(
  tx: KassaTx,
  companyId: string,
  which: { sessionId: string } | { userId: string },
  reason: 'logout' | 'revoked' | 'user_disabled' | 'token_reuse',
): Promise<string[]> {
  const target =
    'sessionId' in which ? eq(s.sessions.id, which.sessionId) : eq(s.sessions.userId, which.userId);
  const rows = await tx
    .update(s.sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(s.sessions.companyId, companyId), target, isNull(s.sessions.revokedAt)))
    .returning({ id: s.sessions.id });
  const families =
    'sessionId' in which
      ? eq(s.refreshTokens.familyId, which.sessionId)
      : eq(s.refreshTokens.userId, which.userId);
  await tx
    .update(s.refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(s.refreshTokens.companyId, companyId), families, isNull(s.refreshTokens.revokedAt)));
  return rows.map((r) => r.id);
}

/** The user's sessions that are neither revoked nor expired, newest first. */
export async function activeSessions(tx: KassaTx, companyId: string, userId: string) {
  return tx
    .select()
    .from(s.sessions)
    .where(
      and(
        eq(s.sessions.companyId, companyId),
        eq(s.sessions.userId, userId),
        isNull(s.sessions.revokedAt),
        gt(s.sessions.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(s.sessions.createdAt));
}

export async function deactivateUser(tx: KassaTx, companyId: string, userId: string) {
  const rows = await tx
    .update(s.users)
    .set({ active: false })
    .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)))
    .returning({ id: s.users.id });
  return rows[0];
}
