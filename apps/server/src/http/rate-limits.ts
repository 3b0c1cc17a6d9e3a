import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { AppError } from '../errors.ts';

/** Sign-in attempts allowed per time window, per client IP and per account (the e-mail typed). */
export type LoginRateLimits = { perIp: number; perAccount: number; windowMs: number };

/**
 * 100 attempts a minute per IP (a store's terminals often share one address), 10 per account:
 * far above a person typing, far below a password-guessing script. The account lockout
 * (auth/lockout.ts) is the slower, durable wall behind these.
 */
export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = { perIp: 100, perAccount: 10, windowMs: 60_000 };

/**
 * Registers @fastify/rate-limit (not global: routes opt in), counting in Redis when `redisUrl` is
 * given so that every node shares the counters, else in this process. A Redis failure lets the
 * request through (logged): the database lockout still applies.
 */
export async function installRateLimits(app: FastifyInstance, redisUrl: string | undefined): Promise<void> {
  // ioredis is loaded only with a URL: a server without REDIS_URL does not keep it resident.
  const redis = redisUrl
    ? new (await import('ioredis')).Redis(redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      })
    : undefined;
  if (redis) {
    redis.on('error', () => undefined); // skipOnError lets requests through while Redis is down
    app.addHook('onClose', async () => void redis.disconnect());
  }
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    nameSpace: 'kassa-rl:',
    ...(redis ? { redis } : {}),
  });
}

/**
 * A preHandler for the sign-in route (the body is parsed by then): counts the attempt against the
 * client's IP and against the account named by `email`, and refuses either over its limit with
 * 429 `rate_limited` and Retry-After. The answer is the same for known and unknown addresses.
 */
export function loginRateLimit(app: FastifyInstance, limits: LoginRateLimits) {
  const perIp = app.createRateLimit({
    max: limits.perIp,
    timeWindow: limits.windowMs,
    keyGenerator: (req) => `login-ip:${req.ip}`,
  });
  const perAccount = app.createRateLimit({
    max: limits.perAccount,
    timeWindow: limits.windowMs,
    keyGenerator: (req) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      return `login-account:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
    },
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const limiter of [perIp, perAccount]) {
      const result = await limiter(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds));
        throw new AppError('rate_limited', 429, 'Too many sign-in attempts; try again later', {
          retryAfterSeconds: result.ttlInSeconds,
        });
      }
    }
  };
}
