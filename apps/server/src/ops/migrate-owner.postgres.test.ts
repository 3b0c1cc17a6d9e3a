/**
 * Migrations run by a database owner that is not a superuser, on a cluster where the application
 * role kassa_app already exists (a second Kassa database, or a DBA who created the role first).
 * migrations/0001_rls.sql's `GRANT kassa_app TO CURRENT_USER` fails there; the migrator runs a
 * guarded statement instead (packages/db GUARDED_GRANT).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, openDatabase } from '@kassa/db';
import { databaseUrlFor } from '../../test/db-url.ts';
import { PG_BASE_URL, postgresAvailable } from '../../test/ops.ts';

const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const created: { databases: string[]; roles: string[] } = { databases: [], roles: [] };

async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A LOGIN role without superuser or CREATEROLE, owning a new empty database; its connection URL. */
async function ownerWithDatabase(name: string, member: boolean): Promise<string> {
  await asSuperuser(async (c) => {
    // The role exists before the migrations run, as on a cluster that already hosts Kassa.
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kassa_app') THEN
        CREATE ROLE kassa_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF; END $$`);
    await c.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB`);
    created.roles.push(name);
    if (member) await c.query(`GRANT kassa_app TO ${name}`);
    await c.query(`CREATE DATABASE ${name} OWNER ${name}`);
    created.databases.push(name);
  });
  const url = new URL(databaseUrlFor(PG_BASE_URL, name));
  url.username = name;
  url.password = '';
  return url.toString();
}

afterAll(async () => {
  if (created.roles.length === 0) return;
  await asSuperuser(async (c) => {
    for (const db of created.databases) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    for (const role of created.roles) await c.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

describe.skipIf(!(await postgresAvailable()))(
  'migrations by a non-superuser database owner',
  { timeout: 120_000 },
  () => {
    it('migrate when a DBA made the owner a member of the existing kassa_app', async () => {
      const name = `kassa_owner_a_${tag}`;
      const url = await ownerWithDatabase(name, true);
      // The statement of 0001 as written fails for this owner: that is the bug being guarded.
      const owner = new pg.Client({ connectionString: url });
      await owner.connect();
      await expect(owner.query('GRANT kassa_app TO CURRENT_USER')).rejects.toThrow(/admin option/i);
      await owner.end();

      await migratePostgres(url);
      await migratePostgres(url); // again: nothing pending, nothing fails
      const handle = await openDatabase({ databaseUrl: url, migrate: false, poolSize: 1 });
      try {
        const result = (await handle.db.execute(sql`select current_user as who`)) as {
          rows: { who: string }[];
        };
        expect(result.rows[0]!.who).toBe('kassa_app');
        const companies = (await handle.db.execute(sql`select count(*)::int as n from companies`)) as {
          rows: { n: number }[];
        };
        expect(companies.rows[0]!.n).toBe(0);
      } finally {
        await handle.close();
      }
      const own = new pg.Client({ connectionString: url });
      await own.connect();
      const tables = await own.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'sales'`,
      );
      await own.end();
      expect(tables.rows[0]!.n).toBe(1);
    });

    it('stops with the statement a superuser must run when the owner is not a member', async () => {
      const name = `kassa_owner_b_${tag}`;
      const url = await ownerWithDatabase(name, false);
      const error = await migratePostgres(url).then(
        () => undefined,
        (err: unknown) => err as Error & { cause?: { hint?: string; message?: string } },
      );
      expect(error).toBeDefined();
      const text = `${error!.message} ${error!.cause?.message ?? ''} ${error!.cause?.hint ?? ''}`;
      expect(text).toContain(`is not a member of role kassa_app`);
      expect(text).toContain(`GRANT kassa_app TO ${name};`);
      // Nothing half-applied: the migration transaction rolled back.
      const owner = new pg.Client({ connectionString: url });
      await owner.connect();
      const tables = await owner.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where schemaname = 'public'`,
      );
      await owner.end();
      expect(tables.rows[0]!.n).toBe(0);
    });
  },
);
