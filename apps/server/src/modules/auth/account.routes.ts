import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PasswordResetConfirm,
  PasswordResetRequest,
  Problem,
  RecoveryCodesResponse,
  TotpCodeRequest,
  TotpDisableRequest,
  TotpSetupResponse,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { DEFAULT_LOGIN_RATE_LIMITS, loginRateLimit } from '../../http/rate-limits.ts';
import { mailDeps } from '../../mail/deps.ts';
import * as reset from './password-reset.service.ts';
import * as twoFactor from './two-factor.ts';

/** Password reset by e-mail and two-factor enrolment of the signed-in user. */
export const accountRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.post(
    '/auth/password-reset',
    {
      config: { permission: 'public' },
      // The sign-in limits (per IP and per account) also keep this from mailing an inbox to death.
      preHandler: loginRateLimit(app, deps.loginRateLimits ?? DEFAULT_LOGIN_RATE_LIMITS),
      schema: {
        tags: ['auth'],
        summary: 'Mail a password reset link (the same 202 whether or not the address exists)',
        body: PasswordResetRequest,
        response: { 202: z.null(), 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await reset.requestPasswordReset(deps.db, mailDeps(app, deps), request.body.email, {
        requestId: request.id,
        ip: request.ip,
        keys: deps.keys,
        log: request.log,
      });
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a mailed token (reset or invitation); ends every session',
        body: PasswordResetConfirm,
        response: { 204: z.null(), 400: Problem },
      },
    },
    async (request, reply) => {
      await reset.confirmPasswordReset(deps.db, deps.revocations, request.body.token, request.body.password, {
        requestId: request.id,
        keys: deps.keys,
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/totp/setup',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Start two-factor enrolment: a secret for an authenticator app',
        security,
        response: { 200: TotpSetupResponse, 409: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => twoFactor.setupTotp(ctx, deps.keys)),
  );

  app.post(
    '/auth/totp/confirm',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Confirm enrolment with a code; returns single-use recovery codes (shown once)',
        security,
        body: TotpCodeRequest,
        response: { 200: RecoveryCodesResponse, 400: Problem, 409: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => twoFactor.confirmTotp(ctx, deps.keys, request.body.code)),
  );

  app.post(
    '/auth/totp/disable',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in off (password required)',
        security,
        body: TotpDisableRequest,
        response: { 204: z.null(), 401: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      await inCompanyTx(deps.db, request, (ctx) => twoFactor.disableTotp(ctx, request.body.password));
      return reply.status(204).send(null);
    },
  );
};
