import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitRefusedError,
  SessionEndedError,
  finalStatement,
  pgCompanyTransaction,
  withCompanyTx,
  type DatabaseHandle,
  type KassaTx,
} from '@kassa/db';
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

  it('lets a lead statement that checks the session itself answer for it, and only for its own session', async () => {
    // No such session is stored: the transaction's own check (kassa_session_active) would refuse,
    // so a function that runs proves the lead's answer was used instead.
    const session = { companyId: a.companyId, sessionId: a.storeId, userId: a.userId };
    const lead = (active: boolean) => ({
      text: 'SELECT $1::boolean AS "sessionActive"',
      values: [active],
      checksSession: session,
    });
    let runs = 0;
    const run = async () => {
      runs++;
      return 'ran';
    };
    await expect(withCompanyTx(handle.db, a.companyId, run, { session, lead: lead(true) })).resolves.toBe(
      'ran',
    );
    await expect(
      withCompanyTx(handle.db, a.companyId, run, { session, lead: lead(false) }),
    ).rejects.toBeInstanceOf(SessionEndedError);
    // The same lead without checksSession: the transaction checks the (unknown) session itself.
    await expect(
      withCompanyTx(handle.db, a.companyId, run, {
        session,
        lead: { ...lead(true), checksSession: undefined },
      }),
    ).rejects.toBeInstanceOf(SessionEndedError);
    // A lead built for another session is a programming error, refused before anything runs.
    await expect(
      withCompanyTx(handle.db, a.companyId, run, {
        session: { ...session, userId: b.userId },
        lead: lead(true),
      }),
    ).rejects.toThrow('checks another session');
    expect(runs).toBe(1);
  });

  describe('finalStatement', () => {
    // Renames a register and reports the name; refuses the commit when the name is 'refuse'
    // (only when committing with it, as the sale's write does).
    const RENAME =
      'WITH r AS (UPDATE registers SET name = $2::text WHERE id = $1::uuid RETURNING name) ' +
      "SELECT name, CASE WHEN $3::boolean AND name = 'refuse' THEN kassa_refuse_commit('refused: ' || name) END AS x FROM r";
    const rename = (company: OtherCompany, name: string, seen: boolean[] = []) =>
      withCompanyTx(handle.db, company.companyId, async (tx) =>
        finalStatement<{ name: string }>(tx, RENAME, (committing) => {
          seen.push(committing);
          return [company.registerId, name, committing];
        }),
      );

    it('commits with its statement on PostgreSQL, runs as an ordinary statement on PGlite', async () => {
      // More transactions than the pool has connections: prepared on first use, executed after.
      for (let i = 0; i < 12; i++) {
        const seen: boolean[] = [];
        expect(await rename(a, `Final ${i}`, seen)).toEqual([{ name: `Final ${i}`, x: null }]);
        expect(seen).toEqual([handle.kind === 'postgres']);
        expect(await registerName(a)).toBe(`Final ${i}`);
      }
    });

    it('refuses the commit when the statement says so: nothing is written, connections stay usable', async () => {
      const before = await registerName(b);
      for (let i = 0; i < 12; i++) {
        const attempt = rename(b, 'refuse');
        if (handle.kind === 'postgres') {
          const err = await attempt.catch((e: unknown) => e);
          expect(err).toBeInstanceOf(CommitRefusedError);
          expect((err as CommitRefusedError).reason).toBe('refused: refuse');
          expect(await registerName(b)).toBe(before);
        } else {
          // PGlite: not committing with it, the statement does not refuse; the transaction commits.
          await expect(attempt).resolves.toEqual([{ name: 'refuse', x: null }]);
          await rename(b, before!);
        }
      }
      expect(await rename(b, 'After')).toEqual([{ name: 'After', x: null }]);
      expect(await registerName(b)).toBe('After');
    });

    it('lets nothing run after it in a transaction it committed', async () => {
      const attempt = withCompanyTx(handle.db, a.companyId, async (tx) => {
        await finalStatement(tx, RENAME, (committing) => [a.registerId, 'Then', committing]);
        await tx.execute(sql`update registers set name = 'Outside' where id = ${a.registerId}`);
      });
      if (handle.kind === 'postgres') {
        // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
        const err = (await attempt.catch((e: unknown) => e)) as Error & { cause?: Error };
        expect(err.cause?.message ?? err.message).toMatch('nothing may run after it');
        // The final statement committed; the statement after it never ran.
        expect(await registerName(a)).toBe('Then');
      } else {
        await attempt;
        expect(await registerName(a)).toBe('Outside');
      }
    });
  });
});
