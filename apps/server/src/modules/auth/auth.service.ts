import { DEFAULT_MAX_DISCOUNT_PERCENT, newDocumentId, type RoleName } from '@kassa/domain';
import type { LoginRequest, LoginResponse, MeResponse, PinLoginRequest } from '@kassa/contracts';
import { withCompanyTx, type KassaDb, type KassaTx } from '@kassa/db';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { KeyRing } from '../audit/keyring.ts';
import { accessOf, type UserAccess } from '../users/access.ts';
import * as repo from './auth.repository.ts';
import type { Revocations } from './revocation.ts';
import { afterFailure, isLocked, type LockoutPolicy } from './lockout.ts';
import { verifyNothing, verifySecret } from './passwords.ts';
import { checkSecondFactor } from './two-factor.ts';
import { PinRejected, assertPinNotLocked, clearPinFailures } from './pin-throttle.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
  formatRefreshToken,
  hashRefreshSecret,
  newRefreshSecret,
  parseRefreshToken,
  type AccessTokens,
} from './tokens.ts';

/** A session as handed to the route: the JSON body and the refresh token for the cookie. */
export type IssuedSession = { body: LoginResponse; refreshToken: string };

const invalidCredentials = () => new AppError('invalid_credentials', 401, 'E-mail or password is wrong');

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;
type CompanyRow = NonNullable<Awaited<ReturnType<typeof repo.findCompany>>>;

/** The largest line discount (percent) the role may give: company setting, else the role default. */
export function maxDiscountPercentFor(company: CompanyRow, role: RoleName): string {
  return company.maxDiscountPercent[role] ?? DEFAULT_MAX_DISCOUNT_PERCENT[role];
}

/**
 * True when the company requires two-factor sign-in for the user's role (owners and managers,
 * company setting `requireTotpForManagers`) and the user has not enrolled yet: a password session
 * may then only enrol (see TOTP_ENROLMENT_ROUTES in http/auth.ts). PIN switches at a register
 * are not affected.
 */
export function mustEnrolTotp(
  user: Pick<UserRow, 'role' | 'totpSecret'>,
  company: Pick<CompanyRow, 'requireTotpForManagers'>,
): boolean {
  return (
    company.requireTotpForManagers &&
    (user.role === 'owner' || user.role === 'manager') &&
    user.totpSecret === null
  );
}

function describe(
  user: UserRow,
  company: CompanyRow,
  access: UserAccess,
  enrolOnly = false,
): Omit<LoginResponse, 'accessToken' | 'tokenType' | 'expiresIn'> {
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      permissions: enrolOnly ? [] : [...access.permissions],
      storeIds: access.storeIds ? [...access.storeIds] : null,
      twoFactor: user.totpSecret !== null,
      ...(enrolOnly ? { totpEnrolmentRequired: true } : {}),
      maxDiscountPercent: maxDiscountPercentFor(company, user.role),
    },
    company: { id: company.id, name: company.name, currency: company.currency },
  };
}

/** Where a client connects from: kept on its session (listed to the user) and in audit entries. */
export type ClientInfo = { ip: string; userAgent: string | undefined };

/** The session to issue tokens for: a new one (sign-in) or an existing one (refresh, with its method). */
type SessionTarget = {
  id: string;
  start?: ClientInfo & { method: 'password' | 'pin' };
  method?: 'password' | 'pin';
};

async function issue(
  tx: KassaTx,
  tokens: AccessTokens,
  user: UserRow,
  company: CompanyRow,
  session: SessionTarget,
): Promise<IssuedSession> {
  const familyId = session.id;
  const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
  if (session.start)
    await repo.insertSession(tx, {
      companyId: company.id,
      id: session.id,
      userId: user.id,
      method: session.start.method,
      ip: session.start.ip,
      userAgent: session.start.userAgent?.slice(0, 500) ?? null,
      expiresAt,
    });
  const access = await accessOf(tx, user);
  // Re-evaluated at every refresh, so the refresh after enrolment gives the full rights.
  const enrolOnly = (session.start?.method ?? session.method) === 'password' && mustEnrolTotp(user, company);
  const accessToken = await tokens.issue({
    userId: user.id,
    companyId: company.id,
    role: user.role,
    sessionId: session.id,
    ...(enrolOnly
      ? { permissions: [], totpEnrolment: true }
      : access.custom
        ? { permissions: access.permissions }
        : {}),
    ...(access.storeIds ? { storeIds: access.storeIds } : {}),
  });
  const tokenId = newDocumentId();
  const secret = newRefreshSecret();
  await repo.insertRefreshToken(tx, {
    companyId: company.id,
    id: tokenId,
    userId: user.id,
    familyId,
    secretHash: hashRefreshSecret(secret),
    expiresAt,
  });
  return {
    body: {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      ...describe(user, company, access, enrolOnly),
    },
    refreshToken: formatRefreshToken({ companyId: company.id, tokenId, secret }),
  };
}

