import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLE_PERMISSIONS, type Permission } from '@kassa/domain';
import type { KassaDb } from '@kassa/db';
import { withCompanyTx } from '@kassa/db';
import { AppError } from '../errors.ts';
import type { Ctx, Principal } from '../context.ts';
import type { Revocations } from '../modules/auth/revocation.ts';
import type { AccessTokens } from '../modules/auth/tokens.ts';

/** What a route requires: a named permission, any signed-in user, or nothing. */
export type RoutePermission = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must declare this; the server refuses to start otherwise. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyInstance {
    /** Every API route with the permission it declared, in registration order (for review and tests). */
    routePermissions: RoutePermissionEntry[];
  }
}

export type RoutePermissionEntry = { method: string; url: string; permission: RoutePermission };

/**
 * Installs authentication and authorization: every /api route must declare `config.permission`
 * (checked when the route is added), the bearer token is verified before the body is validated,
 * its session must still be active (`revocations`), and a missing permission is a 403.
 */
export function installAuth(app: FastifyInstance, tokens: AccessTokens, revocations: Revocations): void {
  app.decorateRequest('principal', undefined);
  const table: RoutePermissionEntry[] = [];
  app.decorate('routePermissions', table);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = route.config?.permission;
    if (permission === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.permission`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, permission });
    }
  });

  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return;
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer '))
      throw new AppError('unauthorized', 401, 'Sign in first: no bearer token');
    const claims = await tokens.verify(header.slice('Bearer '.length).trim());
    // Logout, session revocation and disabling the user end the session at once, not at expiry.
    if (
      !claims.sessionId ||
      !(await revocations.isActive({
        companyId: claims.companyId,
        userId: claims.userId,
        sessionId: claims.sessionId,
      }))
    )
      throw new AppError('invalid_token', 401, 'The session has ended; sign in again');
    const permissions = ROLE_PERMISSIONS[claims.role];
    request.principal = {
      companyId: claims.companyId,
      userId: claims.userId,
      role: claims.role,
      permissions,
      sessionId: claims.sessionId,
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

/**
 * Runs a use case in one transaction scoped to the caller's company: the context it receives
 * carries the principal, the request id and logger, and the transaction.
 */
export function inCompanyTx<T>(
  db: KassaDb,
  request: FastifyRequest,
  fn: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const principal = principalOf(request);
  return withCompanyTx(db, principal.companyId, (tx) =>
    fn({ ...principal, requestId: request.id, log: request.log, tx }),
  );
}
