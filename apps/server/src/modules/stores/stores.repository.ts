import { and, asc, eq, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export async function listStores(ctx: Ctx) {
  return ctx.tx
    .select()
    .from(s.stores)
    .where(eq(s.stores.companyId, ctx.companyId))
    .orderBy(asc(s.stores.code));
}

export async function listRegisters(ctx: Ctx) {
  return ctx.tx
    .select()
    .from(s.registers)
    .where(eq(s.registers.companyId, ctx.companyId))
    .orderBy(asc(s.registers.code));
}

export async function listActiveStaff(ctx: Ctx) {
  return ctx.tx
    .select({ id: s.users.id, name: s.users.name, role: s.users.role })
    .from(s.users)
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.active, true)))
    .orderBy(asc(s.users.name));
}

/** One row of `registerSyncStatus`: times as ISO strings, lag in seconds (null when never sold). */
export type RegisterSyncRow = {
  registerId: string;
  registerName: string;
  registerCode: string;
  storeId: string;
  storeName: string;
  lastReceivedAt: string | null;
  lastSoldAt: string | null;
  lagSeconds: number | null;
};

/**
 * Each register of the company (limited to `storeIds` when given) with its latest received sale:
 * received time (`sales.created_at`), device time (`sales.client_created_at`, the received time
 * when the device did not say) and their difference in seconds, never negative. One query.
 */
export async function registerSyncStatus(
  ctx: Ctx,
  storeIds: readonly string[] | null | undefined,
): Promise<RegisterSyncRow[]> {
  const scope =
    storeIds && storeIds.length > 0
      ? sql`and r.store_id in (${sql.join(
          storeIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : storeIds
        ? sql`and false`
        : sql``;
  const result = (await ctx.tx.execute(sql`select r.id::text as register_id, r.name as register_name,
      r.code as register_code, st.id::text as store_id, st.name as store_name,
      to_char(last.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at,
      to_char(coalesce(last.client_created_at, last.created_at) at time zone 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as sold_at,
      case when last.created_at is not null then greatest(0, extract(epoch from
        last.created_at - coalesce(last.client_created_at, last.created_at)))::float8 end as lag_seconds
    from registers r
    join stores st on st.company_id = r.company_id and st.id = r.store_id
    left join lateral (select s.created_at, s.client_created_at from sales s
      where s.company_id = r.company_id and s.register_id = r.id
      order by s.created_at desc limit 1) last on true
    where r.company_id = ${ctx.companyId} ${scope}
    order by st.code, r.code`)) as { rows: Record<string, string | number | null>[] };
  return result.rows.map((row) => ({
    registerId: String(row.register_id),
    registerName: String(row.register_name),
    registerCode: String(row.register_code),
    storeId: String(row.store_id),
    storeName: String(row.store_name),
    lastReceivedAt: row.received_at === null ? null : String(row.received_at),
    lastSoldAt: row.sold_at === null ? null : String(row.sold_at),
    lagSeconds: row.lag_seconds === null ? null : Number(row.lag_seconds),
  }));
}