/** Where a sign-in attempt came from, for the audit log and the lockout. */
export type LoginMeta = {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  keys: KeyRing | undefined;
  lockout: LockoutPolicy;
};

type LoginOutcome =
  | { ok: true; session: IssuedSession }
  | { ok: false; reason: 'wrong_password' | 'user_disabled' | 'locked' | 'totp_required' | 'totp_invalid' };

/**
 * Signs a user in by e-mail and password. An unknown e-mail, a wrong password, a disabled user
 * and a locked account all answer the same 401 `invalid_credentials` after the same argon2 work,
 * so the response does not reveal whether an address exists or is locked.
 * Every attempt on a known account is audited (`auth.login.succeeded` / `auth.login.failed`, the
 * typed e-mail, IP and user agent encrypted) and counts toward its lockout (see lockout.ts);
 * a locked account is refused even with the right password. Failures commit their records
 * before the 401 is thrown.
 * A user with two-factor sign-in also needs `totpCode` or `recoveryCode`: without one the answer
 * is 401 `totp_required` (only after the right password, and not counted as a failure); a wrong
 * or replayed code is 401 `totp_invalid` and counts toward the lockout like a wrong password.
 */
export async function login(
  db: KassaDb,
  tokens: AccessTokens,
  input: LoginRequest,
  meta: LoginMeta,
): Promise<IssuedSession> {
  const entry = await repo.findLoginByEmail(db, input.email);
  if (!entry) {
    await verifyNothing(input.password);
    throw invalidCredentials();
  }
  const outcome = await withCompanyTx(db, entry.companyId, async (tx): Promise<LoginOutcome> => {
    const user = await repo.findUser(tx, entry.companyId, entry.userId);
    const company = await repo.findCompany(tx, entry.companyId);
    if (!user || !company) {
      await verifyNothing(input.password);
      return { ok: false, reason: 'wrong_password' };
    }
    const audit = { companyId: company.id, tx, requestId: meta.requestId, keys: meta.keys };
    const sensitive = { email: input.email, ip: meta.ip, userAgent: meta.userAgent ?? null };
    const now = new Date();
    const throttle = await repo.findThrottle(tx, company.id, user.id);
    const passwordOk = await verifySecret(user.passwordHash, input.password);
    const factor =
      passwordOk && user.active && !isLocked(throttle, now)
        ? await checkSecondFactor(tx, meta.keys, user, input)
        : undefined;
    // The password was right but the authenticator code is missing: ask for it (not a failure).
    if (factor && !factor.ok && factor.reason === 'totp_required')
      return { ok: false, reason: 'totp_required' };
    if (factor?.ok) {
      if (throttle) await repo.clearThrottle(tx, company.id, user.id);
      if (factor.via === 'recovery_code')
        await recordAudit(audit, {
          action: 'auth.recovery_code.used',
          actorId: user.id,
          subject: { type: 'user', id: user.id },
        });
      await recordAudit(audit, {
        action: 'auth.login.succeeded',
        actorId: user.id,
        subject: { type: 'user', id: user.id },
        sensitive,
      });
      const start = { method: 'password' as const, ip: meta.ip, userAgent: meta.userAgent };
      return { ok: true, session: await issue(tx, tokens, user, company, { id: newDocumentId(), start }) };
    }
    const reason = isLocked(throttle, now)
      ? 'locked'
      : !passwordOk
        ? 'wrong_password'
        : !user.active
          ? 'user_disabled'
          : 'totp_invalid';
    await recordAudit(audit, {
      action: 'auth.login.failed',
      actorId: null,
      subject: { type: 'user', id: user.id },
      details: {
        reason,
        ...(reason === 'locked' ? { lockedUntil: throttle!.lockedUntil!.toISOString() } : {}),
      },
      sensitive,
    });
    // Attempts while locked do not extend the lock: the lock already answers them.
    if (reason !== 'locked') {
      const next = afterFailure(throttle, now, meta.lockout);
      await repo.saveThrottle(tx, { companyId: company.id, userId: user.id, ...next.state });
      if (next.lockedNow)
        await recordAudit(audit, {
          action: 'auth.login.locked',
          actorId: null,
          subject: { type: 'user', id: user.id },
          details: { lockedUntil: next.state.lockedUntil!.toISOString(), lockCount: next.state.lockCount },
        });
    }
    return { ok: false, reason };
  });
  if (!outcome.ok) {
    if (outcome.reason === 'totp_required')
      throw new AppError(
        'totp_required',
        401,
        'Enter the code of your authenticator app (or a recovery code)',
      );
    if (outcome.reason === 'totp_invalid')
      throw new AppError('totp_invalid', 401, 'The authenticator or recovery code is wrong');
    throw invalidCredentials();
  }
  return outcome.session;
}

