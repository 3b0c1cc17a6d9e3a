import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { PgDialect, PgSession } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import lockfile from 'proper-lockfile';
import pg from 'pg';
import { DB_PACKAGE_DIR } from './package-dir.ts';
import * as schema from './schema.ts';
import {
  leadChecksSession,
  leadSessionActive,
  pgCompanyTransaction,
  queryRows,
  sessionActive,
  SessionEndedError,
  type LeadStatement,
  type SessionCheck,
} from './raw.ts';

const SET_COMPANY = "select set_config('app.company_id', $1, true)";

/** Drizzle database over either driver. Queries run as the application role `kassa_app`. */
export type KassaDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, as passed to `db.transaction(fn)`. */
export type KassaTx = Parameters<Parameters<KassaDb['transaction']>[0]>[0];

/** The role every request runs as; row-level security applies to it (see migrations/0001_rls.sql). */
export const APP_ROLE = 'kassa_app';

/** packages/db/migrations, from the sources and from the server bundle alike. */
export const MIGRATIONS_FOLDER: string = join(DB_PACKAGE_DIR, 'migrations');

/** The statement of migrations/0001_rls.sql that a non-superuser owner cannot run once kassa_app exists. */
const UNGUARDED_GRANT = 'GRANT kassa_app TO CURRENT_USER;';

/**
 * What runs instead of UNGUARDED_GRANT. The owner must be a member of kassa_app to act as it
 * (`SET ROLE`, `-c role=`). A superuser, or an owner a DBA already made a member, needs nothing;
 * re-granting would fail for a non-superuser without ADMIN OPTION ("must have admin option on role
 * kassa_app"), which made a second database of the same cluster impossible to set up. When the
 * grant is needed and refused, the error names the one statement a superuser must run.
 */
export const GUARDED_GRANT = `DO $kassa$ BEGIN
  IF NOT pg_has_role(current_user, 'kassa_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT kassa_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'the database owner % is not a member of role kassa_app and may not grant it to itself', current_user
        USING HINT = format('As a superuser run: GRANT kassa_app TO %I;', current_user);
    END;
  END IF;
END $kassa$;`;

/**
 * Kassa's migrations as drizzle runs them, with the one statement applied migrations cannot be
 * edited to fix (0001's grant, see GUARDED_GRANT) replaced. Hashes stay those of the files, so a
 * database migrated before this change sees nothing new.
 */
export function kassaMigrations(): MigrationMeta[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({
    ...m,
    sql: m.sql.map((statement) =>
      statement.trim() === UNGUARDED_GRANT ? `\n${GUARDED_GRANT}\n` : statement,
    ),
  }));
}

/** Applies pending migrations (kassaMigrations) through drizzle's migrator on either driver. */
async function applyMigrations(db: object): Promise<void> {
  const { dialect, session } = db as { dialect: PgDialect; session: PgSession };
  await dialect.migrate(kassaMigrations(), session, { migrationsFolder: MIGRATIONS_FOLDER });
}

export type DatabaseHandle = {
  kind: 'pglite' | 'postgres';
  db: KassaDb;
  /** The raw PGlite instance (embedded mode only), e.g. to dump a template in tests. */
  pglite?: PGlite;
  /** The node-postgres pool (PostgreSQL mode only). */
  pool?: pg.Pool;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory (default `./data`); `memory://` keeps it in memory. Ignored with `databaseUrl`. */
  dataDir?: string;
  /** Start PGlite in memory from a dumped data directory (tests clone a migrated template). */
  loadDataDir?: Blob;
  /** Run pending migrations before handing out the connection (default true). */
  migrate?: boolean;
  /** node-postgres pool size (default 10). */
  poolSize?: number;
};

