import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgCompanyTransaction, withCompanyTx, type DatabaseHandle, type KassaTx } from '@kassa/db';
import { cloneTemplateDatabase } from '../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../test/factories.ts';

// withCompanyTx on PostgreSQL sends BEGIN and set_config in one message (pgCompanyTransaction);
// on PGlite it is Drizzle's transaction. Both must scope, commit and roll back alike.
/** The rows of a raw statement (the driver-neutral result type is not resolvable). */
async function rows<T>(tx: KassaTx, query: SQL): Promise<T[]> {
  const result: unknown = await tx.execute(query);
  return (result as { rows: T[] }).rows;
}

describe('withCompanyTx', () => {
  let handle: DatabaseHandle;
  let a: OtherCompany;
  let b: OtherCompany;

  beforeAll(async () => {
    handle = await cloneTemplateDatabase();
    a = await seedOtherCompany(handle.db, 'a');
    b = await seedOtherCompany(handle.db, 'b');
  });
  afterAll(async () => {
    await handle.close();
  });

  const registerName = async (company: OtherCompany) =>
    withCompanyTx(handle.db, company.companyId, async (tx) => {
      const r = await rows<{ name: string }>(
        tx,
        sql`select name from registers where id = ${company.registerId}`,
      );
      return r[0]?.name;
    });

  it('scopes row-level security to the company of the transaction', async () => {
    const seen = await withCompanyTx(handle.db, a.companyId, async (tx) => {
      const setting = await rows<{ v: string }>(tx, sql`select current_setting('app.company_id') as v`);
      const stores = await rows<{ company_id: string }>(tx, sql`select company_id from stores`);
      return { setting: setting[0]?.v, companies: new Set(stores.map((r) => r.company_id)) };
    });
    expect(seen.setting).toBe(a.companyId);
    expect([...seen.companies]).toEqual([a.companyId]);
    // Another company's rows are invisible, even by id.
    const foreign = await withCompanyTx(handle.db, a.companyId, async (tx) =>
      rows(tx, sql`select 1 from registers where id = ${b.registerId}`),
    );
    expect(foreign).toHaveLength(0);
  });

  it('commits what the function wrote and returns its result', async () => {
    const result = await withCompanyTx(handle.db, a.companyId, async (tx) => {
      await tx.execute(sql`update registers set name = 'Committed' where id = ${a.registerId}`);
      return 42;
    });
    expect(result).toBe(42);
    expect(await registerName(a)).toBe('Committed');
  });

  it('rolls back everything when the function throws, and the connection stays usable', async () => {
    const before = await registerName(b);
    await expect(
      withCompanyTx(handle.db, b.companyId, async (tx) => {
        await tx.execute(sql`update registers set name = 'Rolled back' where id = ${b.registerId}`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await registerName(b)).toBe(before);
    // A failed statement aborts the transaction; the rollback still ends it cleanly.
    await expect(
      withCompanyTx(handle.db, b.companyId, async (tx) => rows(tx, sql`select 1/0`)),
    ).rejects.toThrow();
    expect(await registerName(b)).toBe(before);
  });

  it('on PostgreSQL refuses a company id that is not a UUID; on PGlite leaves the transaction to Drizzle', async () => {
    const attempt = pgCompanyTransaction(handle.db, "x'; drop table sales; --", async () => 1);
    if (handle.kind === 'postgres') await expect(attempt).rejects.toThrow('not a UUID');
    else await expect(attempt).resolves.toBeUndefined();
    // The sales table is still there (the id never reached the database).
    const sales = await withCompanyTx(handle.db, a.companyId, async (tx) =>
      rows(tx, sql`select count(*) from sales`),
    );
    expect(sales).toHaveLength(1);
  });

  it('runs a lead statement first and hands its rows over; the connection stays usable when one fails', async () => {
    const lead = {
      text: 'SELECT name, $2::int + 1 AS n FROM registers WHERE id = $1::uuid',
      values: [a.registerId, 41],
    };
    // More transactions than the pool has connections: the statement is prepared once on each and
    // executed on every later use.
    const seen = await Promise.all(
      Array.from({ length: 20 }, () =>
        withCompanyTx(handle.db, a.companyId, async (_tx, leadRows) => leadRows, { lead }),
      ),
    );
    for (const r of seen) expect(r).toEqual([{ name: await registerName(a), n: 42 }]);
    // The lead runs under the transaction's company: another company's register is not there.
    const foreign = await withCompanyTx(handle.db, b.companyId, async (_tx, leadRows) => leadRows, { lead });
    expect(foreign).toEqual([]);
    // A failing lead (a value its statement cannot take) fails the transaction before the function.
    let ran = false;
    await expect(
      withCompanyTx(
        handle.db,
        a.companyId,
        async () => {
          ran = true;
        },
        { lead: { ...lead, values: [a.registerId, 'not a number'] } },
      ),
    ).rejects.toThrow(/invalid input syntax/);
    expect(ran).toBe(false);
    // Every connection still works, with the lead too.
    const after = await Promise.all(
      Array.from({ length: 12 }, () =>
        withCompanyTx(handle.db, a.companyId, async (_tx, leadRows) => leadRows, { lead }),
      ),
    );
    for (const r of after) expect(r).toHaveLength(1);
  });
});
