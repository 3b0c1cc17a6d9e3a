import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { newDocumentId } from '@kassa/domain';
import { API_PREFIX } from '@kassa/contracts';
import type { AppDeps } from './deps.ts';
import { installAuth } from './http/auth.ts';
import { errorHandler, notFoundProblem } from './http/problem.ts';
import { installRateLimits } from './http/rate-limits.ts';
import { approvalRoutes } from './modules/approvals/approvals.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { databaseRevocations, redisRevocations, type Revocations } from './modules/auth/revocation.ts';
import { sessionRoutes } from './modules/auth/sessions.routes.ts';
import { installPinThrottle } from './modules/auth/pin-throttle.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { catalogAdminRoutes } from './modules/catalog/catalog-admin.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { reportAndExportRoutes } from './modules/exports/exports.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { pricingRoutes } from './modules/pricing/pricing.routes.ts';
import { operationsPlugin } from './observability/operations.plugin.ts';
import { salesRoutes } from './modules/sales/sales.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { shiftRoutes } from './modules/shifts/shifts.routes.ts';
import { refundRoutes } from './modules/refunds/refunds.routes.ts';
import { storeCreditRoutes } from './modules/store-credits/store-credits.routes.ts';
import { parkedRoutes } from './modules/parked/parked.routes.ts';
import { exchangeRoutes } from './modules/exchanges/exchanges.routes.ts';
import { customerRoutes } from './modules/customers/customers.routes.ts';
import { salesHistoryRoutes } from './modules/sales-history/sales-history.routes.ts';
import { ageCheckRoutes } from './modules/age-checks/age-checks.routes.ts';
import { receiptRoutes } from './modules/receipts/receipts.routes.ts';
import { storeRoutes } from './modules/stores/stores.routes.ts';
import { storesAdminRoutes } from './modules/stores/stores-admin.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { accountRoutes } from './modules/auth/account.routes.ts';
import { platformRoutes } from './modules/platform/platform.routes.ts';

export type BuildAppOptions = Omit<AppDeps, 'revocations'> & {
  /** The session deny-list; by default Redis when `operations.redisUrl` is set, else the database. */
  revocations?: Revocations;
  logger?: FastifyServerOptions['logger'];
  /** Built web app to serve at / (the terminal lives at /pos). Skipped when missing. */
  webDist?: string;
  /** Origins allowed to call the API from another site; none by default (same origin only). */
  corsOrigins?: string[];
};

/**
 * Builds the Fastify application: the JSON API under /api/v1 (Zod-validated, every route with a
 * declared permission), OpenAPI at /api/openapi.json and /api/docs, /health, and the web app.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      // A UUIDv7 from the domain's pooled generator (uuid's draws random bytes for every id).
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newDocumentId();
    },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Helmet's security headers, its middleware built once: @fastify/helmet builds it again for every
  // request (3 % of the server's CPU on the sale path, measured with perf in the checkout bench).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval' lets the terminal compile WebAssembly (hash-wasm's argon2id, to check
        // a PIN offline against the hashes on the device); it allows no JavaScript eval.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Terminals often reach a store server over plain HTTP on the LAN; upgrading would break them.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  await app.register(cors, {
    origin: options.corsOrigins && options.corsOrigins.length > 0 ? options.corsOrigins : false,
    credentials: true,
  });
  await app.register(cookie);
  await installRateLimits(app, options.operations?.redisUrl);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kassa API',
        version: '1',
        description: 'Point of sale API. Amounts are integer minor units.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const revocations =
    options.revocations ??
    (options.operations?.redisUrl
      ? await redisRevocations(options.db, options.operations.redisUrl)
      : databaseRevocations(options.db));
  app.addHook('onClose', () => revocations.close());
  installAuth(app, options.tokens, revocations);
  installPinThrottle(app, options.db, options.pinLimits);
  await app.register(operationsPlugin, { db: options.db, ...options.operations });
  const deps: AppDeps = {
    db: options.db,
    tokens: options.tokens,
    secureCookies: options.secureCookies,
    keys: options.keys,
    lockout: options.lockout,
    loginRateLimits: options.loginRateLimits,
    revocations,
    mailer: options.mailer,
    publicUrl: options.publicUrl,
  };
  await app.register(healthRoutes, deps);
  // WebSocket support for the whole app (the live dashboard); routes opt in with `websocket: true`.
  await app.register(websocket);
  await app.register(
    async (api) => {
      await api.register(authRoutes, deps);
      await api.register(storeRoutes, deps);
      await api.register(storesAdminRoutes, deps);
      await api.register(settingsRoutes, deps);
      await api.register(catalogRoutes, deps);
      await api.register(catalogAdminRoutes, deps);
      await api.register(importRoutes, deps);
      await api.register(reportAndExportRoutes, deps);
      await api.register(dashboardRoutes, deps);
      await api.register(salesRoutes, deps);
      await api.register(shiftRoutes, deps);
      await api.register(refundRoutes, deps);
      await api.register(storeCreditRoutes, deps);
      await api.register(parkedRoutes, deps);
      await api.register(exchangeRoutes, deps);
      await api.register(customerRoutes, deps);
      await api.register(salesHistoryRoutes, deps);
      await api.register(ageCheckRoutes, deps);
      await api.register(receiptRoutes, deps);
      await api.register(auditRoutes, deps);
      await api.register(sessionRoutes, deps);
      await api.register(approvalRoutes, deps);
      await api.register(userRoutes, deps);
      await api.register(accountRoutes, deps);
      await api.register(pricingRoutes, deps);
      await api.register(platformRoutes, deps);
    },
    { prefix: API_PREFIX },
  );
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  const webDist = options.webDist;
  const indexHtml = webDist ? join(webDist, 'index.html') : undefined;
  if (webDist && indexHtml && existsSync(indexHtml)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: false });
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/pos'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage && webDist && indexHtml && existsSync(indexHtml))
      return reply.type('text/html').sendFile('index.html');
    return notFoundProblem(request, reply);
  });
  return app;
}
