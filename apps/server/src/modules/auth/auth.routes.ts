import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginRequest, LoginResponse, MeResponse, PinLoginRequest } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { REFRESH_TOKEN_TTL_SECONDS } from './tokens.ts';
import * as service from './auth.service.ts';

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
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const session = await service.login(deps.db, deps.tokens, request.body);
      setRefreshCookie(reply, session.refreshToken);
      return session.body;
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh cookie and get a new access token',
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const session = await service.refresh(deps.db, deps.tokens, request.cookies[REFRESH_COOKIE]);
      setRefreshCookie(reply, session.refreshToken);
      return session.body;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await service.logout(deps.db, request.cookies[REFRESH_COOKIE]);
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
        service.pinLogin(ctx, deps.tokens, request.body),
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
