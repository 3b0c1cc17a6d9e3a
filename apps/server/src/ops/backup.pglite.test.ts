/**
 * Backup, verify and restore of the embedded database through the kassa CLI, with demo data plus
 * sales: the round trip, a non-empty target, a damaged file, a data directory in use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type DatabaseHandle } from '@kassa/db';
import { buildApp } from '../app.ts';
import { AccessTokens } from '../modules/auth/tokens.ts';
import { TEST_JWT_SECRET } from '../../test/harness.ts';
import { countRows, damaged, kassa, ringUpSale } from '../../test/ops.ts';
import { openBackupFile } from './archive.ts';
import { readBackupMarker } from './backup-marker.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('backup and restore of the embedded database', { timeout: 120_000 }, () => {
  const cwd = tempDir('kassa-bk-pglite-');
  const dataDir = join(cwd, 'data');
  const env = { KASSA_DATA_DIR: dataDir, KASSA_BACKUP_DIR: join(cwd, 'backups'), PORT: '9' };
  let file: string;

  const withDb = async <T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> => {
    const handle = await openDatabase({ dataDir, migrate: false });
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  };

  it('db:setup migrates and seeds the database (once)', async () => {
    // Embedded runs start from the run's migrated, seeded template (initdb is slow); the
    // PostgreSQL run, and the PostgreSQL section below, seed from scratch.
    const template = inject('template');
    if (template.kind === 'pglite') {
      const db = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(template.dumpFile)]) });
      await db.close();
    }
    const setup = await kassa(['db:setup'], env, cwd);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/Seeded "Demo Liquor Co."|already has companies/);
    await withDb((h) => ringUpSale(h.db));
  });

  it('backup writes one file with a manifest and records it for /health/ready', async () => {
    const result = await kassa(['backup'], env, cwd);
    expect(result.code).toBe(0);
    file = /backup written: (\S+)/.exec(result.stdout)![1]!;
    expect(result.stderr).toContain('counting rows');
    const manifest = openBackupFile(file).manifest;
    expect(manifest.kind).toBe('pglite');
    expect(manifest.tables.find((t) => t.table === 'public.sales')!.rows).toBe(1);
    expect(manifest.tables.find((t) => t.table === 'public.products')!.rows).toBe(1175);
    expect(readBackupMarker(env.KASSA_BACKUP_DIR)!.file).toBe(file);
  });

  it('health checks the configuration and database when no server runs', async () => {
    const result = await kassa(['health'], env, cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no server answers');
    expect(result.stdout).toMatch(/ok +database/);
    expect(result.stdout).toMatch(/ok +migrations/);
    expect(result.stdout).toMatch(/ok +backup .*last backup/);
  });

  it('backup verify restores into a scratch database and compares every table', async () => {
    const result = await kassa(['backup', 'verify', file], env, cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ok +public\.sales +1 rows/);
    expect(result.stdout).toContain('backup verified');
  });

  it('restore refuses a non-empty data directory without --force, then replaces it', async () => {
    await withDb((h) => ringUpSale(h.db));
    const refused = await kassa(['restore', file], env, cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty (it holds a database); pass --force');
    expect(await withDb((h) => countRows(h, 'sales'))).toBe(2);

    const restored = await kassa(['restore', file, '--force'], env, cwd);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restored');
    expect(await withDb((h) => countRows(h, 'sales'))).toBe(1);
    // The restored database serves the application.
    await withDb((h) => ringUpSale(h.db));
  });

  it('a damaged backup fails clearly and changes nothing', async () => {
    const bad = damaged(file, cwd);
    const verify = await kassa(['backup', 'verify', bad], env, cwd);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(
      'is not a usable Kassa backup: the payload checksum (SHA-256) does not match',
    );
    const restore = await kassa(['restore', bad, '--force'], env, cwd);
    expect(restore.code).toBe(1);
    expect(await withDb((h) => countRows(h, 'sales'))).toBe(2);
    expect(restore.stderr).not.toMatch(/\n\s+at /);
  });

  it('backup and restore refuse a data directory a running server holds; health asks that server', async () => {
    const handle = await openDatabase({ dataDir, migrate: false });
    const app = await buildApp({
      db: handle.db,
      tokens: new AccessTokens(TEST_JWT_SECRET),
      secureCookies: false,
      operations: { diskPath: dataDir },
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = String((app.server.address() as AddressInfo).port);
      const backup = await kassa(['backup'], env, cwd);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain('in use by a running Kassa server');
      const restore = await kassa(['restore', file, '--force'], env, cwd);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('in use by a running Kassa server; stop it before restoring');

      const health = await kassa(['health'], { ...env, PORT: port }, cwd);
      expect(health.code).toBe(0);
      expect(health.stdout).toContain(`ready (http://127.0.0.1:${port}/health/ready)`);
      expect(health.stdout).toMatch(/ok +disk/);
    } finally {
      await app.close();
      await handle.close();
    }
    const nobody = await kassa(['health', '--url', 'http://127.0.0.1:9'], {}, cwd);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no server answers at http://127.0.0.1:9/health/ready');
  });

  it('health is not ready when there is no database', async () => {
    const empty = tempDir('kassa-bk-none-');
    const result = await kassa(['health'], { KASSA_DATA_DIR: join(empty, 'data'), PORT: '9' }, empty);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('there is no database in');
  });
});
