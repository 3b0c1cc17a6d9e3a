/**
 * Account lockout after repeated failed sign-ins (OWASP Authentication Cheat Sheet, "Account
 * lockout"): `maxFailures` failures within `windowMs` lock the account; each lock lasts twice as
 * long as the one before (from `baseLockMs` up to `maxLockMs`). A successful sign-in clears it.
 */
export type LockoutPolicy = {
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
};

/** 5 failures within 15 minutes lock for 5 minutes, then 10, 20… up to 24 hours. */
export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  baseLockMs: 5 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
};

/** The stored lockout state of one account (a `login_throttles` row). */
export type LockoutState = {
  failures: number;
  windowStartedAt: Date;
  lockCount: number;
  lockedUntil: Date | null;
};

/** True while the account is locked at `now`. */
export function isLocked(state: LockoutState | undefined, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil > now;
}

/**
 * The state after one more failed sign-in at `now`, and whether this failure started a lock.
 * Failures older than the window are forgotten; reaching `maxFailures` locks and starts counting
 * anew, so the next lock needs `maxFailures` more failures and lasts twice as long.
 */
export function afterFailure(
  state: LockoutState | undefined,
  now: Date,
  policy: LockoutPolicy,
): { state: LockoutState; lockedNow: boolean } {
  const inWindow = state && now.getTime() - state.windowStartedAt.getTime() < policy.windowMs;
  const failures = (inWindow ? state.failures : 0) + 1;
  const windowStartedAt = inWindow ? state.windowStartedAt : now;
  const lockCount = state?.lockCount ?? 0;
  if (failures < policy.maxFailures)
    return {
      state: { failures, windowStartedAt, lockCount, lockedUntil: state?.lockedUntil ?? null },
      lockedNow: false,
    };
  const lockMs = Math.min(policy.baseLockMs * 2 ** lockCount, policy.maxLockMs);
  return {
    state: {
      failures: 0,
      windowStartedAt: now,
      lockCount: lockCount + 1,
      lockedUntil: new Date(now.getTime() + lockMs),
    },
    lockedNow: true,
  };
}
