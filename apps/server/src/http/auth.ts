import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  PLATFORM_PERMISSIONS,
  ROLE_PERMISSIONS,
  type Permission,
  type PlatformPermission,
} from '@kassa/domain';
import type { KassaDb, LeadStatement, SessionCheck } from '@kassa/db';
import { SessionEndedError, withCompanyTx } from '@kassa/db';
import { AppError } from '../errors.ts';
import type { Ctx, Principal } from '../context.ts';
import type { Revocations } from '../modules/auth/revocation.ts';
import type { AccessTokens, PlatformClaims } from '../modules/auth/tokens.ts';

/**
 * What a route requires: a named company permission, any signed-in user, a platform permission
 * (a platform operator's token, see PLATFORM_PERMISSIONS), or nothing.
 */
export type RoutePermission = Permission | PlatformPermission | 'authenticated' | 'public';

const isPlatformPermission = (p: RoutePermission): p is PlatformPermission =>
  (PLATFORM_PERMISSIONS as readonly string[]).includes(p);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must declare this; the server refuses to start otherwise. */
    permission?: RoutePermission;
    /**
     * `transaction`: the check that the caller's session is still active runs in the same round
     * trip as the BEGIN of the handler's `inCompanyTx` instead of before the handler (one round
     * trip less on a hot route). Only for handlers that call `inCompanyTx` before anything else.
     */
    sessionCheck?: 'transaction';
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The platform operator of a platform route (permission `platform.admin`). */
    platformPrincipal: PlatformClaims | undefined;
    /** A session check left to the request's transaction (route config `sessionCheck`). */
    pendingSessionCheck: SessionCheck | undefined;
  }
  interface FastifyInstance {
    /** Every API route with the permission it declared, in registration order (for review and tests). */
    routePermissions: RoutePermissionEntry[];
  }
}

export type RoutePermissionEntry = {
  method: string;
  url: string;
  permission: RoutePermission;
  /** Set on the routes whose session check rides on their transaction (config `sessionCheck`). */
  sessionCheck?: 'transaction';
};

/** The only routes a session that must first enrol in two-factor sign-in may call. */
const TOTP_ENROLMENT_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/auth/me',
  '/api/v1/auth/totp/setup',
  '/api/v1/auth/totp/confirm',
  '/api/v1/auth/sessions',
  '/api/v1/auth/sessions/:id',
]);

/** The only platform routes a platform admin who has not confirmed TOTP yet may call. */
const PLATFORM_ENROLMENT_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/platform/auth/totp/setup',
  '/api/v1/platform/auth/totp/confirm',
]);

/**
 * Verifies the bearer token of a platform route. A valid company token is a 403 (signed in, but
 * not as a platform operator); an enrolment-only token opens only PLATFORM_ENROLMENT_ROUTES.
 * @throws AppError 401 `invalid_token`/`token_expired`; 403 `forbidden`, `totp_enrolment_required`.
 */
async function verifyPlatformRequest(
  tokens: AccessTokens,
  token: string,
  url: string,
): Promise<PlatformClaims> {
  let claims: PlatformClaims;
  try {
    claims = await tokens.verifyPlatform(token);
  } catch (err) {
    const companyToken = await tokens.verify(token).then(
      () => true,
      () => false,
    );
    if (companyToken)
      throw new AppError('forbidden', 403, 'This needs a platform operator sign-in', {
        permission: 'platform.admin',
      });
    throw err;
  }
  if (claims.totpEnrolment && !PLATFORM_ENROLMENT_ROUTES.has(url))
    throw new AppError('totp_enrolment_required', 403, 'Set up two-factor sign-in first');
  return claims;
}

/**
 * Installs authentication and authorization: every /api route must declare `config.permission`
 * (checked when the route is added), the bearer token is verified before the body is validated,
 * its session must still be active (`revocations`), and a missing permission is a 403.
 */
export function installAuth(app: FastifyInstance, tokens: AccessTokens, revocations: Revocations): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('platformPrincipal', undefined);
  app.decorateRequest('pendingSessionCheck', undefined);
  const table: RoutePermissionEntry[] = [];
  app.decorate('routePermissions', table);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = route.config?.permission;
    if (permission === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.permission`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        table.push({
          method,
          url: route.url,
          permission,
          ...(route.config?.sessionCheck === 'transaction' ? { sessionCheck: 'transaction' as const } : {}),
        });
    }
  });

  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return;
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer '))
      throw new AppError('unauthorized', 401, 'Sign in first: no bearer token');
    if (isPlatformPermission(permission)) {
      request.platformPrincipal = await verifyPlatformRequest(
        tokens,
        header.slice('Bearer '.length).trim(),
        request.routeOptions.url ?? '',
      );
      return;
    }
    const claims = await tokens.verify(header.slice('Bearer '.length).trim());
    // Logout, session revocation and disabling the user end the session at once, not at expiry.
    if (!claims.sessionId) throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
    const session = { companyId: claims.companyId, userId: claims.userId, sessionId: claims.sessionId };
    if (request.routeOptions.config.sessionCheck === 'transaction' && revocations.checkInTransaction)
      // inCompanyTx checks it with the BEGIN: still a 401 with nothing written, one round trip less.
      request.pendingSessionCheck = session;
    else if (!(await revocations.isActive(session)))
      throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
    // A session that must enrol in two-factor first may only do that (and see who it is).
    if (claims.totpEnrolment && !TOTP_ENROLMENT_ROUTES.has(request.routeOptions.url ?? ''))
      throw new AppError(
        'totp_enrolment_required',
        403,
        'Your company requires two-factor sign-in: set it up first',
      );
    // A custom role's permissions and a store scope ride in the token (see modules/users/access.ts).
    const permissions = claims.permissions ?? ROLE_PERMISSIONS[claims.role];
    request.principal = {
      companyId: claims.companyId,
      userId: claims.userId,
      role: claims.role,
      permissions,
      sessionId: claims.sessionId,
      storeIds: claims.storeIds ?? null,
    };
    if (permission !== 'authenticated' && !permissions.includes(permission)) {
      throw new AppError('forbidden', 403, `This needs the permission ${permission}`, { permission });
    }
  });
}

/** The principal of an authenticated route. @throws AppError 401 when the route was public. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 401, 'Sign in first');
  return request.principal;
}

/** The platform operator of a platform route. @throws AppError 401 when the route was not one. */
export function platformPrincipalOf(request: FastifyRequest): PlatformClaims {
  if (!request.platformPrincipal) throw new AppError('unauthorized', 401, 'Sign in first');
  return request.platformPrincipal;
}

/**
 * Runs a use case in one transaction scoped to the caller's company: the context it receives
 * carries the principal, the request id and logger, and the transaction. A session check the
 * route left to the transaction (config `sessionCheck: 'transaction'`) runs first, then
 * `options.lead`, whose rows `fn` receives (both in the round trip of BEGIN on PostgreSQL).
 * @throws AppError 401 `invalid_token`, with nothing done, when that session has ended.
 */
export async function inCompanyTx<T>(
  db: KassaDb,
  request: FastifyRequest,
  fn: (ctx: Ctx, leadRows: unknown[] | undefined) => Promise<T>,
  options: { lead?: LeadStatement } = {},
): Promise<T> {
  const principal = principalOf(request);
  const session = request.pendingSessionCheck;
  try {
    return await withCompanyTx(
      db,
      principal.companyId,
      (tx, leadRows) => fn({ ...principal, requestId: request.id, log: request.log, tx }, leadRows),
      { ...(session ? { session } : {}), ...options },
    );
  } catch (err) {
    if (err instanceof SessionEndedError)
      throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
    throw err;
  }
}
