/**
 * `npm run bench:checkout`: Kassa's checkout throughput against PostgreSQL's own ceiling.
 * See bench/README.md for what it does, its settings and how to read the figures.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '@kassa/db';
import { checkBooks, type BooksResult, type RowReader } from './books.ts';
import { WireCensus, type CensusSummary } from './census.ts';
import { RESULTS_DIR, TMP_DIR, loadConfig, type BenchConfig } from './config.ts';
import { Ledger, login, newTerminal, runPhase, type Terminal } from './driver.ts';
import {
  CASHIER_PASSWORD,
  cashierEmail,
  registerCount,
  registerOfClient,
  storeOfRegister,
  type Layout,
} from './layout.ts';
import { PGBENCH_SETUP, runPgbench, type PgbenchResult } from './pgbench.ts';
import { cpuMeter, type CpuSplit } from './procfs.ts';
import { formatProfile, monotonicMicros, summarizeProfile, type ProfileSummary } from './profile.ts';
import { writeReports, type BenchResults, type KassaPhase } from './report.ts';
import { seedBenchCompany } from './seed.ts';
import { KassaServer, serverEntry } from './server.ts';

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** A server's environment: real settings, no demo data, warn-level logs. */
function serverEnv(
  config: BenchConfig,
  secrets: { jwt: string; masterKey: string },
  db: Record<string, string>,
) {
  return {
    NODE_ENV: config.nodeEnv,
    HOST: '127.0.0.1',
    KASSA_SEED_DEMO: 'false',
    KASSA_JWT_SECRET: secrets.jwt,
    KASSA_MASTER_KEY: secrets.masterKey,
    LOG_LEVEL: 'warn',
    ...(config.poolSize !== undefined ? { KASSA_DB_POOL_SIZE: String(config.poolSize) } : {}),
    ...db,
  };
}

function layoutFor(config: BenchConfig, products: number): Layout {
  const maxClients = Math.max(...config.concurrency, config.pgliteConcurrency, config.censusConcurrency);
  return {
    stores: config.stores,
    // One register per simulated terminal: every client count fits, the hot-SKU clients in store 1.
    registersPerStore: Math.max(
      Math.ceil(config.minRegisters / config.stores),
      Math.ceil(maxClients / config.stores),
      config.hotConcurrency,
    ),
    products,
    startingStock: config.startingStock,
  };
}

function makeTerminals(layout: Layout): Map<number, Terminal> {
  const terminals = new Map<number, Terminal>();
  for (let r = 1; r <= registerCount(layout); r++)
    terminals.set(r, newTerminal(r, storeOfRegister(layout, r), cashierEmail(r)));
  return terminals;
}

async function loginAll(url: URL, terminals: Map<number, Terminal>): Promise<number> {
  const started = performance.now();
  const queue = [...terminals.values()];
  // Four at a time: every login is an argon2 verification on the server.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let t = queue.shift(); t; t = queue.shift()) await login(url, t, CASHIER_PASSWORD);
    }),
  );
  return (performance.now() - started) / 1000;
}

const clientsOf = (layout: Layout, terminals: Map<number, Terminal>, count: number, hot: boolean) =>
  Array.from({ length: count }, (_, i) => terminals.get(registerOfClient(layout, i, hot))!);

/** Runs one driver phase against a running server, measuring its CPU split and peak RSS. */
async function kassaPhase(
  server: KassaServer,
  options: Omit<Parameters<typeof runPhase>[0], 'baseUrl' | 'password'>,
): Promise<KassaPhase> {
  const rss = server.rssWindow();
  const cpu = cpuMeter(() => server.cpuMs());
  const warningsBefore = server.warnings;
  const result = await runPhase({ ...options, baseUrl: new URL(server.url), password: CASHIER_PASSWORD });
  const split: CpuSplit = cpu();
  const phase: KassaPhase = {
    ...result,
    peakRssMb: rss() / 1024,
    cpu: split,
    serverWarnings: server.warnings - warningsBefore,
  };
  log(
    `${phase.label}: ${phase.salesPerSecond.toFixed(0)} sales/s, p50 ${phase.latencyMs.p50.toFixed(1)} ms, ` +
      `p99 ${phase.latencyMs.p99.toFixed(1)} ms, ${phase.errorCount} errors, peak RSS ${phase.peakRssMb.toFixed(0)} MB`,
  );
  return phase;
}

/**
 * A PostgreSQL client whose connection errors (e.g. the database dropped or the backend
 * terminated by someone else) fail the pending query instead of crashing the process, so the run
 * still cleans up.
 */
function client(connectionString: string): pg.Client {
  const c = new pg.Client({ connectionString });
  c.on('error', (err) => log(`database connection lost: ${err.message}`));
  return c;
}

