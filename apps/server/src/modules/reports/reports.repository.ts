import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../context.ts';

/** A report period: local days `from`..`to` (inclusive) of each store, optionally one store. */
export type Period = { from: string; to: string; storeId?: string | undefined };

type Row = Record<string, string | number | null>;

async function rows(ctx: Ctx, query: SQL): Promise<Row[]> {
  const result = (await ctx.tx.execute(query)) as { rows: Row[] };
  return result.rows;
}

/**
 * The company's completed sales of the period as a CTE. Days are cut in each store's time zone; the
 * UTC range (a day wider on each side, enough for any zone) lets the (company, store, created_at)
 * index narrow the scan before the exact local-day test.
 */
function periodSales(ctx: Ctx, p: Period): SQL {
  return sql`period_sales as (
    select s.*, st.time_zone as tz,
      (s.created_at at time zone st.time_zone) as local_at
    from sales s
    join stores st on st.company_id = s.company_id and st.id = s.store_id
    where s.company_id = ${ctx.companyId}
      ${p.storeId ? sql`and s.store_id = ${p.storeId}` : sql``}
      and s.created_at >= (${p.from}::date - 1)::timestamp at time zone 'UTC'
      and s.created_at < (${p.to}::date + 2)::timestamp at time zone 'UTC'
      and (s.created_at at time zone st.time_zone)::date between ${p.from}::date and ${p.to}::date
  )`;
}

const amounts = (alias: string) =>
  sql.raw(`coalesce(sum(${alias}.subtotal), 0)::text as gross,
    coalesce(sum(${alias}.discount_total), 0)::text as discounts,
    coalesce(sum(${alias}.tax_total), 0)::text as tax,
    coalesce(sum(${alias}.total), 0)::text as total`);

const lineAmounts = sql.raw(`coalesce(sum(l.gross), 0)::text as gross,
    coalesce(sum(l.discount), 0)::text as discounts,
    coalesce(sum(l.tax), 0)::text as tax,
    coalesce(sum(l.total), 0)::text as total,
    coalesce(sum(l.quantity), 0)::text as quantity,
    coalesce(sum(p.cost * l.quantity) filter (where p.cost is not null), 0)::text as cost,
    coalesce(sum(l.total - l.tax) filter (where p.cost is not null), 0)::text as costed_net,
    count(*) filter (where p.cost is null)::text as uncosted_lines`);

/** Sale-level totals of the period. */
export async function totals(ctx: Ctx, p: Period): Promise<Row> {
  const [row] = await rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select count(*)::text as sales, ${amounts('ps')},
        coalesce(sum(ps.cash_rounding), 0)::text as cash_rounding,
        count(*) filter (where ps.discount_total > 0)::text as discounted_sales
      from period_sales ps`,
  );
  return row!;
}

/** Sale-level totals per local day and per local hour of day. */
export async function byDayAndHour(ctx: Ctx, p: Period): Promise<{ days: Row[]; hours: Row[] }> {
  const days = await rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select to_char(ps.local_at::date, 'YYYY-MM-DD') as day, count(*)::text as sales, ${amounts('ps')}
      from period_sales ps group by 1 order by 1`,
  );
  const hours = await rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select extract(hour from ps.local_at)::int as hour, count(*)::text as sales, ${amounts('ps')}
      from period_sales ps group by 1 order by 1`,
  );
  return { days, hours };
}

/** Line totals of the period with the products' current cost, grouped by `key`. */
async function lineGroups(ctx: Ctx, p: Period, select: SQL, group: SQL): Promise<Row[]> {
  return rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select ${select}, ${lineAmounts}
      from period_sales ps
      join sale_lines l on l.company_id = ps.company_id and l.sale_id = ps.id
      left join products p on p.company_id = l.company_id and p.id = l.product_id
      left join categories c on c.company_id = p.company_id and c.id = p.category_id
      group by ${group} order by total desc`,
  );
}

export function byCategory(ctx: Ctx, p: Period) {
  return lineGroups(ctx, p, sql`c.id::text as category_id, coalesce(c.name, '') as name`, sql`c.id, c.name`);
}

export function byProduct(ctx: Ctx, p: Period) {
  return lineGroups(
    ctx,
    p,
    sql`l.product_id::text as product_id, max(l.sku) as sku, max(l.name) as name`,
    sql`l.product_id`,
  );
}

export async function byCashier(ctx: Ctx, p: Period): Promise<Row[]> {
  return rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select ps.cashier_id::text as user_id, max(u.name) as name, count(*)::text as sales, ${amounts('ps')}
      from period_sales ps
      join users u on u.company_id = ps.company_id and u.id = ps.cashier_id
      group by ps.cashier_id order by total desc`,
  );
}

export async function byTender(ctx: Ctx, p: Period): Promise<Row[]> {
  return rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select t.method, count(*)::text as count, coalesce(sum(t.amount), 0)::text as amount
      from period_sales ps
      join tenders t on t.company_id = ps.company_id and t.sale_id = ps.id
      group by t.method order by t.method`,
  );
}

/** Base and tax per rate, from the tax summaries the sales printed. */
export async function taxes(ctx: Ctx, p: Period): Promise<Row[]> {
  return rows(
    ctx,
    sql`with ${periodSales(ctx, p)}
      select x->>'taxId' as tax_id, max(x->>'name') as name, max(x->>'rate') as rate,
        sum((x->>'base')::bigint)::text as base, sum((x->>'amount')::bigint)::text as tax
      from period_sales ps, jsonb_array_elements(ps.tax_summary) x
      group by 1 order by 2`,
  );
}

/** The company's currency. */
export async function currency(ctx: Ctx): Promise<string> {
  const [row] = await rows(ctx, sql`select currency from companies where id = ${ctx.companyId}`);
  return String(row!.currency);
}

/** True when the store is the company's. */
export async function storeExists(ctx: Ctx, storeId: string): Promise<boolean> {
  const found = await rows(
    ctx,
    sql`select 1 as one from stores where company_id = ${ctx.companyId} and id = ${storeId}`,
  );
  return found.length > 0;
}
