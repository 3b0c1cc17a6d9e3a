import { and, eq, isNull } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import { schema as s, type KassaTx } from '@kassa/db';
import { formatRefreshToken, hashRefreshSecret, newRefreshSecret, parseRefreshToken } from './tokens.ts';

/** A reset link is good for 30 minutes (OWASP Forgot Password Cheat Sheet: short-lived). */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
/** An invitation is good for 72 hours: staff may not read their mail the same day. */
export const INVITE_TOKEN_TTL_MS = 72 * 60 * 60_000;

export type PasswordTokenPurpose = 'reset' | 'invite';

/**
 * Makes a single-use password token for a user: `<company>.<id>.<secret>` (256-bit secret,
 * only its SHA-256 stored). Earlier unused tokens of the user are spent, so only the newest works.
 */
export async function issuePasswordToken(
  tx: KassaTx,
  companyId: string,
  userId: string,
  purpose: PasswordTokenPurpose,
): Promise<string> {
  const now = new Date();
  await tx
    .update(s.passwordTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(s.passwordTokens.companyId, companyId),
        eq(s.passwordTokens.userId, userId),
        isNull(s.passwordTokens.usedAt),
      ),
    );
  const id = newDocumentId();
  const secret = newRefreshSecret();
  await tx.insert(s.passwordTokens).values({
    companyId,
    id,
    userId,
    purpose,
    secretHash: hashRefreshSecret(secret),
    expiresAt: new Date(now.getTime() + (purpose === 'invite' ? INVITE_TOKEN_TTL_MS : RESET_TOKEN_TTL_MS)),
    createdAt: now,
  });
  return formatRefreshToken({ companyId, tokenId: id, secret });
}

/** Splits a password token; undefined when it is not of our shape. */
export const parsePasswordToken = parseRefreshToken;

/** The link a user opens to set a password. */
export function passwordLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/backoffice/reset-password#token=${encodeURIComponent(token)}`;
}
