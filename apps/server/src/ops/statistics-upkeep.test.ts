import { afterEach, describe, expect, it } from 'vitest';
import {
  analyzeStaleTables,
  autovacuumActive,
  startStatisticsUpkeep,
  type DatabaseHandle,
  type UpkeepTarget,
} from '@kassa/db';
import { cloneTemplateDatabase } from '../../test/harness.ts';

/** One session of the application role: the PGlite connection, or one pooled PostgreSQL client. */
type Session = { query<T>(text: string): Promise<{ rows: T[] }>; release(): void };

async function sessionOf(handle: DatabaseHandle): Promise<Session> {
  if (handle.pglite) {
    const pglite = handle.pglite;
    return { query: (text) => pglite.query(text), release: () => undefined };
  }
  const client = await handle.pool!.connect();
  return {
    query: async <T>(text: string) => ({ rows: (await client.query(text)).rows as T[] }),
    release: () => client.release(),
  };
}

const targetOf = (handle: DatabaseHandle): UpkeepTarget =>
  handle.pglite ? { kind: 'pglite', pglite: handle.pglite } : { kind: 'postgres', pool: handle.pool! };

/** The index the cached plan of `find_sale` reads sales by. */
async function planIndex(session: Session, companyId: string): Promise<string> {
  const plan = await session.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN EXECUTE find_sale('${companyId}', '00000000-0000-7000-8000-000000000000')`,
  );
  const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  return /using (\w+)/.exec(text)?.[1] ?? `no index: ${text}`;
}

/** Inserts `count` completed sales on the demo company's first register, straight in SQL. */
async function insertSales(session: Session, companyId: string, count: number): Promise<void> {
  await session.query(`
    INSERT INTO sales (company_id, id, store_id, register_id, cashier_id, receipt_seq, receipt_number,
                       currency, subtotal, discount_total, tax_total, total, tendered, change_due, tax_summary)
    SELECT '${companyId}', gen_random_uuid(), r.store_id, r.id, u.id, 900000 + g, 'UPKEEP-' || g,
           'USD', 100, 0, 7, 107, 107, 0, '[]'::jsonb
    FROM (SELECT * FROM registers ORDER BY id LIMIT 1) r,
         (SELECT * FROM users ORDER BY id LIMIT 1) u,
         generate_series(1, ${count}) g`);
  // Report the counts at once rather than when the session has been idle a while (up to 10 s).
  await session.query('SELECT pg_stat_force_next_flush()');
}

describe('statistics upkeep (where autovacuum does not run)', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('replaces a plan made while sales was empty, which read sales by the wrong index, and leaves the role as it was', async () => {
    handle = await cloneTemplateDatabase();
    const session = await sessionOf(handle);
    try {
      const [company] = (await session.query<{ id: string }>('SELECT kassa_company_ids() AS id')).rows;
      const companyId = company!.id;
      await session.query(`SELECT set_config('app.company_id', '${companyId}', false)`);
      // A generic plan, as the foreign-key checks of sale lines and tenders keep for a connection's life.
      await session.query('SET plan_cache_mode = force_generic_plan');
      await session.query(
        'PREPARE find_sale(uuid, uuid) AS SELECT 1 FROM sales WHERE company_id = $1 AND id = $2',
      );
      const onEmpty = await planIndex(session, companyId);
      // The planner's choice on an empty, never-analysed table: an index that matches company_id only.
      expect(onEmpty).not.toBe('sales_company_id_id_pk');

      await insertSales(session, companyId, 3000);
      // More sales change nothing: the connection keeps its plan.
      expect(await planIndex(session, companyId)).toBe(onEmpty);

      // The counts reach the statistics as the inserting session goes idle, not at once.
      const target = targetOf(handle);
      await expect
        .poll(() => analyzeStaleTables(target, { force: true }), { timeout: 10_000, interval: 200 })
        .toContain('sales');
      // The ANALYZE invalidated every connection's plans on sales: the next one looks up the key.
      expect(await planIndex(session, companyId)).toBe('sales_company_id_id_pk');
      const stats = await session.query<{ reltuples: number }>(
        "SELECT reltuples FROM pg_class WHERE relname = 'sales'",
      );
      expect(Number(stats.rows[0]!.reltuples)).toBeGreaterThanOrEqual(3000);

      // Nothing changed since: nothing is analysed again.
      expect(await analyzeStaleTables(target, { force: true })).not.toContain('sales');
      // The owner's role lasted one transaction: the application role (row-level security) is back.
      const role = await session.query<{ role: string }>('SELECT current_user AS role');
      expect(role.rows[0]!.role).toBe('kassa_app');
      await session.query('DEALLOCATE find_sale');
      await session.query('RESET plan_cache_mode');
    } finally {
      session.release();
    }
  });

  it('runs on a timer only where autovacuum is off, and stops cleanly', async () => {
    handle = await cloneTemplateDatabase();
    const target = targetOf(handle);
    const session = await sessionOf(handle);
    try {
      const [company] = (await session.query<{ id: string }>('SELECT kassa_company_ids() AS id')).rows;
      await session.query(`SELECT set_config('app.company_id', '${company!.id}', false)`);
      await insertSales(session, company!.id, 60);
    } finally {
      session.release();
    }
    const active = await autovacuumActive(target);
    if (handle.pglite) expect(active).toBe(false);
    else {
      const setting = await handle.pool!.query<{ autovacuum: string }>('SHOW autovacuum');
      expect(active).toBe(setting.rows[0]!.autovacuum === 'on');
    }
    const passes: string[][] = [];
    const upkeep = startStatisticsUpkeep(target, { intervalMs: 20, onAnalyzed: (t) => passes.push(t) });
    await expect.poll(() => passes.length > 0 || active, { timeout: 10_000 }).toBe(true);
    await upkeep.stop();
    if (active) expect(passes).toEqual([]);
    else expect(passes[0]).toContain('sales');
    // Stopped: a pass run by hand still works, and the timer is gone (no pass runs by itself).
    const count = passes.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(passes.length).toBe(count);
  });
});
