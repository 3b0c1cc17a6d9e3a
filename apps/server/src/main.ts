import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  autovacuumActive,
  countCompanies,
  openDatabase,
  startStatisticsUpkeep,
  type UpkeepTarget,
} from '@kassa/db';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@kassa/db/seed';
import { buildApp } from './app.ts';
import { ConfigError, loadDotEnv, loadEnv, type Env } from './config.ts';
import { gracefulShutdown } from './lifecycle.ts';
import { keyRingOf } from './modules/audit/master-keys.ts';
import { hashSecret } from './modules/auth/passwords.ts';
import { AccessTokens } from './modules/auth/tokens.ts';
import { loggerOptions, wantsPrettyLogs } from './observability/logger.ts';
import { startMetricsServer } from './observability/metrics.ts';
import { flushSentry, initSentry } from './observability/sentry.ts';
import { createMailer } from './mail/mailer.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The signing key: from the environment, else kept in the embedded data directory (created 0600). */
function jwtSecret(env: Env): string {
  if (env.KASSA_JWT_SECRET) return env.KASSA_JWT_SECRET;
  if (env.DATABASE_URL) {
    console.warn(
      'kassa: KASSA_JWT_SECRET is not set; using a random key, sessions end when the server restarts',
    );
    return randomBytes(48).toString('base64url');
  }
  const dir = resolve(env.KASSA_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  loadDotEnv();
  const env = loadEnv();
  await initSentry({ dsn: env.SENTRY_DSN, environment: env.NODE_ENV });
  const database = await openDatabase(
    env.DATABASE_URL
      ? { databaseUrl: env.DATABASE_URL, poolSize: env.KASSA_DB_POOL_SIZE }
      : { dataDir: env.KASSA_DATA_DIR },
  );
  // Statistics where autovacuum does not keep them (see packages/db/src/upkeep.ts).
  const target: UpkeepTarget | undefined = database.pglite
    ? { kind: 'pglite', pglite: database.pglite }
    : database.pool
      ? { kind: 'postgres', pool: database.pool }
      : undefined;
  const upkeep =
    target && env.KASSA_STATS_UPKEEP_SECONDS > 0
      ? startStatisticsUpkeep(target, {
          intervalMs: env.KASSA_STATS_UPKEEP_SECONDS * 1000,
          onError: (err) => console.error(`kassa: statistics upkeep failed: ${err.message}`),
        })
      : undefined;
  if (target?.kind === 'postgres' && !(await autovacuumActive(target)))
    console.warn(
      'kassa: autovacuum is off on this PostgreSQL server: Kassa analyses changed tables itself' +
        `${upkeep ? '' : ' (not now: KASSA_STATS_UPKEEP_SECONDS=0)'}, but nothing removes dead rows; turn autovacuum on`,
    );
  let seeded = false;
  if (env.KASSA_SEED_DEMO && (await countCompanies(database.db)) === 0) {
    await seedDemo(database.db, { hashSecret, log: (m) => console.log(`kassa: ${m}`) });
    seeded = true;
  }
  const app = await buildApp({
    db: database.db,
    tokens: new AccessTokens(jwtSecret(env)),
    secureCookies: env.NODE_ENV === 'production',
    keys: keyRingOf(env),
    lockout: {
      maxFailures: env.KASSA_LOGIN_MAX_FAILURES,
      windowMs: env.KASSA_LOGIN_WINDOW_MINUTES * 60_000,
      baseLockMs: env.KASSA_LOGIN_LOCK_MINUTES * 60_000,
      maxLockMs: 24 * 60 * 60_000,
    },
    logger: loggerOptions({ level: env.LOG_LEVEL, pretty: wantsPrettyLogs(env.NODE_ENV) }),
    webDist: WEB_DIST,
    corsOrigins: env.KASSA_CORS_ORIGINS,
    // Without SMTP_URL the app prints each mail to its log (development).
    ...(env.SMTP_URL
      ? {
          mailer: createMailer({
            smtpUrl: env.SMTP_URL,
            from: env.KASSA_MAIL_FROM,
            log: { info: () => undefined },
          }),
        }
      : {}),
    ...(env.KASSA_PUBLIC_URL ? { publicUrl: env.KASSA_PUBLIC_URL } : {}),
    operations: {
      pool: database.pool,
      redisUrl: env.REDIS_URL,
      diskPath: database.kind === 'pglite' ? env.KASSA_DATA_DIR : env.KASSA_BACKUP_DIR,
      minFreeDiskMb: env.KASSA_MIN_FREE_DISK_MB,
      backupDir: env.KASSA_BACKUP_DIR,
      backupMaxAgeHours: env.KASSA_BACKUP_MAX_AGE_HOURS,
      metricsToken: env.KASSA_METRICS_TOKEN,
    },
  });
  const metricsServer =
    env.METRICS_PORT !== undefined ? await startMetricsServer(env.METRICS_PORT, env.METRICS_HOST) : undefined;

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // A last resort if closing itself hangs (e.g. a database that never answers).
    setTimeout(() => {
      console.error('kassa: shutdown did not finish in time; exiting');
      process.exit(1);
    }, env.KASSA_SHUTDOWN_TIMEOUT_MS + 5000).unref();
    gracefulShutdown({
      app: { close: () => app.close(), closeAllConnections: () => app.server.closeAllConnections() },
      database: {
        close: async () => {
          await upkeep?.stop();
          await database.close();
        },
      },
      extra: [
        ...(metricsServer ? [() => new Promise<void>((r) => metricsServer.close(() => r()))] : []),
        () => flushSentry().then(() => undefined),
      ],
      timeoutMs: env.KASSA_SHUTDOWN_TIMEOUT_MS,
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
    })
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(`kassa: shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const where =
    database.kind === 'pglite' ? `embedded database in ${resolve(env.KASSA_DATA_DIR)}` : 'PostgreSQL';
  const url = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  console.log(`\nKassa is running on ${url} (${where})${seeded ? ', demo data seeded' : ''}`);
  console.log(`  Terminal:  ${url}/pos`);
  console.log(`  API docs:  ${url}/api/docs`);
  console.log(`  Health:    ${url}/health/ready`);
  if (metricsServer) {
    const m = metricsServer.address() as AddressInfo;
    console.log(`  Metrics:   http://${env.METRICS_HOST}:${m.port}/metrics`);
  }
  if (env.KASSA_SEED_DEMO) {
    console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) console.log(`    ${l.role.padEnd(8)} ${l.email.padEnd(24)} PIN ${l.pin}`);
  }
}

main().catch((err: unknown) => {
  // A misconfiguration is a message for the operator, not a stack trace.
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  console.error(`kassa: ${message}`);
  process.exit(1);
});
