import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PlatformCompanyList,
  PlatformLoginRequest,
  PlatformLoginResponse,
  PlatformTotpSetupResponse,
  Problem,
  TotpCodeRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { platformPrincipalOf } from '../../http/auth.ts';
import { DEFAULT_LOGIN_RATE_LIMITS, loginRateLimit } from '../../http/rate-limits.ts';
import { DEFAULT_LOCKOUT_POLICY } from '../auth/lockout.ts';
import * as service from './platform.service.ts';

/** The platform operator's API: sign-in with mandatory TOTP, and the companies of the platform. */
export const platformRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.post(
    '/platform/auth/login',
    {
      config: { permission: 'public' },
      preHandler: loginRateLimit(app, deps.loginRateLimits ?? DEFAULT_LOGIN_RATE_LIMITS),
      schema: {
        tags: ['platform'],
        summary: 'Platform operator sign-in (password and TOTP; enrolment-only token before TOTP is set up)',
        body: PlatformLoginRequest,
        response: { 200: PlatformLoginResponse, 401: Problem, 429: Problem },
      },
    },
    (request) =>
      service.platformLogin(
        deps.db,
        deps.tokens,
        deps.keys,
        deps.lockout ?? DEFAULT_LOCKOUT_POLICY,
        request.body,
      ),
  );

  app.post(
    '/platform/auth/totp/setup',
    {
      config: { permission: 'platform.admin' },
      schema: {
        tags: ['platform'],
        summary: 'Start TOTP enrolment: secret, otpauth URI and recovery codes (shown once)',
        security,
        response: { 200: PlatformTotpSetupResponse, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    (request) => service.setupPlatformTotp(deps.db, deps.keys, platformPrincipalOf(request).adminId),
  );

  app.post(
    '/platform/auth/totp/confirm',
    {
      config: { permission: 'platform.admin' },
      schema: {
        tags: ['platform'],
        summary: 'Confirm TOTP enrolment with a code; answers a full platform session',
        security,
        body: TotpCodeRequest,
        response: { 200: PlatformLoginResponse, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    (request) =>
      service.confirmPlatformTotp(
        deps.db,
        deps.tokens,
        deps.keys,
        platformPrincipalOf(request).adminId,
        request.body.code,
      ),
  );

  app.get(
    '/platform/companies',
    {
      config: { permission: 'platform.admin' },
      schema: {
        tags: ['platform'],
        summary: 'Every company of the platform with its number of stores',
        security,
        response: { 200: PlatformCompanyList, 401: Problem, 403: Problem },
      },
    },
    (request) => service.listCompanies(deps.db, platformPrincipalOf(request).adminId),
  );
};
