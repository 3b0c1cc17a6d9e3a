import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import type { BooksResult } from './books.ts';
import type { CensusSummary } from './census.ts';
import { RESULTS_DIR, ROOT, type BenchConfig } from './config.ts';
import type { PhaseResult } from './driver.ts';
import { registerCount, type Layout } from './layout.ts';
import type { PgbenchResult } from './pgbench.ts';
import type { CpuSplit } from './procfs.ts';
import type { ProfileSummary } from './profile.ts';
import { round } from './stats.ts';

/** A driver phase with what the server cost meanwhile. */
export type KassaPhase = PhaseResult & { peakRssMb: number; cpu: CpuSplit; serverWarnings: number };

export type BenchResults = {
  startedAt: string;
  finishedAt: string;
  machine: {
    cores: number;
    cpu: string;
    loadAverageAtStart: number[];
    /** `uptime`'s 1, 5 and 15 minute load averages when the run ended (absent in older result files). */
    loadAverageAtEnd?: number[];
    node: string;
    postgres: string;
  };
  config: BenchConfig;
  /**
   * The checkout whose server was measured; `runs`: how it ran (absent in results written before
   * the server bundle, whose servers ran through tsx).
   */
  server: { root: string; commit: string; changedFiles: number | null; runs?: 'bundle' | 'tsx' };
  layout: Layout;
  pgliteLayout: Layout;
  postgres: {
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
  pglite?: {
    dataDir: string;
    seedSeconds: number;
    phases: KassaPhase[];
    serverPeakRssMb: number;
    books: BooksResult;
  };
};

/** "kassa c16" and "pgbench c16" pair up by what follows the first word. */
const variantOf = (label: string) => label.split(' ').slice(1).join(' ');

/** A Markdown table; columns whose cells are all figures are right-aligned. */
const table = (header: string[], rows: (string | number)[][]) => {
  const figures = header.map((_, i) =>
    rows.every((r) => typeof r[i] === 'number' || /^[-–\d.,x*/+ ]*$/.test(String(r[i] ?? ''))),
  );
  return [
    `| ${header.join(' | ')} |`,
    `| ${figures.map((right) => (right ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
};

const f = (value: number | undefined, digits = 1) =>
  value === undefined || Number.isNaN(value) ? '–' : round(value, digits).toFixed(digits);

const errorsText = (p: PhaseResult) =>
  p.errorCount === 0
    ? '0'
    : `${p.errorCount} (${Object.entries(p.errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`;

const cpuPer = (cpu: CpuSplit, n: number, driver: boolean) =>
  n
    ? [cpu.subjectMs, cpu.postgresMs, ...(driver ? [cpu.driverMs] : [])].map((ms) => f(ms / n, 2)).join(' + ')
    : '–';

/** Node runs JavaScript on one thread: near 100 % the server process is the bottleneck. */
const serverBusy = (p: KassaPhase) => f((100 * p.cpu.subjectMs) / (p.seconds * 1000), 0);

const otherLoad = (cpu: CpuSplit) => f((100 * cpu.otherMs) / Math.max(1, cpu.machineTotalMs), 0);

function mainTable(results: BenchResults): string {
  const { postgres, pglite } = results;
  const rows = postgres.phases.map((p) => {
    const bench = postgres.pgbench.find((b) => variantOf(b.label) === variantOf(p.label));
    return [
      p.label,
      p.clients,
      f(p.salesPerSecond, 0),
      f(p.latencyMs.p50),
      f(p.latencyMs.p95),
      f(p.latencyMs.p99),
      errorsText(p),
      bench ? f(bench.tps, 0) : '–',
      bench ? `${f(bench.latencyMs.p50)} / ${f(bench.latencyMs.p99)}` : '–',
      bench ? `**${f(p.salesPerSecond / bench.tps, 2)}x**` : '–',
      cpuPer(p.cpu, p.sales, true),
      serverBusy(p),
      bench ? cpuPer(bench.cpu, bench.transactions, false) : '–',
      `${otherLoad(p.cpu)}${bench ? ` / ${otherLoad(bench.cpu)}` : ''}`,
      f(p.peakRssMb, 0),
    ];
  });
  for (const p of pglite?.phases ?? [])
    rows.push([
      p.label,
      p.clients,
      f(p.salesPerSecond, 0),
      f(p.latencyMs.p50),
      f(p.latencyMs.p95),
      f(p.latencyMs.p99),
      errorsText(p),
      '–',
      '–',
      '–',
      p.sales
        ? `${f(p.cpu.subjectMs / p.sales, 2)} (database in process) + ${f(p.cpu.driverMs / p.sales, 2)}`
        : '–',
      serverBusy(p),
      '–',
      otherLoad(p.cpu),
      f(p.peakRssMb, 0),
    ]);
  return table(
    [
      'Variant',
      'Clients',
      'Kassa sales/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'Errors',
      'pgbench tps',
      'pgbench p50 / p99 ms',
      'Kassa / pgbench',
      'Kassa CPU ms/sale: server + PostgreSQL + driver',
      'Server CPU % of one core',
      'pgbench CPU ms/sale: pgbench + PostgreSQL',
      'Other load % (Kassa / pgbench)',
      'Peak RSS MB',
    ],
    rows,
  );
}

type Target = { target: string; measured: string; met: boolean | undefined };

function targets(results: BenchResults): Target[] {
  const { postgres } = results;
  const phase = (label: string) => postgres.phases.find((p) => p.label === label);
  const bench = (label: string) => postgres.pgbench.find((p) => p.label === label);
  const list: Target[] = [];
  const c16 = phase('kassa c16');
  const b16 = bench('pgbench c16');
  if (c16 && b16) {
    const ratio = c16.salesPerSecond / b16.tps;
    list.push({
      target: 'c16: at least 0.40x pgbench, p99 at most 50 ms',
      measured: `${f(ratio, 2)}x, p99 ${f(c16.latencyMs.p99)} ms`,
      met: ratio >= 0.4 && c16.latencyMs.p99 <= 50,
    });
  }
  const c64 = phase('kassa c64');
  if (c64)
    list.push({
      target: 'c64: no errors, p99 at most 150 ms',
      measured: `${c64.errorCount} errors, p99 ${f(c64.latencyMs.p99)} ms`,
      met: c64.errorCount === 0 && c64.latencyMs.p99 <= 150,
    });
  const hot = postgres.phases.find((p) => p.hot);
  if (hot)
    list.push({
      target: 'hot SKU: at least 300 sales/s, no deadlocks, no errors',
      measured: `${f(hot.salesPerSecond, 0)} sales/s, ${hot.errorCount} errors`,
      met: hot.salesPerSecond >= 300 && hot.errorCount === 0,
    });
  // The target is about the server process; in embedded mode the database lives in it too.
  const rss = Math.max(...postgres.phases.map((p) => p.peakRssMb));
  const pgliteRss = results.pglite ? Math.max(...results.pglite.phases.map((p) => p.peakRssMb)) : undefined;
  list.push({
    target: 'server RSS at most 300 MB under load (PostgreSQL mode)',
    measured:
      `${f(rss, 0)} MB` +
      (pgliteRss === undefined ? '' : `; embedded mode, PGlite inside the process: ${f(pgliteRss, 0)} MB`),
    met: rss <= 300,
  });
  const books = [postgres.books, ...(results.pglite ? [results.pglite.books] : [])];
  list.push({
    target: 'zero lost, duplicated or mis-numbered sales, exact stock',
    measured: books.every((b) => b.ok) ? 'books balance' : books.flatMap((b) => b.problems).join('; '),
    met: books.every((b) => b.ok),
  });
  return list;
}

function pgbenchText(runs: PgbenchResult[]): string {
  return table(
    [
      'pgbench run',
      'Statements',
      'tps',
      'p50 ms',
      'p99 ms',
      'Failed',
      'CPU ms/sale: pgbench + PostgreSQL',
      'Commit (END) ms',
    ],
    runs.map((b) => [
      b.label,
      b.mode === 'prepared' ? 'named (-M prepared)' : 'unnamed (-M extended)',
      f(b.tps, 0),
      f(b.latencyMs.p50),
      f(b.latencyMs.p99),
      b.failed,
      cpuPer(b.cpu, b.transactions, false),
      f(b.commands.find((c) => c.sql.startsWith('END'))?.meanMs, 2),
    ]),
  );
}

function booksText(name: string, books: BooksResult): string {
  return books.ok
    ? `- ${name}: **balance**. ${books.salesInDatabase} sales in the database = ${books.acknowledged} acknowledged ids, ` +
        `none twice; ${books.registersWithSales} registers numbered 1..n without gaps; ` +
        `${books.stockRowsChecked} stock levels exact (${books.stockRowsTouched} touched, ${books.unitsSold} units sold) ` +
        'and equal to their movements; tenders and lines add up.'
    : `- ${name}: **DO NOT BALANCE**: ${books.problems.join('; ')}`;
}

function censusText(census: CensusSummary): string {
  const p = census.perSale;
  return [
    `Per sale, counted on the wire between the server and PostgreSQL over ${census.sales} sales: ` +
      `**${f(p.roundTrips)} round trips**, ${f(p.statements)} statements, ${f(p.unnamedParses)} unnamed parses ` +
      `(planned every time), ${f(p.namedParses)} named, ${f(p.simpleQueries)} simple queries; ` +
      `${f(p.databaseMs, 2)} ms waiting on the database.`,
    '',
    table(
      ['Statement', 'Per sale', 'Mean ms'],
      census.statements
        .slice(0, 20)
        .map((s) => [
          `\`${s.sql.length > 140 ? `${s.sql.slice(0, 140)}…` : s.sql}\``,
          f(s.perSale, 2),
          f(s.meanMs, 2),
        ]),
    ),
  ].join('\n');
}

function profileText(profile: ProfileSummary): string {
  const rows = (list: ProfileSummary['topSelf'], n: number) =>
    list.slice(0, n).map((r) => [r.name, r.where ? `\`${r.where}\`` : '', f(r.percent)]);
  return [
    `${f(profile.busyMs / 1000)} s busy of ${f(profile.sampledMs / 1000)} s sampled on the main thread` +
      `${profile.windowed ? ' while under load (start-up left out)' : ''}; percentages are of busy time.`,
    '',
    table(
      ['Self time, by function', 'Where', '%', 'Commonest callers'],
      profile.topSelf
        .slice(0, 15)
        .map((r) => [r.name, r.where ? `\`${r.where}\`` : '', f(r.percent), r.calledFrom ?? '']),
    ),
    '',
    table(['Self time, by area', '', '%'], rows(profile.byArea, 10)),
    '',
    table(["Inclusive time of Kassa's functions", 'Where', '%'], rows(profile.topKassaInclusive, 12)),
    '',
    "Inclusive time misses work resumed in promise jobs (drizzle builds a query's SQL when it is awaited), " +
      'so it understates the service functions. The profiler samples the main thread on a wall clock: time ' +
      'the server waits for a core after waking PostgreSQL (a socket write) lands in the frame it was in, ' +
      'mostly `writev`; the /proc CPU figures above are the CPU actually used.',
  ].join('\n');
}

function markdown(results: BenchResults): string {
  const { postgres, pglite, layout, config, machine } = results;
  const date = results.startedAt.slice(0, 10);
  const lines = [
    `# Checkout benchmark, ${date}`,
    '',
    `\`npm run bench:checkout\` on ${machine.cores} cores (${machine.cpu}), load average at start ` +
      `${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}` +
      (machine.loadAverageAtEnd
        ? `, at end ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}`
        : '') +
      ` (above the core count, the machine is oversubscribed); Node ${machine.node}; ${machine.postgres.split(',')[0]}. ` +
      `${layout.products} products, ${layout.stores} stores, ${registerCount(layout)} registers (one cashier each), ` +
      `${config.seconds} s per phase after a ${config.warmupSeconds} s warm-up. ` +
      'Server, PostgreSQL, pgbench and the load driver share the machine; same-run ratios are what count.',
    '',
    `Server measured: \`${results.server.root}\`, ${/^[0-9a-f]{40}$/.test(results.server.commit) ? `commit ${results.server.commit.slice(0, 12)}` : results.server.commit}` +
      (results.server.changedFiles === null
        ? ''
        : `, ${results.server.changedFiles} uncommitted changes under apps/server and packages`) +
      (results.server.runs === 'bundle'
        ? '; run as `node apps/server/dist/main.js` (esbuild bundle).'
        : '; run as `node --import tsx apps/server/src/main.ts`.'),
    '',
    mainTable(results),
    '',
    'CPU per sale is measured from /proc: the server process (or pgbench), every PostgreSQL process, and the ' +
      'load driver. "Other load" is the share of the machine used meanwhile by anything else (other work on a ' +
      'shared machine); high values mean the figures are depressed by noise.',
    '',
    '## Targets (issue 9)',
    '',
    table(
      ['Target', 'Measured', 'Met'],
      targets(results).map((t) => [t.target, t.measured, t.met === undefined ? '–' : t.met ? 'yes' : 'no']),
    ),
    '',
    '## Books',
    '',
    booksText('PostgreSQL', postgres.books),
    ...(pglite ? [booksText(`PGlite (${results.pgliteLayout.products} products)`, pglite.books)] : []),
    '',
    `Server peak RSS over its life (VmHWM): ${f(postgres.serverPeakRssMb, 0)} MB on PostgreSQL` +
      (pglite ? `, ${f(pglite.serverPeakRssMb, 0)} MB on PGlite.` : '.'),
  ];
  if (postgres.pgbench.length) lines.push('', '## pgbench runs', '', pgbenchText(postgres.pgbench));
  if (postgres.census) lines.push('', '## Statements per sale', '', censusText(postgres.census));
  if (postgres.profile && postgres.profilePhase)
    lines.push(
      '',
      `## Profile (${postgres.profilePhase.label}: ${f(postgres.profilePhase.salesPerSecond, 0)} sales/s while profiled)`,
      '',
      profileText(postgres.profile),
    );
  return `${lines.join('\n')}\n`;
}

const LATEST = /<!-- latest -->[\s\S]*?<!-- \/latest -->/;

/**
 * Writes bench/results/checkout-<date>.json (everything) and .md (the tables), and points the
 * "latest results" line of bench/README.md at them.
 */
export function writeReports(results: BenchResults): { json: string; markdown: string } {
  const date = results.startedAt.slice(0, 10);
  const json = join(RESULTS_DIR, `checkout-${date}.json`);
  const md = join(RESULTS_DIR, `checkout-${date}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, markdown(results));
  const readme = resolve(ROOT, 'bench/README.md');
  try {
    const text = readFileSync(readme, 'utf8');
    if (LATEST.test(text))
      writeFileSync(
        readme,
        text.replace(
          LATEST,
          `<!-- latest -->[results/checkout-${date}.md](results/checkout-${date}.md)<!-- /latest -->`,
        ),
      );
  } catch {
    // No README to update.
  }
  return { json, markdown: md };
}

// `tsx bench/checkout/report.ts <checkout-date.json>` writes the Markdown again from a result file
// (e.g. after a change to this report).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/checkout/report.ts <bench/results/checkout-<date>.json>');
    process.exit(2);
  }
  const written = writeReports(JSON.parse(readFileSync(file, 'utf8')) as BenchResults);
  console.log(`wrote ${written.markdown}`);
}
