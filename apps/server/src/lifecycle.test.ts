import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '@kassa/db';
import { gracefulShutdown } from './lifecycle.ts';
import { exited, MAIN, runTs, startServer } from '../test/ops.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const log = { info: () => undefined, warn: () => undefined };

describe('graceful shutdown', () => {
  it('closes the app, then the database, when requests finish in time', async () => {
    const order: string[] = [];
    const outcome = await gracefulShutdown({
      app: { close: async () => void order.push('app'), closeAllConnections: () => order.push('cut') },
      database: { close: async () => void order.push('database') },
      extra: [async () => void order.push('metrics')],
      timeoutMs: 1000,
      log,
    });
    expect(outcome).toBe('clean');
    expect(order).toEqual(['app', 'database', 'metrics']);
  });

  it('cuts connections after the bound when a request hangs, and still closes the database', async () => {
    const closeAll = vi.fn();
    const database = { close: vi.fn(async () => undefined) };
    const started = Date.now();
    const outcome = await gracefulShutdown({
      app: { close: () => new Promise(() => undefined), closeAllConnections: closeAll },
      database,
      timeoutMs: 200,
      log,
    });
    expect(outcome).toBe('forced');
    expect(closeAll).toHaveBeenCalledOnce();
    expect(database.close).toHaveBeenCalledOnce();
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

/** A data directory holding the run's migrated template (embedded runs); else none yet (the server makes it). */
async function dataDirWithDatabase(): Promise<string> {
  const dataDir = join(tempDir('kassa-life-'), 'data');
  const template = inject('template');
  if (template.kind === 'pglite') {
    const db = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(template.dumpFile)]) });
    await db.close();
  }
  return dataDir;
}

describe('the server process', { timeout: 90_000 }, () => {
  it('on SIGTERM closes within the bound, exits 0 and releases the embedded database', async () => {
    const dataDir = await dataDirWithDatabase();
    const cwd = tempDir('kassa-cwd-');
    const server = await startServer(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        KASSA_DATA_DIR: dataDir,
        KASSA_SEED_DEMO: 'false',
        KASSA_SHUTDOWN_TIMEOUT_MS: '3000',
        LOG_LEVEL: 'warn',
      },
      cwd,
    );
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(8000);
    // The lock is released and the database closed cleanly: another process may open it.
    const again = await openDatabase({ dataDir, migrate: false });
    await again.close();
  });

  it('refuses a bad environment with every problem and its fix, and no stack trace', async () => {
    const result = await runTs(MAIN, [], {
      cwd: tempDir('kassa-bad-'),
      env: {
        NODE_ENV: 'production',
        PORT: 'eighty',
        KASSA_JWT_SECRET: 'changeme',
        KASSA_CORS_ORIGINS: '*',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration (4 problems)');
    for (const variable of ['PORT', 'KASSA_JWT_SECRET', 'KASSA_MASTER_KEY', 'KASSA_CORS_ORIGINS'])
      expect(result.stderr).toContain(`- ${variable} `);
    expect(result.stderr).toContain('fix: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads .env from its working directory', async () => {
    const cwd = tempDir('kassa-dotenv-');
    writeFileSync(join(cwd, '.env'), 'NODE_ENV=production\nLOG_LEVEL=loud\n');
    const result = await runTs(MAIN, [], { cwd, env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('- LOG_LEVEL must be');
    expect(result.stderr).toContain('- KASSA_MASTER_KEY is required in production');
  });
});