/**
 * Switches the user on a device by PIN (the cashier picks their name, then types the PIN). Only
 * users of the caller's company can be reached.
 * Wrong PINs count toward the user's and the device's PIN limits (pin-throttle.ts).
 * @throws AppError 401 `invalid_credentials` for a wrong PIN, an unknown or disabled user;
 *   429 `pin_locked` while a PIN lock holds.
 */
export async function pinLogin(
  ctx: Ctx,
  tokens: AccessTokens,
  input: PinLoginRequest,
  client: ClientInfo,
): Promise<IssuedSession> {
  await assertPinNotLocked(ctx, input.userId);
  const user = await repo.findUser(ctx.tx, ctx.companyId, input.userId);
  const company = await repo.findCompany(ctx.tx, ctx.companyId);
  const rejected = () =>
    new PinRejected(
      ctx.companyId,
      user?.id,
      ctx.sessionId,
      ctx.userId,
      'pin_switch',
      'invalid_credentials',
      'User or PIN is wrong',
    );
  if (!user?.pinHash || !company) {
    await verifyNothing(input.pin);
    throw rejected();
  }
  const ok = await verifySecret(user.pinHash, input.pin);
  if (!ok || !user.active) throw rejected();
  await clearPinFailures(ctx, user.id);
  return issue(ctx.tx, tokens, user, company, { id: newDocumentId(), start: { method: 'pin', ...client } });
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). Reusing a
 * token that was already rotated revokes its whole family: someone else may hold a copy.
 * @throws AppError 401 `invalid_token`.
 */
export async function refresh(
  db: KassaDb,
  tokens: AccessTokens,
  revocations: Revocations,
  cookie: string | undefined,
): Promise<IssuedSession> {
  const parts = cookie ? parseRefreshToken(cookie) : undefined;
  if (!parts) throw new AppError('invalid_token', 401, 'No valid refresh token');
  const outcome = await withCompanyTx(db, parts.companyId, async (tx) => {
    const row = await repo.findRefreshToken(tx, parts.companyId, parts.tokenId);
    if (
      !row ||
      row.secretHash !== hashRefreshSecret(parts.secret) ||
      row.revokedAt ||
      row.expiresAt < new Date()
    ) {
      return undefined;
    }
    if (row.rotatedAt) {
      // Someone else may hold a copy: end the whole session, its access tokens included.
      const ended = await repo.revokeSessions(
        tx,
        parts.companyId,
        { sessionId: row.familyId },
        'token_reuse',
      );
      await revocations.revoked(ended);
      return 'reused' as const;
    }
    const session = await repo.findSession(tx, parts.companyId, row.familyId);
    if (!session || session.revokedAt) return undefined;
    const user = await repo.findUser(tx, parts.companyId, row.userId);
    const company = await repo.findCompany(tx, parts.companyId);
    if (!user?.active || !company) return undefined;
    await repo.markRotated(tx, parts.companyId, row.id);
    await repo.touchSession(tx, parts.companyId, session.id);
    return issue(tx, tokens, user, company, { id: session.id, method: session.method });
  });
  if (outcome === undefined || outcome === 'reused')
    throw new AppError('invalid_token', 401, 'The refresh token is not valid');
  return outcome;
}

/**
 * Ends the session of the refresh cookie (logout): its refresh tokens and, from the next request
 * on, its access tokens. Unknown tokens are ignored: logout always succeeds.
 */
export async function logout(
  db: KassaDb,
  revocations: Revocations,
  cookie: string | undefined,
): Promise<void> {
  const parts = cookie ? parseRefreshToken(cookie) : undefined;
  if (!parts) return;
  await withCompanyTx(db, parts.companyId, async (tx) => {
    const row = await repo.findRefreshToken(tx, parts.companyId, parts.tokenId);
    if (row && row.secretHash === hashRefreshSecret(parts.secret)) {
      const ended = await repo.revokeSessions(tx, parts.companyId, { sessionId: row.familyId }, 'logout');
      await revocations.revoked(ended);
    }
  });
}

/** The signed-in user and company. @throws AppError 401 when the user is gone or disabled. */
export async function me(ctx: Ctx): Promise<MeResponse> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, ctx.userId);
  const company = await repo.findCompany(ctx.tx, ctx.companyId);
  if (!user?.active || !company)
    throw new AppError('invalid_token', 401, 'The user of this token is no longer active');
  const session = await repo.findSession(ctx.tx, ctx.companyId, ctx.sessionId);
  const enrolOnly = session?.method === 'password' && mustEnrolTotp(user, company);
  return describe(user, company, await accessOf(ctx.tx, user), enrolOnly);
}
