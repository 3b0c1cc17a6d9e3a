import { and, eq, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type AgeCheckRow = typeof s.ageChecks.$inferSelect;
export type NewAgeCheckRow = typeof s.ageChecks.$inferInsert;
type StoreRow = typeof s.stores.$inferSelect;

/** A register of the caller's company with its store, or undefined. */
export async function findRegister(ctx: Ctx, registerId: string) {
  const rows = await ctx.tx
    .select({ register: s.registers, store: s.stores })
    .from(s.registers)
    .innerJoin(
      s.stores,
      and(eq(s.stores.companyId, s.registers.companyId), eq(s.stores.id, s.registers.storeId)),
    )
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .limit(1);
  return rows[0];
}

/** A store of the caller's company, or undefined. */
export async function findStore(ctx: Ctx, storeId: string): Promise<StoreRow | undefined> {
  const rows = await ctx.tx
    .select()
    .from(s.stores)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.id, storeId)))
    .limit(1);
  return rows[0];
}

/** Sets a store's age-check rules. */
export async function updateStorePolicy(
  ctx: Ctx,
  storeId: string,
  policy: Pick<StoreRow, 'minimumAge' | 'ageCheckVisualOver' | 'ageCheckKeepBirthDate'>,
): Promise<void> {
  await ctx.tx
    .update(s.stores)
    .set(policy)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.id, storeId)));
}

export async function findAgeCheck(ctx: Ctx, id: string): Promise<AgeCheckRow | undefined> {
  const rows = await ctx.tx
    .select()
    .from(s.ageChecks)
    .where(and(eq(s.ageChecks.companyId, ctx.companyId), eq(s.ageChecks.id, id)))
    .limit(1);
  return rows[0];
}

/** The check that cleared a sale, or undefined. */
export async function findForSale(ctx: Ctx, saleId: string): Promise<AgeCheckRow | undefined> {
  const rows = await ctx.tx
    .select()
    .from(s.ageChecks)
    .where(and(eq(s.ageChecks.companyId, ctx.companyId), eq(s.ageChecks.saleId, saleId)))
    .limit(1);
  return rows[0];
}

/** Inserts a check; false when its id already exists (a retry). */
export async function insertIfNew(ctx: Ctx, row: NewAgeCheckRow): Promise<boolean> {
  const inserted = await ctx.tx
    .insert(s.ageChecks)
    .values(row)
    .onConflictDoNothing({ target: [s.ageChecks.companyId, s.ageChecks.id] })
    .returning({ id: s.ageChecks.id });
  return inserted.length > 0;
}

export type ReportRow = {
  day: string;
  store_id: string;
  store_name: string;
  register_id: string;
  register_name: string;
  cashier_id: string;
  cashier_name: string;
  method: 'birth_date' | 'id_scan' | 'visual';
  passed: string;
  refused: string;
};

/**
 * Checks counted per local day (store time zone) of `checked_at`, store, register, cashier and
 * method, for local days `from`..`to` inclusive; one store or all.
 */
export async function report(
  ctx: Ctx,
  p: { from: string; to: string; storeId: string | undefined },
): Promise<ReportRow[]> {
  const result = (await ctx.tx.execute(sql`
    select to_char((a.checked_at at time zone st.time_zone)::date, 'YYYY-MM-DD') as day,
      a.store_id, st.name as store_name, a.register_id, r.name as register_name,
      a.cashier_id, u.name as cashier_name, a.method,
      count(*) filter (where a.result = 'passed')::text as passed,
      count(*) filter (where a.result = 'refused')::text as refused
    from age_checks a
    join stores st on st.company_id = a.company_id and st.id = a.store_id
    join registers r on r.company_id = a.company_id and r.id = a.register_id
    join users u on u.company_id = a.company_id and u.id = a.cashier_id
    where a.company_id = ${ctx.companyId}
      ${p.storeId ? sql`and a.store_id = ${p.storeId}` : sql``}
      and a.checked_at >= (${p.from}::date - 1)::timestamp at time zone 'UTC'
      and a.checked_at < (${p.to}::date + 2)::timestamp at time zone 'UTC'
      and (a.checked_at at time zone st.time_zone)::date between ${p.from}::date and ${p.to}::date
    group by 1, a.store_id, st.name, a.register_id, r.name, a.cashier_id, u.name, a.method
    order by 1, st.name, r.name, u.name, a.method`)) as { rows: ReportRow[] };
  return result.rows;
}
