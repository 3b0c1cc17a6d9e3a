import { DEFAULT_MAX_DISCOUNT_PERCENT, ROLE_PERMISSIONS, newDocumentId, type RoleName } from '@kassa/domain';
import type { LoginRequest, LoginResponse, MeResponse, PinLoginRequest } from '@kassa/contracts';
import { withCompanyTx, type KassaDb, type KassaTx } from '@kassa/db';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../../context.ts';
import * as repo from './auth.repository.ts';
import { verifyNothing, verifySecret } from './passwords.ts';
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

function describe(
  user: UserRow,
  company: CompanyRow,
): Omit<LoginResponse, 'accessToken' | 'tokenType' | 'expiresIn'> {
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      permissions: [...ROLE_PERMISSIONS[user.role]],
      maxDiscountPercent: maxDiscountPercentFor(company, user.role),
    },
    company: { id: company.id, name: company.name, currency: company.currency },
  };
}

async function issue(
  tx: KassaTx,
  tokens: AccessTokens,
  user: UserRow,
  company: CompanyRow,
  familyId: string,
): Promise<IssuedSession> {
  const accessToken = await tokens.issue({ userId: user.id, companyId: company.id, role: user.role });
  const tokenId = newDocumentId();
  const secret = newRefreshSecret();
  await repo.insertRefreshToken(tx, {
    companyId: company.id,
    id: tokenId,
    userId: user.id,
    familyId,
    secretHash: hashRefreshSecret(secret),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
  });
  return {
    body: {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      ...describe(user, company),
    },
    refreshToken: formatRefreshToken({ companyId: company.id, tokenId, secret }),
  };
}

/**
 * Signs a user in by e-mail and password. An unknown e-mail, a wrong password and a disabled
 * user all answer the same 401 `invalid_credentials` after the same argon2 work, so the response
 * does not reveal whether an address exists.
 */
export async function login(db: KassaDb, tokens: AccessTokens, input: LoginRequest): Promise<IssuedSession> {
  const entry = await repo.findLoginByEmail(db, input.email);
  if (!entry) {
    await verifyNothing(input.password);
    throw invalidCredentials();
  }
  return withCompanyTx(db, entry.companyId, async (tx) => {
    const user = await repo.findUser(tx, entry.companyId, entry.userId);
    const company = await repo.findCompany(tx, entry.companyId);
    if (!user || !company) {
      await verifyNothing(input.password);
      throw invalidCredentials();
    }
    const ok = await verifySecret(user.passwordHash, input.password);
    if (!ok || !user.active) throw invalidCredentials();
    return issue(tx, tokens, user, company, newDocumentId());
  });
}

/**
 * Switches the user on a device by PIN (the cashier picks their name, then types the PIN). Only
 * users of the caller's company can be reached.
 * @throws AppError 401 `invalid_credentials` for a wrong PIN, an unknown or disabled user.
 */
export async function pinLogin(
  ctx: Ctx,
  tokens: AccessTokens,
  input: PinLoginRequest,
): Promise<IssuedSession> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, input.userId);
  const company = await repo.findCompany(ctx.tx, ctx.companyId);
  if (!user?.pinHash || !company) {
    await verifyNothing(input.pin);
    throw new AppError('invalid_credentials', 401, 'User or PIN is wrong');
  }
  const ok = await verifySecret(user.pinHash, input.pin);
  if (!ok || !user.active) throw new AppError('invalid_credentials', 401, 'User or PIN is wrong');
  return issue(ctx.tx, tokens, user, company, newDocumentId());
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). Reusing a
 * token that was already rotated revokes its whole family: someone else may hold a copy.
 * @throws AppError 401 `invalid_token`.
 */
export async function refresh(
  db: KassaDb,
  tokens: AccessTokens,
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
      await repo.revokeFamily(tx, parts.companyId, row.familyId);
      return 'reused' as const;
    }
    const user = await repo.findUser(tx, parts.companyId, row.userId);
    const company = await repo.findCompany(tx, parts.companyId);
    if (!user?.active || !company) return undefined;
    await repo.markRotated(tx, parts.companyId, row.id);
    return issue(tx, tokens, user, company, row.familyId);
  });
  if (outcome === undefined || outcome === 'reused')
    throw new AppError('invalid_token', 401, 'The refresh token is not valid');
  return outcome;
}

/** Revokes the refresh token's family (logout). Unknown tokens are ignored: logout always succeeds. */
export async function logout(db: KassaDb, cookie: string | undefined): Promise<void> {
  const parts = cookie ? parseRefreshToken(cookie) : undefined;
  if (!parts) return;
  await withCompanyTx(db, parts.companyId, async (tx) => {
    const row = await repo.findRefreshToken(tx, parts.companyId, parts.tokenId);
    if (row && row.secretHash === hashRefreshSecret(parts.secret))
      await repo.revokeFamily(tx, parts.companyId, row.familyId);
  });
}

/** The signed-in user and company. @throws AppError 401 when the user is gone or disabled. */
export async function me(ctx: Ctx): Promise<MeResponse> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, ctx.userId);
  const company = await repo.findCompany(ctx.tx, ctx.companyId);
  if (!user?.active || !company)
    throw new AppError('invalid_token', 401, 'The user of this token is no longer active');
  return describe(user, company);
}
