import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, withCompanyTx, type DatabaseHandle, type KassaDb } from '@kassa/db';
import type { LoginResponse, Store } from '@kassa/contracts';
import { buildApp, type BuildAppOptions } from '../src/app.ts';
import { KeyRing } from '../src/modules/audit/keyring.ts';
import { AccessTokens } from '../src/modules/auth/tokens.ts';
import { databaseUrlFor } from './db-url.ts';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A fresh database cloned from the run's migrated, seeded template. */
export async function cloneTemplateDatabase(): Promise<DatabaseHandle> {
  const template = inject('template');
  if (template.kind === 'pglite') {
    const blob = new Blob([readFileSync(template.dumpFile)]);
    return openDatabase({ loadDataDir: blob, migrate: false });
  }
  // Named after the run's pid (kassa_tpl_<pid>_<ms>) so the global teardown drops it.
  const finalName = `kassa_t_${template.templateDb.split('_')[2]}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${finalName} TEMPLATE ${template.templateDb}`);
  await admin.end();
  return openDatabase({
    databaseUrl: databaseUrlFor(template.baseUrl, finalName),
    migrate: false,
    poolSize: 8,
  });
}

export type TestContext = {
  app: FastifyInstance;
  db: KassaDb;
  handle: DatabaseHandle;
  tokens: AccessTokens;
  close(): Promise<void>;
};

/** The master key of test apps (envelope encryption of audit fields). */
export const TEST_MASTER_KEY = { id: 'test-k1', key: Buffer.alloc(32, 7) };

/**
 * The application on a fresh clone of the template database, driven through `app.inject`.
 * `options` override the defaults (e.g. another key ring or lockout policy).
 */
export async function createTestApp(options: Partial<BuildAppOptions> = {}): Promise<TestContext> {
  const handle = await cloneTemplateDatabase();
  const tokens = new AccessTokens(TEST_JWT_SECRET);
  const app = await buildApp({
    db: handle.db,
    tokens,
    secureCookies: false,
    keys: new KeyRing(TEST_MASTER_KEY),
    ...options,
  });
  await app.ready();
  return {
    app,
    db: handle.db,
    handle,
    tokens,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export const DEMO_PASSWORD = 'kassa-demo';

/** Signs in through the API and returns the session body. */
export async function login(
  app: FastifyInstance,
  email: string,
  password = DEMO_PASSWORD,
): Promise<LoginResponse> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  return res.json<LoginResponse>();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The demo company's stores through the API. */
export async function stores(app: FastifyInstance, token: string): Promise<Store[]> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/stores', headers: bearer(token) });
  return res.json<{ items: Store[] }>().items;
}

/**
 * Row counts and sums that any write would change, seen from inside one company: used to prove
 * that a refused request wrote nothing.
 */
export async function companyFootprint(db: KassaDb, companyId: string): Promise<Record<string, string>> {
  return withCompanyTx(db, companyId, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from sales)::text as sales,
      (select count(*) from sale_lines)::text as sale_lines,
      (select count(*) from tenders)::text as tenders,
      (select count(*) from stock_movements)::text as stock_movements,
      (select coalesce(sum(on_hand), 0)::text from stock_levels) as stock_on_hand,
      (select coalesce(sum(next_receipt_seq), 0)::text from registers) as receipt_seqs,
      (select count(*) from refresh_tokens)::text as refresh_tokens`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
}

/** Runs raw SQL against a query function. */
export type RawQuery = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/**
 * Runs `fn` as the connecting superuser (the table owner), outside the application role and its
 * row-level security: to play an attacker with database access. PGlite: the handle's own
 * connection after `RESET ROLE` (restored afterwards); PostgreSQL: a separate client.
 */
export async function asSuperuser<T>(
  handle: DatabaseHandle,
  fn: (query: RawQuery) => Promise<T>,
): Promise<T> {
  if (handle.pglite) {
    const pglite = handle.pglite;
    await pglite.exec('RESET ROLE');
    try {
      return await fn(async (text, params) => (await pglite.query(text, params)).rows as never);
    } finally {
      await pglite.exec('SET ROLE kassa_app');
    }
  }
  const client = new pg.Client({ connectionString: handle.pool!.options.connectionString });
  await client.connect();
  try {
    return await fn(async (text, params) => (await client.query(text, params)).rows as never);
  } finally {
    await client.end();
  }
}
