import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/checkout/ is two levels down). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Profiles, pgbench logs and other scratch files; git-ignored. */
export const TMP_DIR = resolve(ROOT, 'bench/tmp');
export const RESULTS_DIR = resolve(ROOT, 'bench/results');

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
};

const list = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`${name} must be a comma-separated list of client counts, got "${raw}"`);
  return values;
};

const flag = (name: string, fallback: boolean): boolean => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw === '1' || raw === 'true';
};

/** Everything the benchmark reads from the environment, parsed once (see bench/README.md). */
export type BenchConfig = {
  /** Any database of the PostgreSQL server; the benchmark creates and drops its own beside it. */
  baseUrl: string;
  /** Seconds of each measured phase. */
  seconds: number;
  warmupSeconds: number;
  /** Client counts of the uniform workload, on Kassa and on pgbench. */
  concurrency: number[];
  /** Client count of the hot-SKU variant (all in store 1); 0 skips it. */
  hotConcurrency: number;
  products: number;
  stores: number;
  /** At least this many registers; raised so that every client has a register of its own. */
  minRegisters: number;
  startingStock: number;
  /** Seconds of the profiled phase (node --cpu-prof); 0 skips it. */
  profileSeconds: number;
  /** Seconds of the statement census through the wire-protocol proxy; 0 skips it. */
  censusSeconds: number;
  censusConcurrency: number;
  /** Embedded mode (PGlite) run; its client count and catalogue size. */
  pglite: boolean;
  pgliteConcurrency: number;
  pgliteProducts: number;
  pgbench: boolean;
  /** Also run pgbench with unnamed statements (-M extended), as node-postgres sends them by default. */
  pgbenchUnnamed: boolean;
  pgbenchPath: string;
  /** Keep the databases (and the PGlite directory) for inspection. */
  keep: boolean;
  nodeEnv: string;
  /** The server's KASSA_DB_POOL_SIZE; undefined: the server's default. */
  poolSize: number | undefined;
  /** The checkout whose server is measured (default: this one), e.g. a snapshot of another commit. */
  serverRoot: string;
  /** Extra node flags of the measured server, e.g. `--perf-basic-prof` for `perf record` beside the run. */
  serverNodeFlags: string[];
  /** A file that gets the measured server's output (appended), e.g. its --trace-gc lines. */
  serverLog: string | undefined;
};

export function loadConfig(): BenchConfig {
  const seconds = int('BENCH_SECONDS', 30);
  return {
    baseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds,
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 5),
    concurrency: list('BENCH_CONCURRENCY', [16, 64]),
    hotConcurrency: int('BENCH_HOT_CONCURRENCY', 16),
    products: int('BENCH_PRODUCTS', 20_000),
    stores: int('BENCH_STORES', 5),
    minRegisters: int('BENCH_REGISTERS', 50),
    startingStock: int('BENCH_STARTING_STOCK', 1000),
    profileSeconds: int('BENCH_PROFILE_SECONDS', Math.min(15, seconds)),
    censusSeconds: int('BENCH_CENSUS_SECONDS', 3),
    censusConcurrency: int('BENCH_CENSUS_CONCURRENCY', 4),
    pglite: flag('BENCH_PGLITE', true),
    pgliteConcurrency: int('BENCH_PGLITE_CONCURRENCY', 16),
    pgliteProducts: int('BENCH_PGLITE_PRODUCTS', 20_000),
    pgbench: flag('BENCH_PGBENCH', true),
    pgbenchUnnamed: flag('BENCH_PGBENCH_UNNAMED', true),
    pgbenchPath: process.env.BENCH_PGBENCH_PATH || 'pgbench',
    keep: flag('BENCH_KEEP', false),
    nodeEnv: process.env.BENCH_NODE_ENV || 'production',
    poolSize: process.env.BENCH_POOL_SIZE ? int('BENCH_POOL_SIZE', 10) : undefined,
    serverRoot: resolve(process.env.BENCH_SERVER_ROOT || ROOT),
    serverNodeFlags: (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
    serverLog: process.env.BENCH_SERVER_LOG || undefined,
  };
}
