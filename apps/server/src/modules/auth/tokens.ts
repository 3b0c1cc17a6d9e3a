import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { PERMISSIONS, ROLE_NAMES, newDocumentId, type Permission, type RoleName } from '@kassa/domain';
import { AppError } from '../../errors.ts';

/** Access tokens live 15 minutes (OWASP session guidance for short-lived bearer tokens). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Refresh tokens live 7 days and rotate on every use. */
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

const ISSUER = 'kassa';
const AUDIENCE = 'kassa-api';

/** What an access token says: who, which company and role, and the session it belongs to (`sid`). */
export type AccessClaims = {
  userId: string;
  companyId: string;
  role: RoleName;
  tokenId: string;
  /** The session (table `sessions`); undefined only in tokens made without one, which the API refuses. */
  sessionId: string | undefined;
  /**
   * The user's permissions when they differ from the built-in role's (a custom role, claim
   * `perms`); undefined: the built-in role's.
   */
  permissions?: readonly Permission[];
  /** Stores the user may act in (claim `stores`); undefined: every store of the company. */
  storeIds?: readonly string[];
  /**
   * True (claim `enrol`) for a session that may only enrol in two-factor sign-in: the company
   * requires it for the user's role and the user has none yet.
   */
  totpEnrolment?: boolean;
};

/** What a platform operator's access token says (audience `kassa-platform`, never valid on company routes). */
export type PlatformClaims = {
  adminId: string;
  tokenId: string;
  /** True (claim `enrol`) while the admin has not confirmed TOTP: only enrolment routes are open. */
  totpEnrolment: boolean;
};

const PLATFORM_AUDIENCE = 'kassa-platform';

/** Verified tokens kept at most (about 0.5 KB each); the oldest is dropped first. */
const VERIFIED_CACHE_SIZE = 4096;

/** Signs and verifies HS256 access tokens with one secret key. */
export class AccessTokens {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, with their claims and expiry (ms since epoch). A terminal sends the
   * same token for its 15 minutes, so its HMAC is computed once, not on every request: a hit
   * needs the exact token string, which only a successful verification puts here. Revocation is
   * unaffected (checked per request by `Revocations`); an expired token is verified again, so it
   * gets `token_expired`.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Issues a 15-minute token naming the user, company, role, session, and any custom rights. */
  async issue(claims: Omit<AccessClaims, 'tokenId' | 'sessionId'> & { sessionId?: string }): Promise<string> {
    return new SignJWT({
      cid: claims.companyId,
      role: claims.role,
      ...(claims.sessionId ? { sid: claims.sessionId } : {}),
      ...(claims.permissions ? { perms: [...claims.permissions] } : {}),
      ...(claims.storeIds ? { stores: [...claims.storeIds] } : {}),
      ...(claims.totpEnrolment ? { enrol: true } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setJti(newDocumentId())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Issues a 15-minute platform operator token (audience `kassa-platform`). */
  async issuePlatform(claims: Omit<PlatformClaims, 'tokenId'>): Promise<string> {
    return new SignJWT({ ...(claims.totpEnrolment ? { enrol: true } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.adminId)
      .setJti(newDocumentId())
      .setIssuer(ISSUER)
      .setAudience(PLATFORM_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /**
   * Verifies a platform operator token: signature, issuer, audience `kassa-platform` and expiry.
   * A company token fails here (other audience), and a platform token fails `verify`.
   * @throws AppError 401 `token_expired` or `invalid_token`.
   */
  async verifyPlatform(token: string): Promise<PlatformClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: PLATFORM_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string')
        throw new AppError('invalid_token', 401, 'The access token is not valid');
      return { adminId: payload.sub, tokenId: payload.jti ?? '', totpEnrolment: payload.enrol === true };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired)
        throw new AppError('token_expired', 401, 'The access token has expired');
      throw new AppError('invalid_token', 401, 'The access token is not valid');
    }
  }

  /**
   * Verifies signature, issuer, audience and expiry.
   * @throws AppError 401 `token_expired` or `invalid_token`.
   */
  async verify(token: string): Promise<AccessClaims> {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expiresAtMs > Date.now()) return hit.claims;
      this.verified.delete(token);
    }
    const { claims, expiresAtMs } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims, expiresAtMs });
    return claims;
  }

  private async verifySignature(token: string): Promise<{ claims: AccessClaims; expiresAtMs: number }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const role = payload.role as RoleName;
      if (typeof payload.sub !== 'string' || typeof payload.cid !== 'string' || !ROLE_NAMES.includes(role)) {
        throw new AppError('invalid_token', 401, 'The access token is not valid');
      }
      const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
      const perms = payload.perms;
      const stores = payload.stores;
      if (
        (perms !== undefined &&
          (!Array.isArray(perms) || !perms.every((p) => PERMISSIONS.includes(p as Permission)))) ||
        (stores !== undefined && (!Array.isArray(stores) || !stores.every((x) => typeof x === 'string')))
      )
        throw new AppError('invalid_token', 401, 'The access token is not valid');
      const claims: AccessClaims = {
        userId: payload.sub,
        companyId: payload.cid,
        role,
        tokenId: payload.jti ?? '',
        sessionId,
        ...(perms ? { permissions: perms as Permission[] } : {}),
        ...(stores ? { storeIds: stores } : {}),
        ...(payload.enrol === true ? { totpEnrolment: true } : {}),
      };
      // jwtVerify refuses a token without exp only when asked to; such a token is not cached.
      return { claims, expiresAtMs: payload.exp === undefined ? 0 : payload.exp * 1000 };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired)
        throw new AppError('token_expired', 401, 'The access token has expired');
      throw new AppError('invalid_token', 401, 'The access token is not valid');
    }
  }
}

/** A refresh token as sent to the browser: `<companyId>.<tokenId>.<secret>`; only the secret's hash is stored. */
export type RefreshTokenParts = { companyId: string; tokenId: string; secret: string };

export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function formatRefreshToken(parts: RefreshTokenParts): string {
  return `${parts.companyId}.${parts.tokenId}.${parts.secret}`;
}

/** Splits a refresh cookie; undefined when it is not of our shape. */
export function parseRefreshToken(value: string): RefreshTokenParts | undefined {
  const [companyId, tokenId, secret, extra] = value.split('.');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!companyId || !tokenId || !secret || extra !== undefined) return undefined;
  if (!uuid.test(companyId) || !uuid.test(tokenId)) return undefined;
  return { companyId, tokenId, secret };
}
