/**
 * `npm run bench:reports`: the sales report on a year of data (issue 7). Seeds BENCH_SALES sales
 * (default 1,000,000) into a fresh PostgreSQL database, then asks the real API (Fastify app
 * in-process, `app.inject`, bearer token, RLS transaction) for a month's report of one store, one
 * request at a time, and prints p50/p95/p99 with a same-run reference: the bare SQL sum of the
 * same sales straight from PostgreSQL. Writes bench/results/reports-<date>.md and .json.
 * See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '@kassa/db';
import { buildApp } from '../../apps/server/src/app.ts';
import { KeyRing } from '../../apps/server/src/modules/audit/keyring.ts';
import { hashSecret } from '../../apps/server/src/modules/auth/passwords.ts';
import { AccessTokens } from '../../apps/server/src/modules/auth/tokens.ts';
import {
  BENCH_COMPANY,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  STORES,
  catalogStatements,
  idSql,
  saleStatements,
} from './seed.ts';

const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const config = {
  baseUrl: env('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres'),
  sales: Number(env('BENCH_SALES', '1000000')),
  chunk: Number(env('BENCH_CHUNK', '100000')),
  iterations: Number(env('BENCH_ITERATIONS', '60')),
  warmup: Number(env('BENCH_WARMUP', '5')),
  keep: env('BENCH_KEEP', '0') === '1',
};
const TARGET_P95_MS = 500;

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Nearest-rank percentile of sorted milliseconds. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    n: sorted.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted.at(-1)!),
  };
}

/** First and last local day of the full months of the seeded year (the current month excluded). */
function months(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  const now = new Date();
  for (let back = 11; back >= 1; back--) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    out.push({ from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) });
  }
  return out;
}

