import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginRequest, LoginResponse, MeResponse, PinLoginRequest, Problem } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { REFRESH_TOKEN_TTL_SECONDS } from './tokens.ts';
import { requireCsrfHeader } from '../../http/csrf.ts';
import { DEFAULT_LOGIN_RATE_LIMITS, loginRateLimit } from '../../http/rate-limits.ts';
import * as service from './auth.service.ts';
import { DEFAULT_LOCKOUT_POLICY } from './lockout.ts';

export const REFRESH_COOKIE = 'kassa_refresh';
const COOKIE_PATH = '/api/v1/auth';

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const setRefreshCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      path: COOKIE_PATH,
      maxAge: REFRESH_TOKEN_TTL_SECONDS,
    });

  app.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      preHandler: loginRateLimit(app, deps.loginRateLimits ?? DEFAULT_LOGIN_RATE_LIMITS),
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginRequest,
        response: { 200: LoginResponse, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await service.login(deps.db, deps.tokens, request.body, {
        requestId: request.id,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        keys: deps.keys,
        lockout: deps.lockout ?? DEFAULT_LOCKOUT_POLICY,
      });
      setRefreshCookie(reply, session.refreshToken);
      return session.body;
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { permission: 'public' },
      onRequest: requireCsrfHeader,
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh cookie and get a new access token',
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const session = await service.refresh(
        deps.db,
        deps.tokens,
        deps.revocations,
        request.cookies[REFRESH_COOKIE],
      );
      setRefreshCookie(reply, session.refreshToken);
      return session.body;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'public' },
      onRequest: requireCsrfHeader,
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await service.logout(deps.db, deps.revocations, request.cookies[REFRESH_COOKIE]);
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/pin',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Switch the user on this device by PIN',
        security: [{ bearerAuth: [] }],
        body: PinLoginRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const session = await inCompanyTx(deps.db, request, (ctx) =>
        service.pinLogin(ctx, deps.tokens, request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        }),
      );
      setRefreshCookie(reply, session.refreshToken);
      return session.body;
    },
  );

  app.get(
    '/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ bearerAuth: [] }],
        response: { 200: MeResponse },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.me(ctx)),
  );
};
