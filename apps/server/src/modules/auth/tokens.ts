import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ROLE_NAMES, newDocumentId, type RoleName } from '@kassa/domain';
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
};

/** Signs and verifies HS256 access tokens with one secret key. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Issues a 15-minute token naming the user, company, role and session. */
  async issue(claims: Omit<AccessClaims, 'tokenId' | 'sessionId'> & { sessionId?: string }): Promise<string> {
    return new SignJWT({
      cid: claims.companyId,
      role: claims.role,
      ...(claims.sessionId ? { sid: claims.sessionId } : {}),
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

  /**
   * Verifies signature, issuer, audience and expiry.
   * @throws AppError 401 `token_expired` or `invalid_token`.
   */
  async verify(token: string): Promise<AccessClaims> {
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
      return { userId: payload.sub, companyId: payload.cid, role, tokenId: payload.jti ?? '', sessionId };
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