async function main() {
  const dbName = `kassa_bench_reports_${Date.now()}`;
  const url = withDatabase(config.baseUrl, dbName);
  const admin = new pg.Client({ connectionString: config.baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  log(`database ${dbName}`);
  const results: Record<string, unknown> = { date: new Date().toISOString(), config, database: dbName };
  let owner: pg.Client | undefined;
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    const migrated = await openDatabase({ databaseUrl: url, migrate: true, poolSize: 1 });
    await migrated.close();
    owner = new pg.Client({ connectionString: url });
    await owner.connect();
    const server = (await owner.query('show server_version')).rows[0] as { server_version: string };

    const seedStarted = performance.now();
    await owner.query('BEGIN');
    for (const statement of catalogStatements(await hashSecret(OWNER_PASSWORD))) await owner.query(statement);
    await owner.query('COMMIT');
    for (let from = 1; from <= config.sales; from += config.chunk) {
      const to = Math.min(config.sales, from + config.chunk - 1);
      await owner.query('BEGIN');
      for (const statement of saleStatements(from, to, config.sales)) await owner.query(statement);
      await owner.query('COMMIT');
      log(`seeded sales ${from}..${to}`);
    }
    // Receipt sequences continue after the seeded ones, as the registers would hold them.
    await owner.query(
      `UPDATE registers SET next_receipt_seq = ${config.sales + 1} WHERE company_id = '${BENCH_COMPANY}'`,
    );
    await owner.query('VACUUM ANALYZE');
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    const counts = (
      await owner.query<
        Record<string, unknown>
      >(`select (select count(*) from sales)::int as sales, (select count(*) from sale_lines)::int as lines,
        (select count(*) from refunds where kind = 'refund')::int as refunds, (select count(*) from refunds where kind = 'void')::int as voids,
        pg_size_pretty(pg_database_size(current_database())) as size`)
    ).rows[0]!;
    log(`seeded in ${seedSeconds} s: ${JSON.stringify(counts)}`);
    results.seed = { seconds: seedSeconds, ...counts, postgres: server.server_version };

    handle = await openDatabase({ databaseUrl: url, migrate: false, poolSize: 4 });
    const app = await buildApp({
      db: handle.db,
      tokens: new AccessTokens(randomBytes(32).toString('hex')),
      secureCookies: false,
      keys: new KeyRing({ id: 'bench', key: randomBytes(32) }),
    });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };

    const periods = months();
    const storeIds = (
      await owner.query(
        `select id::text, code from stores where company_id = '${BENCH_COMPANY}' order by code`,
      )
    ).rows.map((r: { id: string }) => r.id);
    const storeSql = (n: number) => idSql('1', String(n));
    const reportMs: number[] = [];
    const referenceMs: number[] = [];
    let checked = 0;
    for (let k = -config.warmup; k < config.iterations; k++) {
      const period = periods[((k % periods.length) + periods.length) % periods.length]!;
      const storeNo = (((k % STORES) + STORES) % STORES) + 1;
      const started = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/sales?from=${period.from}&to=${period.to}&storeId=${storeIds[storeNo - 1]}`,
        headers,
      });
      const elapsed = performance.now() - started;
      if (res.statusCode !== 200)
        throw new Error(`report failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
      // Reference: the least the database must do for the same question, one bare aggregate.
      const refStarted = performance.now();
      const ref = await owner.query(
        `select count(*)::int as sales, coalesce(sum(total), 0)::bigint as total from sales s
         where company_id = '${BENCH_COMPANY}' and store_id = ${storeSql(storeNo)}
           and created_at >= ($1::date::timestamp at time zone 'America/Chicago')
           and created_at < (($2::date + 1)::timestamp at time zone 'America/Chicago')
           and not exists (select 1 from refunds v where v.company_id = s.company_id and v.sale_id = s.id and v.kind = 'void')`,
        [period.from, period.to],
      );
      const refElapsed = performance.now() - refStarted;
      const report = res.json<{ totals: { sales: number; total: number } }>();
      const expected = ref.rows[0] as { sales: number; total: string };
      if (report.totals.sales !== expected.sales || report.totals.total !== Number(expected.total)) {
        throw new Error(
          `report totals ${JSON.stringify(report.totals)} differ from SQL ${JSON.stringify(expected)}`,
        );
      }
      checked++;
      if (k >= 0) {
        reportMs.push(elapsed);
        referenceMs.push(refElapsed);
      }
    }
    const report = summary(reportMs);
    const reference = summary(referenceMs);
    const ratio = Math.round((report.p95 / reference.p95) * 10) / 10;
    log(`month report, one store: ${JSON.stringify(report)} ms`);
    log(`reference bare SQL sum:  ${JSON.stringify(reference)} ms; p95 ratio ${ratio}x`);

    // A wider question for context: the whole year, all stores (few runs, it is heavy).
    const yearMs: number[] = [];
    const yearFrom = periods[0]!.from;
    const yearTo = periods.at(-1)!.to;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/sales?from=${yearFrom}&to=${yearTo}`,
        headers,
      });
      if (res.statusCode !== 200) throw new Error(`year report failed: ${res.statusCode}`);
      yearMs.push(performance.now() - started);
    }
    const year = summary(yearMs);
    log(`11 months, all stores: ${JSON.stringify(year)} ms`);
    await app.close();
    Object.assign(results, {
      monthOneStore: report,
      reference,
      p95Ratio: ratio,
      targetP95Ms: TARGET_P95_MS,
      met: report.p95 < TARGET_P95_MS,
      checkedAgainstSql: checked,
      elevenMonthsAllStores: year,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => x.toFixed(2)) },
    });
    writeResults(results);
  } finally {
    await handle?.close();
    await owner?.end();
    if (!config.keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

function writeResults(r: Record<string, unknown>) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const day = String(r.date).slice(0, 10);
  writeFileSync(`${RESULTS_DIR}/reports-${day}.json`, JSON.stringify(r, null, 2) + '\n');
  const m = r.monthOneStore as ReturnType<typeof summary>;
  const ref = r.reference as ReturnType<typeof summary>;
  const y = r.elevenMonthsAllStores as ReturnType<typeof summary>;
  const seed = r.seed as Record<string, unknown>;
  const machine = r.machine as Record<string, unknown>;
  const md = `# Reports benchmark, ${day}

\`npm run bench:reports\` (bench/reports/run.ts) on PostgreSQL ${String(seed.postgres)}, ${String(machine.cpus)} CPUs
(${String(machine.model)}), load average at the end ${JSON.stringify(machine.loadavg)} (shared machine:
other work was running).

Data: ${String(seed.sales)} sales over the year before the run (${String(seed.lines)} lines, ${String(seed.refunds)}
refunds, ${String(seed.voids)} voids), 5 stores, seeded set-based in ${String(seed.seconds)} s, database ${String(seed.size)}.

| Question | n | p50 ms | p95 ms | p99 ms | max ms |
| --- | --- | --- | --- | --- | --- |
| Sales report, one month, one store (API, \`GET /reports/sales\`) | ${m.n} | ${m.p50} | ${m.p95} | ${m.p99} | ${m.max} |
| Reference: bare SQL count + sum of the same sales | ${ref.n} | ${ref.p50} | ${ref.p95} | ${ref.p99} | ${ref.max} |
| Sales report, 11 months, all stores (context) | ${y.n} | ${y.p50} | ${y.p95} | ${y.p99} | ${y.max} |

Target: a month's summary for one store under ${TARGET_P95_MS} ms at p95: **${r.met ? 'met' : 'not met'}**
(p95 ${m.p95} ms; ${String(r.p95Ratio)}x the same-run bare SQL p95). Requests were sequential, through the
whole Fastify app in-process (auth, validation, the company transaction with row-level security,
every section of the report, serialization). Each report's totals were checked against the bare
SQL (${String(r.checkedAgainstSql)} checks, all equal).
`;
  writeFileSync(`${RESULTS_DIR}/reports-${day}.md`, md);
  log(`wrote bench/results/reports-${day}.md`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