const databaseUrl = (base: URL, name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

type PostgresOutcome = {
  databases: { kassa: string; pgbench: string };
  seedSeconds: number;
  loginSeconds: number;
  phases: KassaPhase[];
  pgbench: PgbenchResult[];
  serverPeakRssMb: number;
  census?: CensusSummary;
  profile?: ProfileSummary;
  profilePhase?: KassaPhase;
  books: BooksResult;
};

async function postgresRun(
  config: BenchConfig,
  layout: Layout,
  secrets: { jwt: string; masterKey: string },
  stamp: string,
): Promise<PostgresOutcome> {
  const base = new URL(config.baseUrl);
  const name = `kassa_bench_${stamp}`;
  const copy = `${name}_pgbench`;
  const url = databaseUrl(base, name);
  const admin = client(config.baseUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const env = serverEnv(config, secrets, { DATABASE_URL: url });
  const servers: KassaServer[] = [];
  const start = async (label: string, extra: Partial<Parameters<typeof KassaServer.start>[0]> = {}) => {
    const server = await KassaServer.start({ label, env, root: config.serverRoot, ...extra });
    servers.push(server);
    return server;
  };
  try {
    log(`database ${name}: migrating by starting the server once`);
    await (await start('migrate')).stop();

    log(
      `seeding ${layout.products} products, ${layout.stores} stores, ${registerCount(layout)} registers and cashiers`,
    );
    const owner = client(url);
    await owner.connect();
    const seedSeconds = await seedBenchCompany(owner, layout);
    await owner.end();
    if (config.pgbench) {
      await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`);
      const pgbenchDb = client(databaseUrl(base, copy));
      await pgbenchDb.connect();
      for (const statement of PGBENCH_SETUP) await pgbenchDb.query(statement);
      await pgbenchDb.end();
    }
    await admin.query('CHECKPOINT');
    log(`seeded in ${seedSeconds.toFixed(1)} s${config.pgbench ? `; pgbench copy ${copy}` : ''}`);

    const server = await start('kassa', {
      nodeFlags: config.serverNodeFlags,
      ...(config.serverLog ? { logFile: config.serverLog } : {}),
    });
    const terminals = makeTerminals(layout);
    const loginSeconds = await loginAll(new URL(server.url), terminals);
    log(
      `server pid ${server.pid} on ${server.url}; ${terminals.size} cashiers signed in in ${loginSeconds.toFixed(1)} s`,
    );

    const ledger = new Ledger();
    const phases: KassaPhase[] = [];
    const pgbench: PgbenchResult[] = [];
    const benchPgbench = async (label: string, clients: number, hot: boolean, mode?: 'extended') => {
      if (!config.pgbench) return;
      const result = await runPgbench({
        mode,
        pgbenchPath: config.pgbenchPath,
        databaseUrl: databaseUrl(base, copy),
        clients,
        seconds: config.seconds,
        hot,
        layout,
        label,
      });
      pgbench.push(result);
      log(
        `${label}: ${result.tps.toFixed(0)} tps, p50 ${result.latencyMs.p50.toFixed(1)} ms, ` +
          `p99 ${result.latencyMs.p99.toFixed(1)} ms, ${result.failed} failed`,
      );
    };
    const first = config.concurrency[0] ?? 16;
    if (config.warmupSeconds > 0) {
      phases.push(
        await kassaPhase(server, {
          label: `warm-up c${first}`,
          terminals: clientsOf(layout, terminals, first, false),
          seconds: config.warmupSeconds,
          hot: false,
          layout,
          ledger,
        }),
      );
      if (config.pgbench) {
        await runPgbench({
          pgbenchPath: config.pgbenchPath,
          databaseUrl: databaseUrl(base, copy),
          clients: first,
          seconds: config.warmupSeconds,
          hot: false,
          layout,
          label: 'pgbench warm-up',
        });
      }
    }
    // What autovacuum does on a production server a minute after the first sales: statistics for
    // the document tables, so both databases plan with them. It also replaces the plans that every
    // connection made while those tables were empty (PostgreSQL then prefers, for a lookup by
    // primary key, any other index that starts with company_id, and keeps that plan for the
    // connection's life). The project's machines run PostgreSQL with autovacuum off.
    if (config.warmupSeconds > 0) {
      await withClient(url, (db) => db.query('ANALYZE'));
      if (config.pgbench) await withClient(databaseUrl(base, copy), (db) => db.query('ANALYZE'));
      log(`analysed both databases after the warm-up (autovacuum is ${await autovacuumSetting(admin)})`);
    }
    // Kassa and pgbench alternate, so drift on a shared machine hits both alike.
    for (const clients of config.concurrency) {
      phases.push(
        await kassaPhase(server, {
          label: `kassa c${clients}`,
          terminals: clientsOf(layout, terminals, clients, false),
          seconds: config.seconds,
          hot: false,
          layout,
          ledger,
        }),
      );
      await benchPgbench(`pgbench c${clients}`, clients, false);
      // What planning every statement again costs the database: Kassa's driver sends unnamed ones.
      if (clients === first && config.pgbenchUnnamed)
        await benchPgbench(
          `pgbench c${clients} unnamed statements (-M extended)`,
          clients,
          false,
          'extended',
        );
    }
    if (config.hotConcurrency > 0) {
      phases.push(
        await kassaPhase(server, {
          label: `kassa hot-SKU c${config.hotConcurrency}`,
          terminals: clientsOf(layout, terminals, config.hotConcurrency, true),
          seconds: config.seconds,
          hot: true,
          layout,
          ledger,
        }),
      );
      await benchPgbench(`pgbench hot-SKU c${config.hotConcurrency}`, config.hotConcurrency, true);
    }
    const serverPeakRssMb = server.hwmKb() / 1024;
    await server.stop();
    log(`server stopped; peak RSS over its life (VmHWM) ${serverPeakRssMb.toFixed(0)} MB`);

    let census: CensusSummary | undefined;
    if (config.censusSeconds > 0) {
      const proxy = await WireCensus.start(base.hostname, Number(base.port || 5432));
      try {
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        const counted = await start('census', { env: { ...env, DATABASE_URL: proxied.toString() } });
        proxy.reset();
        const phase = await kassaPhase(counted, {
          label: `census c${config.censusConcurrency} (through the wire proxy)`,
          terminals: clientsOf(layout, terminals, config.censusConcurrency, false),
          seconds: config.censusSeconds,
          hot: false,
          layout,
          ledger,
        });
        census = proxy.summary(phase.sales);
        await counted.stop();
        log(
          `census: ${census.perSale.roundTrips.toFixed(1)} round trips and ${census.perSale.statements.toFixed(1)} ` +
            `statements per sale, ${census.perSale.unnamedParses.toFixed(1)} unnamed parses`,
        );
      } finally {
        await proxy.close();
      }
    }

    let profile: ProfileSummary | undefined;
    let profilePhase: KassaPhase | undefined;
    if (config.profileSeconds > 0) {
      // One profile per thread: the main thread's is thread id 0 (an older checkout run through tsx
      // also writes one for tsx's loader worker).
      const dir = join(TMP_DIR, `profile-${stamp}`);
      const profiled = await start('profile', { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
      const fromUs = monotonicMicros();
      profilePhase = await kassaPhase(profiled, {
        label: `profiled c${first} (--cpu-prof)`,
        terminals: clientsOf(layout, terminals, first, false),
        seconds: config.profileSeconds,
        hot: false,
        layout,
        ledger,
      });
      const toUs = monotonicMicros();
      await profiled.stop();
      const main = existsSync(dir)
        ? readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))
        : undefined;
      const path = join(dir, main ?? 'missing');
      if (main) {
        profile = summarizeProfile(path, { window: { fromUs, toUs }, serverRoot: config.serverRoot });
        console.log(formatProfile({ ...profile, topSelf: profile.topSelf.slice(0, 15) }));
      } else log(`no profile was written to ${path}`);
    }

    log('checking the books');
    const books = await withClient(url, (db) => checkBooks(db, layout, ledger));
    return {
      databases: { kassa: name, pgbench: config.pgbench ? copy : '' },
      seedSeconds,
      loginSeconds,
      phases,
      pgbench,
      serverPeakRssMb,
      census,
      profile,
      profilePhase,
      books,
    };
  } finally {
    for (const server of servers) await server.stop();
    if (!config.keep) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    } else log(`kept databases ${name} and ${copy}`);
    await admin.end();
  }
}

/** The server's `autovacuum` setting ('on' or 'off'). */
async function autovacuumSetting(db: pg.Client): Promise<string> {
  const result = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  return result.rows[0]?.autovacuum ?? 'unknown';
}

async function withClient<T>(url: string, fn: (db: RowReader) => Promise<T>): Promise<T> {
  const db = client(url);
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

type PgliteOutcome = {
  dataDir: string;
  seedSeconds: number;
  phases: KassaPhase[];
  serverPeakRssMb: number;
  books: BooksResult;
};

async function pgliteRun(
  config: BenchConfig,
  layout: Layout,
  secrets: { jwt: string; masterKey: string },
): Promise<PgliteOutcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-bench-pglite-'));
  try {
    // The embedded database has no autovacuum: the server's statistics upkeep analyses changed
    // tables instead, once a minute by default. Every 5 s here, so the tables are analysed by the
    // end of the warm-up, as the PostgreSQL run's are (see the ANALYZE after its warm-up).
    const env = serverEnv(config, secrets, { KASSA_DATA_DIR: dataDir, KASSA_STATS_UPKEEP_SECONDS: '5' });
    log(`PGlite in ${dataDir}: migrating by starting the server once, seeding ${layout.products} products`);
    await (await KassaServer.start({ label: 'pglite migrate', env, root: config.serverRoot })).stop();
    // The server holds the data directory's lock, so the seed runs while it is stopped.
    const handle = await openDatabase({ dataDir, migrate: false });
    const pglite = handle.pglite!;
    await pglite.exec('RESET ROLE');
    const seedSeconds = await seedBenchCompany(pglite, layout);
    await handle.close();
    log(`PGlite seeded in ${seedSeconds.toFixed(1)} s`);

    const server = await KassaServer.start({ label: 'pglite', env, root: config.serverRoot });
    const ledger = new Ledger();
    const phases: KassaPhase[] = [];
    let serverPeakRssMb = 0;
    try {
      const terminals = makeTerminals(layout);
      await loginAll(new URL(server.url), terminals);
      const clients = clientsOf(layout, terminals, config.pgliteConcurrency, false);
      const common = { terminals: clients, hot: false, layout, ledger };
      if (config.warmupSeconds > 0)
        phases.push(
          await kassaPhase(server, {
            ...common,
            label: `PGlite warm-up c${config.pgliteConcurrency}`,
            seconds: config.warmupSeconds,
          }),
        );
      phases.push(
        await kassaPhase(server, {
          ...common,
          label: `PGlite c${config.pgliteConcurrency}`,
          seconds: config.seconds,
        }),
      );
      serverPeakRssMb = server.hwmKb() / 1024;
    } finally {
      await server.stop();
    }
    log('checking the PGlite books');
    const reopened = await openDatabase({ dataDir, migrate: false });
    let books: BooksResult;
    try {
      await reopened.pglite!.exec('RESET ROLE');
      books = await checkBooks(reopened.pglite!, layout, ledger);
    } finally {
      await reopened.close();
    }
    return { dataDir, seedSeconds, phases, serverPeakRssMb, books };
  } finally {
    if (!config.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Which code was measured: the checkout, its commit and how many files differ from it. */
function describeServerTree(root: string): { root: string; commit: string; changedFiles: number | null } {
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return { root, commit: 'not a git checkout', changedFiles: null };
  const status = git('status', '--porcelain', '--', 'apps/server', 'packages');
  return {
    root,
    commit: head.stdout.trim(),
    changedFiles: status.stdout.split('\n').filter(Boolean).length,
  };
}

const withoutPassword = (url: string) => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
};

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(TMP_DIR, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const stamp = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const secrets = {
    jwt: randomBytes(48).toString('base64url'),
    masterKey: `k1:${randomBytes(32).toString('base64')}`,
  };
  const layout = layoutFor(config, config.products);
  const serverTree = describeServerTree(config.serverRoot);
  // Builds the checkout's server bundle now (once per run) rather than inside the first phase.
  const entry = await serverEntry(config.serverRoot);
  log(`server: node ${entry.args.join(' ')} in ${config.serverRoot}`);
  const versions = await withClient(config.baseUrl, async (db) => {
    const rows = await db.query<{ version: string }>('SELECT version()');
    return rows.rows[0]?.version ?? '';
  });
  log(
    `${cpus().length} cores, load ${loadAtStart
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; ${config.seconds} s per phase, clients ${config.concurrency.join(', ')}, hot-SKU ${config.hotConcurrency}`,
  );

  const postgres = await postgresRun(config, layout, secrets, stamp);
  const pgliteLayout = layoutFor(config, config.pgliteProducts);
  const pglite = config.pglite ? await pgliteRun(config, pgliteLayout, secrets) : undefined;

  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      node: process.version,
      postgres: versions,
    },
    config: { ...config, baseUrl: withoutPassword(config.baseUrl) },
    server: { ...serverTree, runs: entry.kind },
    layout,
    pgliteLayout,
    postgres,
    pglite,
  };
  const { json, markdown } = writeReports(results);
  log(`wrote ${json} and ${markdown}`);
  const idle = [...postgres.phases, ...(pglite?.phases ?? [])].filter((p) => p.sales === 0);
  for (const p of idle) console.error(`NOTHING WAS SOLD in ${p.label}: ${JSON.stringify(p.errors)}`);
  const books = [postgres.books, ...(pglite ? [pglite.books] : [])];
  for (const b of books) for (const problem of b.problems) console.error(`BOOKS DO NOT BALANCE: ${problem}`);
  if (idle.length > 0 || books.some((b) => !b.ok)) process.exit(1);
  log('books balance: every acknowledged sale stored once, receipts gap-free, stock exact');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
