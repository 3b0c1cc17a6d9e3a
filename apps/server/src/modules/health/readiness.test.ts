import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migratePostgres, openDatabase } from '@kassa/db';
import { buildApp } from '../../app.ts';
import { AccessTokens } from '../auth/tokens.ts';
import { writeBackupMarker } from '../../ops/backup-marker.ts';
import { createTestApp, TEST_JWT_SECRET, type TestContext } from '../../../test/harness.ts';
import { createScratchDatabase, PG_BASE_URL, postgresAvailable } from '../../../test/ops.ts';
import type { OperationsOptions } from '../../observability/operations.plugin.ts';
import type { Readiness } from './readiness.ts';

let t: TestContext;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'kassa-ready-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readiness(operations: OperationsOptions, db = t.db) {
  const app = await buildApp({
    db,
    tokens: new AccessTokens(TEST_JWT_SECRET),
    secureCookies: false,
    operations,
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    return { status: res.statusCode, body: res.json<Readiness>() };
  } finally {
    await app.close();
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('GET /health/ready', () => {
  it('is ready when the database answers and migrations are current, each check timed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Readiness>();
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks)).toEqual(['database', 'migrations']);
    expect(body.checks.database).toMatchObject({ status: 'ok', durationMs: expect.any(Number) });
    expect(body.checks.migrations!.detail).toMatch(/^(\d+) of \1 applied$/);
    // Liveness stays as it was.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('checks free disk and the age of the last backup; an old backup warns but stays ready', async () => {
    const backupDir = join(dir, 'backups');
    const base = {
      diskPath: join(dir, 'data-not-yet-created'),
      minFreeDiskMb: 1,
      backupDir,
      backupMaxAgeHours: 26,
    };
    const none = await readiness(base);
    expect(none.status).toBe(200);
    expect(none.body.checks.disk).toMatchObject({ status: 'ok', detail: expect.stringContaining('MB free') });
    expect(none.body.checks.backup).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('no backup'),
    });

    const marker = { file: '/backups/x.tar', kind: 'pglite' as const, bytes: 1, sha256: 'x' };
    writeBackupMarker(backupDir, {
      ...marker,
      createdAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    });
    const old = await readiness(base);
    expect(old.status).toBe(200);
    expect(old.body.checks.backup).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/30\.0 h ago, older than 26 h/),
    });

    writeBackupMarker(backupDir, { ...marker, createdAt: new Date().toISOString() });
    expect((await readiness(base)).body.checks.backup!.status).toBe('ok');

    const full = await readiness({ ...base, minFreeDiskMb: 1e12 });
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ status: 'not_ready', checks: { disk: { status: 'fail' } } });
  });

  it('checks Redis when configured: 503 when it does not answer', async () => {
    const down = await readiness({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      checkTimeoutMs: 1500,
    });
    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toMatchObject({ status: 'fail' });
    expect(down.body.checks.database!.status).toBe('ok');
  });

  it('checks Redis when configured: ok when it answers PONG', async (ctx) => {
    const redisUp = await new Promise<boolean>((r) => {
      const s: Socket = connect(6379, '127.0.0.1');
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (!redisUp && !process.env.CI) ctx.skip();
    const up = await readiness({ redisUrl: 'redis://127.0.0.1:6379' });
    expect(up.body.checks.redis).toMatchObject({ status: 'ok' });
    expect(up.status).toBe(200);
  });

  it('is not ready when a migration is pending', async () => {
    const other = await createTestApp();
    try {
      await other.db.transaction(async (tx) => {
        await tx.execute(sql`set local role none`);
        await tx.execute(
          sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
        );
      });
      const res = await other.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json<Readiness>().checks.migrations).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/^1 pending \(\d{4}_\w+\): run `kassa db:migrate`$/),
      });
    } finally {
      await other.close();
    }
  });

  it('is not ready when the database is gone', async () => {
    const other = await createTestApp();
    await other.handle.close();
    const res = await other.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json<Readiness>().checks.database).toMatchObject({
      status: 'fail',
      detail: expect.any(String),
    });
    await other.app.close();
  });
});

/** A TCP proxy to PostgreSQL that the test can stop and start, to take the database away and back. */
class Proxy {
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private target: { host: string; port: number }) {}
  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server!.close(r));
  }
}

describe.skipIf(!(await postgresAvailable()))('readiness on PostgreSQL', { timeout: 60_000 }, () => {
  it('answers 503 while the database is unreachable and 200 again once it is back', async () => {
    const scratch = await createScratchDatabase('ready');
    const base = new URL(PG_BASE_URL);
    const proxy = new Proxy({ host: base.hostname, port: Number(base.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    await migratePostgres(scratch.url);
    const handle = await openDatabase({ databaseUrl: viaProxy.toString(), migrate: false, poolSize: 2 });
    const app = await buildApp({
      db: handle.db,
      tokens: new AccessTokens(TEST_JWT_SECRET),
      secureCookies: false,
      operations: { pool: handle.pool, checkTimeoutMs: 3000 },
    });
    const ready = async () => {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      return { status: res.statusCode, body: res.json<Readiness>() };
    };
    try {
      expect((await ready()).status).toBe(200);
      await proxy.stop();
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body.checks.database!.status).toBe('fail');
      await proxy.start();
      const back = await ready();
      expect(back.status).toBe(200);
      expect(back.body.checks.migrations!.status).toBe('ok');
    } finally {
      await app.close();
      await handle.close();
      await proxy.stop().catch(() => undefined);
      await scratch.drop();
    }
  });
});
