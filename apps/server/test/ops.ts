/** Helpers for the operations tests: run the kassa CLI or the server as a child process, PostgreSQL, sales. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { newDocumentId } from '@kassa/domain';
import type { DatabaseHandle, KassaDb } from '@kassa/db';
import type { Product } from '@kassa/contracts';
import { buildApp } from '../src/app.ts';
import { AccessTokens } from '../src/modules/auth/tokens.ts';
import { bearer, login, stores, TEST_JWT_SECRET } from './harness.ts';
import { databaseUrlFor } from './db-url.ts';
import { openShiftsOnAllRegisters } from './shift-fixtures.ts';

export const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** A child's environment: only what is given, plus PATH and HOME (nothing leaks in from the test run). */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs a TypeScript entry point through tsx and collects its output. */
export function runTs(
  entry: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, entry, ...args], {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `kassa <args>` in `cwd` with exactly the environment `env`. */
export function kassa(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return runTs(CLI, args, { env, cwd });
}

/** Starts the server (main.ts) and resolves with its URL once it listens. */
export function startServer(
  env: Record<string, string>,
  cwd: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${output}`));
    }, 60_000);
    const onData = (c: Buffer) => {
      output += c.toString();
      const m = /Kassa is running on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** The exit code (or signal) of a child process. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

/** The PostgreSQL server the tests may create databases on (TEST_DATABASE_URL, else the local one). */
export const PG_BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether that server answers; under CI it must (tests fail rather than skip). */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.CI) return true;
  const client = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Creates an empty database `kassa_ops_<tag>_<pid>_<random>` and returns its URL and a drop function. */
export async function createScratchDatabase(
  tag: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `kassa_ops_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: databaseUrlFor(PG_BASE_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_BASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Rings up one cash sale of `count` demo products through the API, as the demo cashier (opening shifts first). */
export async function ringUpSale(db: KassaDb, count = 2): Promise<void> {
  const app = await buildApp({ db, tokens: new AccessTokens(TEST_JWT_SECRET), secureCookies: false });
  try {
    const cashier = await login(app, 'cashier@demo.kassa.dev');
    // A database fresh from `kassa db:setup` has no open shift, and a sale needs one.
    await openShiftsOnAllRegisters(db, cashier.company.id);
    const [store] = await stores(app, cashier.accessToken);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/products?q=Vodka&limit=10',
      headers: bearer(cashier.accessToken),
    });
    const products = res
      .json<{ items: Product[] }>()
      .items.filter((p) => p.price > 0)
      .slice(0, count);
    const sale = await app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: bearer(cashier.accessToken),
      payload: {
        id: newDocumentId(),
        registerId: store!.registers[0]!.id,
        lines: products.map((p) => ({ productId: p.id, quantity: '1' })),
        tenders: [{ method: 'cash', amount: 1_000_000 }],
      },
    });
    if (sale.statusCode !== 201) throw new Error(`sale failed: ${sale.statusCode} ${sale.body}`);
  } finally {
    await app.close();
  }
}

/** Rows of a table as the owner sees them (row-level security would hide them from the request role). */
export async function countRows(handle: DatabaseHandle, table: string): Promise<number> {
  if (handle.pglite) {
    await handle.pglite.exec('RESET ROLE');
    const r = await handle.pglite.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    await handle.pglite.exec('SET ROLE kassa_app');
    return r.rows[0]!.n;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE NONE');
    const r = await client.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    await client.query('COMMIT');
    return r.rows[0]!.n;
  } finally {
    client.release();
  }
}

/** A copy of a backup with one byte of its payload flipped. */
export function damaged(file: string, dir: string): string {
  const copy = join(dir, 'damaged.tar');
  const bytes = readFileSync(file);
  bytes[bytes.length - 4096]! ^= 0xff;
  writeFileSync(copy, bytes);
  return copy;
}
