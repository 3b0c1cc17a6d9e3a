import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { schema as s, withCompanyTx, type KassaDb, type KassaTx } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { afterFailure, isLocked, type LockoutPolicy } from './lockout.ts';

/**
 * PIN guessing limits. A PIN has only 10,000 to 1,000,000 values, so failures are limited per
 * user (someone trying one user's PIN from anywhere) and per device session (one till trying
 * many users' PINs), each lock twice as long as the last.
 */
export type PinLimits = { perUser: LockoutPolicy; perDevice: LockoutPolicy };

/** 5 wrong PINs per user or 10 per device within 15 minutes lock for 1 minute, then 2, 4… up to 1 hour. */
export const DEFAULT_PIN_LIMITS: PinLimits = {
  perUser: { maxFailures: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000 },
  perDevice: { maxFailures: 10, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000 },
};

const userKey = (userId: string) => `user:${userId}`;
const deviceKey = (sessionId: string) => `device:${sessionId}`;

/** What a PIN was typed for (audit detail). */
export type PinPurpose = 'pin_switch' | 'approval';

/**
 * A wrong PIN. The request's transaction rolls back as for any error; the failure is then counted
 * in a transaction of its own (`installPinThrottle`), so a refused PIN writes nothing else.
 */
export class PinRejected extends AppError {
  constructor(
    readonly companyId: string,
    readonly userId: string | undefined,
    readonly sessionId: string,
    readonly actorId: string,
    readonly purpose: PinPurpose,
    code: 'invalid_credentials' | 'approval_invalid',
    message: string,
  ) {
    super(code, code === 'invalid_credentials' ? 401 : 403, message);
  }
}

/**
 * Refuses a PIN entry while the user's or the device's PIN lock holds (checked before the PIN
 * is verified, so a locked PIN cannot be probed).
 * @throws AppError 429 `pin_locked` with `details.retryAfterSeconds`.
 */
export async function assertPinNotLocked(ctx: Ctx, userId: string): Promise<void> {
  const rows = await ctx.tx
    .select()
    .from(s.pinThrottles)
    .where(
      and(
        eq(s.pinThrottles.companyId, ctx.companyId),
        inArray(s.pinThrottles.key, [userKey(userId), deviceKey(ctx.sessionId)]),
      ),
    );
  const now = new Date();
  const until = rows
    .filter((r) => isLocked(r, now))
    .map((r) => r.lockedUntil!.getTime())
    .sort((a, b) => b - a)[0];
  if (until !== undefined)
    throw new AppError(
      'pin_locked',
      429,
      'Too many wrong PINs; try again later or ask a manager to reset the PIN',
      {
        retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000),
      },
    );
}

/** After a right PIN: the user's failure count starts again (the device's runs out with its window). */
export async function clearPinFailures(ctx: Ctx, userId: string): Promise<void> {
  await ctx.tx
    .delete(s.pinThrottles)
    .where(and(eq(s.pinThrottles.companyId, ctx.companyId), eq(s.pinThrottles.key, userKey(userId))));
}

async function countFailure(tx: KassaTx, companyId: string, key: string, policy: LockoutPolicy, now: Date) {
  const [row] = await tx
    .select()
    .from(s.pinThrottles)
    .where(and(eq(s.pinThrottles.companyId, companyId), eq(s.pinThrottles.key, key)))
    .for('update')
    .limit(1);
  const next = afterFailure(row, now, policy);
  await tx
    .insert(s.pinThrottles)
    .values({ companyId, key, ...next.state })
    .onConflictDoUpdate({ target: [s.pinThrottles.companyId, s.pinThrottles.key], set: next.state });
  return next;
}

/** Counts one wrong PIN for the user (when known) and the device; audited, and so is a new lock. */
export async function recordPinFailure(db: KassaDb, failure: PinRejected, limits: PinLimits): Promise<void> {
  await withCompanyTx(db, failure.companyId, async (tx) => {
    const now = new Date();
    const audit = { companyId: failure.companyId, tx };
    const targets: [string, LockoutPolicy][] = [[deviceKey(failure.sessionId), limits.perDevice]];
    if (failure.userId) targets.unshift([userKey(failure.userId), limits.perUser]);
    await recordAudit(audit, {
      action: 'auth.pin.failed',
      actorId: failure.actorId,
      subject: failure.userId ? { type: 'user', id: failure.userId } : undefined,
      details: { purpose: failure.purpose, sessionId: failure.sessionId },
    });
    for (const [key, policy] of targets) {
      const next = await countFailure(tx, failure.companyId, key, policy, now);
      if (next.lockedNow)
        await recordAudit(audit, {
          action: 'auth.pin.locked',
          actorId: failure.actorId,
          details: {
            key,
            lockedUntil: next.state.lockedUntil!.toISOString(),
            lockCount: next.state.lockCount,
          },
        });
    }
  });
}

/**
 * Counts every PinRejected a request ends with, after its own transaction has rolled back
 * (Fastify runs onError hooks before the error handler answers).
 */
export function installPinThrottle(
  app: FastifyInstance,
  db: KassaDb,
  limits: PinLimits = DEFAULT_PIN_LIMITS,
): void {
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof PinRejected)) return;
    try {
      await recordPinFailure(db, error, limits);
    } catch (err) {
      request.log.error({ err }, 'could not record a failed PIN');
    }
  });
}
