/** Backup, verify and restore through the kassa CLI on PostgreSQL, with demo data plus sales. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@kassa/db';
import {
  countRows,
  createScratchDatabase,
  damaged,
  kassa,
  PG_BASE_URL,
  postgresAvailable,
  ringUpSale,
} from '../../test/ops.ts';
import { openBackupFile } from './archive.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!(await postgresAvailable()))(
  'backup and restore on PostgreSQL',
  { timeout: 120_000 },
  () => {
    const cwd = tempDir('kassa-bk-pg-');
    let source: Awaited<ReturnType<typeof createScratchDatabase>>;
    let target: Awaited<ReturnType<typeof createScratchDatabase>>;
    let file: string;
    const env = () => ({ DATABASE_URL: source.url, KASSA_BACKUP_DIR: join(cwd, 'backups'), PORT: '9' });

    const withDb = async <T>(url: string, fn: (h: DatabaseHandle) => Promise<T>): Promise<T> => {
      const handle = await openDatabase({ databaseUrl: url, migrate: false, poolSize: 2 });
      try {
        return await fn(handle);
      } finally {
        await handle.close();
      }
    };

    beforeAll(async () => {
      source = await createScratchDatabase('src');
      target = await createScratchDatabase('dst');
    });
    afterAll(async () => {
      await source?.drop();
      await target?.drop();
    });

    it('db:setup, then backup with pg_dump in the same snapshot as the checksums', async () => {
      const setup = await kassa(['db:setup'], env(), cwd);
      expect(setup.code).toBe(0);
      await withDb(source.url, (h) => ringUpSale(h.db));
      const result = await kassa(['backup'], env(), cwd);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('running pg_dump');
      file = /backup written: (\S+)/.exec(result.stdout)![1]!;
      const manifest = openBackupFile(file).manifest;
      expect(manifest).toMatchObject({ kind: 'postgres', payload: { name: 'database.pgdump' } });
      expect(manifest.tables.find((t) => t.table === 'public.sales')!.rows).toBe(1);
    });

    it('health checks PostgreSQL directly when no server runs', async () => {
      const result = await kassa(['health'], env(), cwd);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('ready (PostgreSQL)');
    });

    it('backup verify restores into a scratch database, compares, and drops it', async () => {
      const result = await kassa(['backup', 'verify', file], env(), cwd);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/ok +public\.sales +1 rows/);
      const admin = new pg.Client({ connectionString: PG_BASE_URL });
      await admin.connect();
      const left = await admin.query(`select datname from pg_database where datname like 'kassa_verify_%'`);
      await admin.end();
      expect(left.rows).toEqual([]);
    });

    it('restores into an empty database, which then serves the application', async () => {
      const result = await kassa(['restore', file], { ...env(), DATABASE_URL: target.url }, cwd);
      expect(result.code).toBe(0);
      await withDb(target.url, async (h) => {
        expect(await countRows(h, 'sales')).toBe(1);
        await ringUpSale(h.db);
        expect(await countRows(h, 'sales')).toBe(2);
      });
    });

    it('refuses a non-empty database without --force, then replaces its contents', async () => {
      const refused = await kassa(['restore', file], { ...env(), DATABASE_URL: target.url }, cwd);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not empty \(\d+ tables\); pass --force/);
      const forced = await kassa(['restore', file, '--force'], { ...env(), DATABASE_URL: target.url }, cwd);
      expect(forced.code).toBe(0);
      expect(await withDb(target.url, (h) => countRows(h, 'sales'))).toBe(1);
    });

    it('a damaged backup fails clearly and changes nothing', async () => {
      const bad = damaged(file, cwd);
      const verify = await kassa(['backup', 'verify', bad], env(), cwd);
      expect(verify.code).toBe(1);
      expect(verify.stderr).toContain('not a usable Kassa backup');
      const restore = await kassa(['restore', bad, '--force'], { ...env(), DATABASE_URL: target.url }, cwd);
      expect(restore.code).toBe(1);
      expect(await withDb(target.url, (h) => countRows(h, 'sales'))).toBe(1);
      expect(existsSync(bad)).toBe(true);
    });
  },
);
