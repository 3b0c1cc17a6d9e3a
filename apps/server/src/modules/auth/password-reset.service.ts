import { and, eq } from 'drizzle-orm';
import { withCompanyTx, schema as s, type KassaDb } from '@kassa/db';
import { AppError } from '../../errors.ts';
import type { MailDeps } from '../users/users.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { KeyRing } from '../audit/keyring.ts';
import * as repo from './auth.repository.ts';
import { hashSecret } from './passwords.ts';
import { issuePasswordToken, parsePasswordToken, passwordLink } from './password-tokens.ts';
import type { Revocations } from './revocation.ts';
import { hashRefreshSecret } from './tokens.ts';

/**
 * Starts a password reset for an e-mail address. The caller always gets the same answer and the
 * mail leaves in the background, so neither the reply nor its timing tells whether the address
 * exists (OWASP Forgot Password Cheat Sheet). For an active user: a single-use token (30 minutes,
 * replacing any earlier one) is mailed as a link; recorded as `auth.password_reset.requested`
 * with the requester's IP encrypted. Unknown addresses and disabled users get no mail.
 */
export async function requestPasswordReset(
  db: KassaDb,
  mail: MailDeps,
  email: string,
  meta: {
    requestId: string;
    ip: string;
    keys: KeyRing | undefined;
    log: { error(o: object, m: string): void };
  },
): Promise<void> {
  const entry = await repo.findLoginByEmail(db, email);
  if (!entry) return;
  const link = await withCompanyTx(db, entry.companyId, async (tx) => {
    const user = await repo.findUser(tx, entry.companyId, entry.userId);
    if (!user?.active) return undefined;
    const token = await issuePasswordToken(tx, entry.companyId, user.id, 'reset');
    await recordAudit(
      { companyId: entry.companyId, tx, requestId: meta.requestId, keys: meta.keys },
      {
        action: 'auth.password_reset.requested',
        actorId: null,
        subject: { type: 'user', id: user.id },
        sensitive: { ip: meta.ip },
      },
    );
    return passwordLink(mail.publicUrl, token);
  });
  if (!link) return;
  void mail.mailer
    .send({
      to: email,
      subject: 'Reset your Kassa password',
      text: `Someone (hopefully you) asked to reset the password of this Kassa account.\n\nSet a new password here (the link works once, for 30 minutes):\n\n${link}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
    })
    .catch((err: unknown) => meta.log.error({ err }, 'password reset e-mail failed'));
}

const invalidToken = () =>
  new AppError('reset_token_invalid', 400, 'This link is not valid any more; ask for a new one');

/**
 * Sets a new password with a mailed token (reset or invitation): the token is spent, every
 * session of the user ends, and a lockout is lifted. Recorded as `auth.password_reset.completed`.
 * @throws AppError 400 `reset_token_invalid` (the same for a malformed, unknown, used, expired
 *   token or a disabled user; nothing is written).
 */
export async function confirmPasswordReset(
  db: KassaDb,
  revocations: Revocations,
  token: string,
  password: string,
  meta: { requestId: string; keys: KeyRing | undefined },
): Promise<void> {
  const parts = parsePasswordToken(token);
  if (!parts) throw invalidToken();
  const passwordHash = await hashSecret(password);
  await withCompanyTx(db, parts.companyId, async (tx) => {
    const [row] = await tx
      .select()
      .from(s.passwordTokens)
      .where(and(eq(s.passwordTokens.companyId, parts.companyId), eq(s.passwordTokens.id, parts.tokenId)))
      .for('update')
      .limit(1);
    if (
      !row ||
      row.secretHash !== hashRefreshSecret(parts.secret) ||
      row.usedAt ||
      row.expiresAt <= new Date()
    )
      throw invalidToken();
    const user = await repo.findUser(tx, parts.companyId, row.userId);
    if (!user?.active) throw invalidToken();
    await tx
      .update(s.passwordTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(s.passwordTokens.companyId, parts.companyId), eq(s.passwordTokens.id, row.id)));
    await tx
      .update(s.users)
      .set({ passwordHash })
      .where(and(eq(s.users.companyId, parts.companyId), eq(s.users.id, user.id)));
    await repo.clearThrottle(tx, parts.companyId, user.id);
    const ended = await repo.revokeSessions(tx, parts.companyId, { userId: user.id }, 'revoked');
    await revocations.revoked(ended);
    await recordAudit(
      { companyId: parts.companyId, tx, requestId: meta.requestId, keys: meta.keys },
      {
        action: 'auth.password_reset.completed',
        actorId: user.id,
        subject: { type: 'user', id: user.id },
        details: { purpose: row.purpose, sessionsRevoked: ended.length },
      },
    );
  });
}
