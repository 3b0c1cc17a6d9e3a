import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, TMP_DIR } from './config.ts';
import type { Layout } from './layout.ts';
import { cpuMeter, cpuMsOf, type CpuSplit } from './procfs.ts';
import { summarize, type LatencySummary } from './stats.ts';

export const PGBENCH_SCRIPT = resolve(ROOT, 'bench/checkout/pos-sale.pgbench.sql');

/** SQL that readies the pgbench copy of the bench database: the bench-only schema. */
export const PGBENCH_SETUP = [
  'CREATE SCHEMA bench',
  // A plain stand-in for Kassa's audit entry (one append-only row per sale, without its hash chain).
  `CREATE TABLE bench.audit_log (
     company_id uuid NOT NULL, id uuid NOT NULL, action text NOT NULL, entity_id uuid NOT NULL,
     user_id uuid NOT NULL, payload jsonb NOT NULL, hash bytea NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (company_id, id))`,
  // UUIDv7 in SQL, so sale, line and tender ids are time-ordered like the terminal's.
  `CREATE FUNCTION bench.uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
     SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
       PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
       52, 1), 53, 1), 'hex')::uuid $$`,
];

export type PgbenchResult = {
  label: string;
  mode: 'prepared' | 'extended';
  clients: number;
  hot: boolean;
  seconds: number;
  transactions: number;
  failed: number;
  retried: number;
  tps: number;
  latencyMs: LatencySummary;
  /** Mean latency of each SQL command of the script (pgbench -r), in script order. */
  commands: { sql: string; meanMs: number }[];
  cpu: CpuSplit;
};

/**
 * Runs pgbench with the POS-sale script: named prepared statements (-M prepared), 2 threads, one
 * connection per client, each client on its own register. Latency percentiles come from the
 * per-transaction log (-l). Failed tries of deadlocks are retried up to 5 times.
 * @throws Error when pgbench fails or prints no tps.
 */
export async function runPgbench(options: {
  pgbenchPath: string;
  databaseUrl: string;
  clients: number;
  seconds: number;
  hot: boolean;
  layout: Layout;
  label: string;
  /** pgbench's query mode: `prepared` (named statements, the default) or `extended` (unnamed, planned each time). */
  mode?: 'prepared' | 'extended';
}): Promise<PgbenchResult> {
  const prefix = `pgbench-${process.pid}-${options.label.replace(/\W+/g, '-')}`;
  const args = [
    '-n',
    '-M',
    options.mode ?? 'prepared',
    '-c',
    String(options.clients),
    '-j',
    String(Math.min(2, options.clients)),
    '-T',
    String(options.seconds),
    '-f',
    PGBENCH_SCRIPT,
    '-D',
    `hot=${options.hot ? 1 : 0}`,
    '-D',
    `stores=${options.layout.stores}`,
    '-D',
    `perstore=${options.layout.registersPerStore}`,
    '-D',
    `nproducts=${options.layout.products}`,
    '--max-tries=5',
    '-r',
    '-l',
    `--log-prefix=${join(TMP_DIR, prefix)}`,
    options.databaseUrl,
  ];
  const child = spawn(options.pgbenchPath, args, { cwd: TMP_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  let lastCpuMs = 0;
  const poll = setInterval(() => {
    const cpu = cpuMsOf(child.pid ?? -1);
    if (cpu > 0) lastCpuMs = cpu;
  }, 100);
  const meter = cpuMeter(() => lastCpuMs);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  clearInterval(poll);
  const cpu = meter();

  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  const tps = number(/tps = ([\d.]+)/);
  if (code !== 0 || Number.isNaN(tps))
    throw new Error(`pgbench ${options.label} failed (${code}):\n${output}`);

  // Log lines: client_id transaction_no time_us script_no epoch epoch_us [retries]; failures say "failed".
  const latencies: number[] = [];
  for (const file of readdirSync(TMP_DIR).filter((f) => f.startsWith(prefix))) {
    const path = join(TMP_DIR, file);
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (Number.isFinite(micros) && line) latencies.push(micros / 1000);
    }
    rmSync(path);
  }
  // -r: "  <latency ms>  <failures>  [<retries>]  <command>" after the "statement latencies" header.
  const commands = output
    .slice(output.indexOf('statement latencies'))
    .split('\n')
    .map((line) => /^\s+([\d.]+)\s+\d+\s+(?:\d+\s+)?(\S.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[2]!.startsWith('\\'))
    .map((m) => ({ sql: m[2]!.slice(0, 80), meanMs: Number(m[1]) }));
  return {
    label: options.label,
    mode: options.mode ?? 'prepared',
    clients: options.clients,
    hot: options.hot,
    seconds: options.seconds,
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: number(/number of failed transactions: (\d+)/),
    retried: number(/number of transactions retried: (\d+)/) || 0,
    tps,
    latencyMs: summarize(latencies),
    commands,
    cpu,
  };
}
