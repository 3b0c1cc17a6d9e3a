import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Autovacuum's analyze rule with PostgreSQL's defaults (`autovacuum_analyze_threshold` 50,
 * `autovacuum_analyze_scale_factor` 0.1): a table is analysed once more rows than
 * 50 + 10 % of its last known row count changed since its last ANALYZE. A table never analysed
 * counts as 0 rows. Source: PostgreSQL documentation, "The Autovacuum Daemon" (routine vacuuming).
 */
export const ANALYZE_THRESHOLD = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;

const STALE_TABLES = `
SELECT s.relname AS name
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.schemaname = 'public'
  AND s.n_mod_since_analyze >= ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE_FACTOR} * greatest(c.reltuples, 0)
ORDER BY s.relname`;

const AUTOVACUUM_ACTIVE = `SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS active`;

/** The connection the upkeep works on: an embedded PGlite, or a node-postgres pool. */
export type UpkeepTarget = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; pool: pg.Pool };

/** A one-transaction runner: PGlite's `transaction` or a checked-out pool client. */
type Runner = { query<T>(text: string): Promise<{ rows: T[] }> };

async function inOwnerTransaction<T>(target: UpkeepTarget, fn: (db: Runner) => Promise<T>): Promise<T> {
  // `SET LOCAL ROLE NONE` acts as the session user (the database owner) until the transaction
  // ends, on commit or rollback alike, so the connection goes back to kassa_app (row-level
  // security) whatever happens inside. Only the owner may ANALYZE a table.
  if (target.kind === 'pglite') {
    return target.pglite.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE NONE');
      return fn(tx);
    });
  }
  // A connection of its own, as autovacuum has its own worker: a pass never takes one of the
  // connections requests wait for. Throttled like autovacuum (its default cost delay, 2 ms), so
  // ANALYZE spreads its reads. Measured in the checkout bench at c64: p99 154 ms without the
  // upkeep, 182 ms with an unthrottled pass on a pool connection, 179 ms as here (no clear gain).
  const client = new pg.Client(target.pool.options);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE NONE');
    await client.query(`SET LOCAL vacuum_cost_delay = '${AUTOVACUUM_COST_DELAY_MS}ms'`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } finally {
    // Ending the connection ends (rolls back) a transaction left open by an error.
    await client.end().catch(() => undefined);
  }
}

/** `autovacuum_vacuum_cost_delay`'s default since PostgreSQL 12, in milliseconds. */
const AUTOVACUUM_COST_DELAY_MS = 2;

/**
 * Whether PostgreSQL's autovacuum keeps statistics fresh on this database. Always false on PGlite,
 * which runs PostgreSQL in single-user mode without the autovacuum launcher.
 */
export async function autovacuumActive(target: UpkeepTarget): Promise<boolean> {
  if (target.kind === 'pglite') return false;
  const result = await target.pool.query<{ active: boolean }>(AUTOVACUUM_ACTIVE);
  return result.rows[0]?.active === true;
}

/**
 * One pass of the statistics upkeep: ANALYZEs every table of the public schema that changed past
 * autovacuum's analyze rule (ANALYZE_THRESHOLD, ANALYZE_SCALE_FACTOR), in one transaction as the
 * database owner, and returns their names (empty when nothing was stale, or when `force` is false
 * and autovacuum is active, which then does this itself).
 *
 * Why Kassa does this: PostgreSQL plans with the statistics it has, and a connection keeps the
 * plans it made (prepared statements, and the foreign-key checks of every insert) until an ANALYZE
 * of the table replaces them. Plans made while the sales table was empty look up a sale by any
 * index that starts with company_id, which reads every sale of the company, so without an
 * ANALYZE each sale costs more than the one before.
 * @throws the database's error when the owner may not analyse a table.
 */
export async function analyzeStaleTables(target: UpkeepTarget, options: { force?: boolean } = {}) {
  if (!options.force && (await autovacuumActive(target))) return [];
  return inOwnerTransaction(target, async (db) => {
    const stale = (await db.query<{ name: string }>(STALE_TABLES)).rows.map((r) => r.name);
    if (stale.length > 0) await db.query(`ANALYZE ${stale.map((n) => `public."${n}"`).join(', ')}`);
    return stale;
  });
}

/** A running statistics upkeep. */
export type StatisticsUpkeep = {
  /** Runs one pass now (after any pass in progress); the names of the tables analysed. */
  runOnce(): Promise<string[]>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
};

/**
 * Runs `analyzeStaleTables` every `intervalMs` (autovacuum's own default naptime is one minute)
 * where autovacuum does not: on PGlite always, on PostgreSQL while `autovacuum` is off. The timer
 * does not keep the process alive; a failed pass is reported to `onError` and the next one runs
 * as planned.
 */
export function startStatisticsUpkeep(
  target: UpkeepTarget,
  options: { intervalMs: number; onAnalyzed?: (tables: string[]) => void; onError?: (err: Error) => void },
): StatisticsUpkeep {
  let running: Promise<string[]> = Promise.resolve([]);
  const runOnce = () => {
    running = running
      .catch(() => [])
      .then(() => analyzeStaleTables(target))
      .then((tables) => {
        if (tables.length > 0) options.onAnalyzed?.(tables);
        return tables;
      });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err))));
  }, options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
