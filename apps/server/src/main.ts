import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { countCompanies, openDatabase } from '@kassa/db';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@kassa/db/seed';
import { buildApp } from './app.ts';
import { loadEnv, type Env } from './config.ts';
import { hashSecret } from './modules/auth/passwords.ts';
import { AccessTokens } from './modules/auth/tokens.ts';

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
  const env = loadEnv();
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.KASSA_DATA_DIR },
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
    logger: { level: env.LOG_LEVEL },
    webDist: WEB_DIST,
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const where =
    database.kind === 'pglite' ? `embedded database in ${resolve(env.KASSA_DATA_DIR)}` : 'PostgreSQL';
  const url = `http://localhost:${env.PORT}`;
  console.log(`\nKassa is running on ${url} (${where})${seeded ? ', demo data seeded' : ''}`);
  console.log(`  Terminal:  ${url}/pos`);
  console.log(`  API docs:  ${url}/api/docs`);
  if (env.KASSA_SEED_DEMO) {
    console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) console.log(`    ${l.role.padEnd(8)} ${l.email.padEnd(24)} PIN ${l.pin}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
