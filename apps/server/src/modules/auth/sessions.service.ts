import type { DisableUserResponse, SessionList } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { otherActiveOwners } from '../users/users.repository.ts';
import * as repo from './auth.repository.ts';
import type { Revocations } from './revocation.ts';

/** The signed-in user's active sessions (devices), newest first; `current` marks the caller's. */
export async function listSessions(ctx: Ctx): Promise<SessionList> {
  const rows = await repo.activeSessions(ctx.tx, ctx.companyId, ctx.userId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      method: r.method,
      ip: r.ip,
      userAgent: r.userAgent,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      current: r.id === ctx.sessionId,
    })),
  };
}

/**
 * Ends one of the caller's own sessions (a lost device): its refresh tokens at once, its access
 * tokens on their next request. Revoking the current session signs the caller out.
 * @throws AppError 404 `not_found` for an unknown id, another user's or another company's session.
 */
export async function revokeSession(ctx: Ctx, revocations: Revocations, sessionId: string): Promise<void> {
  const session = await repo.findSession(ctx.tx, ctx.companyId, sessionId);
  if (!session || session.userId !== ctx.userId) throw new AppError('not_found', 404, 'Session not found');
  const ended = await repo.revokeSessions(ctx.tx, ctx.companyId, { sessionId }, 'revoked');
  await revocations.revoked(ended);
}

/**
 * Disables a user (offboarding, or a compromised account): they can no longer sign in, and every
 * session of theirs ends at once (their next request is a 401). Recorded as `user.disabled`.
 * Disabling an already disabled user is allowed and ends any session left.
 * @throws AppError 404 `not_found` (also for another company's user); 422 `cannot_disable_self`,
 *   `last_owner` (the company's only active owner).
 */
export async function disableUser(
  ctx: Ctx,
  revocations: Revocations,
  userId: string,
): Promise<DisableUserResponse> {
  if (userId === ctx.userId)
    throw new AppError('cannot_disable_self', 422, 'You cannot disable your own account', { userId });
  const target = await repo.findUser(ctx.tx, ctx.companyId, userId);
  if (!target) throw new AppError('not_found', 404, 'User not found', { userId });
  if (
    target.active &&
    target.role === 'owner' &&
    target.customRoleId === null &&
    (await otherActiveOwners(ctx.tx, ctx.companyId, userId)) === 0
  )
    throw new AppError('last_owner', 422, 'The company must keep an active owner', { userId });
  const user = await repo.deactivateUser(ctx.tx, ctx.companyId, userId);
  if (!user) throw new AppError('not_found', 404, 'User not found', { userId });
  const ended = await repo.revokeSessions(ctx.tx, ctx.companyId, { userId }, 'user_disabled');
  await revocations.revoked(ended);
  await recordAudit(ctx, {
    action: 'user.disabled',
    subject: { type: 'user', id: userId },
    details: { sessionsRevoked: ended.length },
  });
  return { userId, active: false, sessionsRevoked: ended.length };
}
