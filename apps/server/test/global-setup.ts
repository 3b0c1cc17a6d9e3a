/**
 * Builds one migrated, demo-seeded database per test run, which every test file clones:
 * a PGlite data-directory dump (default), or a PostgreSQL template database when
 * TEST_DATABASE_URL is set (the same suite then runs against the real server).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@kassa/db';
import { seedDemo } from '@kassa/db/seed';
import { hashSecret } from '../src/modules/auth/passwords.ts';
import { databaseUrlFor } from './db-url.ts';
import { openShiftsOnAllRegisters } from './shift-fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template:
      { kind: 'pglite'; dumpFile: string } | { kind: 'postgres'; baseUrl: string; templateDb: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const templateDb = `kassa_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDb}`);
    await admin.end();
    const handle = await openDatabase({ databaseUrl: databaseUrlFor(baseUrl, templateDb) });
    const demo = await seedDemo(handle.db, { hashSecret });
    // Every demo register is open for business: a sale needs an open shift.
    await openShiftsOnAllRegisters(handle.db, demo.companyId);
    await handle.close();
    project.provide('template', { kind: 'postgres', baseUrl, templateDb });
    return async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'kassa_t_${process.pid}_%' OR datname = $1`,
        [templateDb],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await client.end();
    };
  }
  const handle = await openDatabase({ dataDir: 'memory://' });
  const demo = await seedDemo(handle.db, { hashSecret });
  await openShiftsOnAllRegisters(handle.db, demo.companyId);
  // A dump needs a checkpoint, which the application role may not run.
  await handle.pglite!.exec('RESET ROLE');
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const dir = mkdtempSync(join(tmpdir(), 'kassa-test-'));
  const dumpFile = join(dir, 'template.tar');
  writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('template', { kind: 'pglite', dumpFile });
  return async () => rmSync(dir, { recursive: true, force: true });
}