/** Raised when a second process tries to open a PGlite data directory that is in use. */
export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The Kassa data directory ${dataDir} is already in use by another process. ` +
        'Only one process may open an embedded database; stop the other Kassa server ' +
        'or set KASSA_DATA_DIR to a different directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Opens Kassa's database: PGlite in `dataDir` (locked against a second process) when no
 * `databaseUrl` is given, else a node-postgres pool. Migrations run as the connecting (owner)
 * user; afterwards every query runs as `kassa_app`, so row-level security applies.
 * @throws DataDirLockedError when the PGlite directory is held by another process.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let release: (() => Promise<void>) | undefined;
  let client: PGlite;
  if (options.loadDataDir) {
    client = await PGlite.create({ loadDataDir: options.loadDataDir });
  } else if (options.dataDir === 'memory://') {
    client = await PGlite.create();
  } else {
    const dataDir = resolve(options.dataDir ?? './data');
    mkdirSync(dataDir, { recursive: true });
    try {
      release = await lockfile.lock(dataDir, {
        stale: 20_000,
        update: 5_000,
        retries: 0,
        onCompromised: (err) => console.error(`kassa: lock on ${dataDir} compromised: ${err.message}`),
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
      throw err;
    }
    try {
      client = await PGlite.create({ dataDir });
    } catch (err) {
      await release();
      throw err;
    }
  }
  const db = drizzlePglite({ client, schema });
  try {
    if (options.migrate !== false) await applyMigrations(db);
    await client.exec(`SET ROLE ${APP_ROLE}`);
  } catch (err) {
    await client.close();
    await release?.();
    throw err;
  }
  return {
    kind: 'pglite',
    db: db as unknown as KassaDb,
    pglite: client,
    async close() {
      await client.close();
      await release?.();
    },
  };
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.migrate !== false) await migratePostgres(databaseUrl);
  // The role is a startup parameter of every pooled connection: no extra round trip per checkout.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    options: `-c role=${APP_ROLE}`,
  });
  // An idle client's error (e.g. server restart) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error(`kassa: idle database connection failed: ${err.message}`));
  // A connection can also drop while checked out between two queries (e.g. inside a transaction);
  // node-postgres then emits 'error' on the client, which would crash the process without a
  // listener. The failing query still rejects and the pool discards the client on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    releaseWhenBeginFails(client);
  });
  const db = drizzlePg({ client: pool, schema });
  return {
    kind: 'postgres',
    db: db as unknown as KassaDb,
    pool,
    async close() {
      await pool.end();
    },
  };
}

type BeginWatch = pg.PoolClient & { [beginWatched]?: true };
const beginWatched = Symbol('kassa.beginWatched');

/**
 * drizzle-orm (0.45) sends a transaction's `begin` before its try/finally, so a client whose
 * connection fails at `begin` is never released: every database outage would shrink the pool
 * for good, until requests wait forever. Such a client is released here, as broken, so the pool
 * replaces it. Only promise-style `begin` queries are watched (drizzle's form).
 */
function releaseWhenBeginFails(client: pg.PoolClient): void {
  const watched = client as BeginWatch;
  if (watched[beginWatched]) return;
  watched[beginWatched] = true;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (!(result instanceof Promise) || !text || !/^\s*begin\b/i.test(text)) return result;
    return result.catch((err: unknown) => {
      client.release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    });
  };
}

/** Runs pending migrations on PostgreSQL under an advisory lock, so several nodes may start at once. */
export async function migratePostgres(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7361001)');
    await applyMigrations(drizzlePg({ client }));
  } finally {
    await client.query('SELECT pg_advisory_unlock(7361001)').catch(() => undefined);
    await client.end();
  }
}

/**
 * Runs `fn` in a transaction scoped to one company: `app.company_id` is set for this transaction
 * only, so row-level security shows nothing of other companies whatever `fn` queries. With
 * `options.session`, the transaction first checks that this sign-in session is still active; with
 * `options.lead`, it runs that statement next and hands its rows to `fn`. On PostgreSQL both go in
 * the same round trip as BEGIN (see pgCompanyTransaction).
 * @throws SessionEndedError, with nothing done, when that session has ended.
 */
export async function withCompanyTx<T>(
  db: KassaDb,
  companyId: string,
  fn: (tx: KassaTx, leadRows: unknown[] | undefined) => Promise<T>,
  options: { session?: SessionCheck; lead?: LeadStatement } = {},
): Promise<T> {
  // PostgreSQL: BEGIN, set_config, the session check and the lead in one round trip.
  const onPostgres = await pgCompanyTransaction(db, companyId, fn, options);
  if (onPostgres) return onPostgres.result;
  return db.transaction(async (tx) => {
    // PGlite: no round trips to save; parameterised statements as before.
    await queryRows(tx, SET_COMPANY, [companyId]);
    const { session, lead } = options;
    const byLead = leadChecksSession(lead, session);
    if (session && !byLead && !(await sessionActive(tx, session))) throw new SessionEndedError();
    const leadRows = lead ? await queryRows(tx, lead.text, lead.values) : undefined;
    if (byLead && !leadSessionActive(leadRows)) throw new SessionEndedError();
    return fn(tx, leadRows);
  });
}

/** Number of companies on the platform (used to seed demo data only into an empty database). */
export async function countCompanies(db: KassaDb): Promise<number> {
  const result = (await db.execute(sql`select kassa_company_count() as n`)) as {
    rows: { n: string | number }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}
