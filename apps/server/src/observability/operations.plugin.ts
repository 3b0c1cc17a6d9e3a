/**
 * Operations endpoints and hooks, registered once at the root: request logs carry the company
 * and user after authentication, every response feeds the HTTP duration histogram, and the
 * routes GET /health/ready and (with a token) GET /metrics.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { KassaDb } from '@kassa/db';
import { AppError } from '../errors.ts';
import { checkReadiness } from '../modules/health/readiness.ts';
import {
  enableProcessMetrics,
  httpRequestDuration,
  metricsRegistry,
  trackPool,
  type PoolStats,
} from './metrics.ts';

/** What the operator configured for readiness and metrics (from the environment, see config.ts). */
export type OperationsOptions = {
  /** The PostgreSQL pool, reported in kassa_db_pool_connections. */
  pool?: PoolStats;
  /** Redis to PING in /health/ready (REDIS_URL). */
  redisUrl?: string;
  /** Directory whose free disk /health/ready checks (the PGlite data directory). */
  diskPath?: string;
  minFreeDiskMb?: number;
  /** KASSA_BACKUP_DIR and KASSA_BACKUP_MAX_AGE_HOURS (0 leaves the backup check out). */
  backupDir?: string;
  backupMaxAgeHours?: number;
  /** Bearer token for GET /metrics; without it the route does not exist. */
  metricsToken?: string;
  /** Bound on each readiness check in milliseconds (default 2000). */
  checkTimeoutMs?: number;
};

const Check = z.object({
  status: z.enum(['ok', 'warn', 'fail']),
  durationMs: z.number(),
  detail: z.string().optional(),
});
const ReadinessBody = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), Check),
});

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented bearer token with the configured one. */
function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}

/** A Redis client for health checks: connects on first use, fails fast instead of queueing while down. */
export async function healthRedis(url: string): Promise<Redis> {
  // Loaded only here: a server without REDIS_URL does not keep ioredis resident.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Errors surface through the failing PING; without a listener ioredis prints each retry.
  redis.on('error', () => undefined);
  return redis;
}

/** Redis PING that connects first when the client has not connected yet. */
export function pingRedis(redis: Redis): () => Promise<string> {
  return async () => {
    if (redis.status === 'wait') await redis.connect();
    return redis.ping();
  };
}

const plugin: FastifyPluginAsync<OperationsOptions & { db: KassaDb }> = async (fastify, options) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  enableProcessMetrics();
  if (options.pool) {
    const untrack = trackPool(options.pool);
    app.addHook('onClose', async () => {
      untrack();
    });
  }

  // After authentication (an earlier onRequest hook), every line of this request names its caller.
  app.addHook('onRequest', async (request, reply) => {
    const principal = request.principal;
    if (!principal) return;
    const log = request.log.child({ companyId: principal.companyId, userId: principal.userId });
    request.log = log;
    reply.log = log;
  });

  app.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        // The route pattern (/api/v1/sales/:id), never the raw URL: ids would explode the label set.
        route: request.routeOptions.url ?? '(unmatched)',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const redis = options.redisUrl ? await healthRedis(options.redisUrl) : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());

  app.get(
    '/health/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Ready to serve: database, migrations, Redis, free disk and backup age, each timed',
        response: { 200: ReadinessBody, 503: ReadinessBody },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness({
        db: options.db,
        ...(redis ? { redis: { ping: pingRedis(redis) } } : {}),
        diskPath: options.diskPath,
        minFreeDiskMb: options.minFreeDiskMb,
        backupDir: options.backupDir,
        backupMaxAgeHours: options.backupMaxAgeHours,
        timeoutMs: options.checkTimeoutMs,
      });
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );

  const token = options.metricsToken;
  if (token) {
    app.get(
      '/metrics',
      { config: { permission: 'public' }, schema: { hide: true }, logLevel: 'warn' },
      async (request, reply) => {
        if (!bearerMatches(request.headers.authorization, token)) {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw new AppError('unauthorized', 401, 'GET /metrics needs the KASSA_METRICS_TOKEN bearer token');
        }
        return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
      },
    );
  }
};

// Not encapsulated: the hooks must apply to every route of the application (what fastify-plugin does).
Object.assign(plugin, { [Symbol.for('skip-override')]: true });

/** Registers readiness, metrics and request-log context; see OperationsOptions. */
export const operationsPlugin = plugin;
