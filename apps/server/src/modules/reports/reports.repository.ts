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
 * Documents of `table` (sales or refunds) created in the period's local days, as the rows of `s`
 * joined to their store `st`. Days are cut in each store's time zone; the UTC range (a day wider on
 * each side, enough for any zone) lets the (company, store, created_at) index narrow the scan
 * before the exact local-day test.
 */
function inPeriod(ctx: Ctx, p: Period, table: 'sales' | 'refunds'): SQL {
  return sql`from ${sql.raw(table)} s
    join stores st on st.company_id = s.company_id and st.id = s.store_id
    where s.company_id = ${ctx.companyId}
      ${p.storeId ? sql`and s.store_id = ${p.storeId}` : sql``}
      and s.created_at >= (${p.from}::date - 1)::timestamp at time zone 'UTC'
      and s.created_at < (${p.to}::date + 2)::timestamp at time zone 'UTC'
      and (s.created_at at time zone st.time_zone)::date between ${p.from}::date and ${p.to}::date`;
}

/** A voided sale: one whose void document exists (it reverses the whole sale). */
const isVoided = (alias: string) =>
  sql.raw(`exists (select 1 from refunds v where v.company_id = ${alias}.company_id
    and v.sale_id = ${alias}.id and v.kind = 'void')`);

const amounts = (alias: string) =>
  sql.raw(`coalesce(sum(${alias}.subtotal), 0)::text as gross,
    coalesce(sum(${alias}.discount_total), 0)::text as discounts,
    coalesce(sum(${alias}.tax_total), 0)::text as tax,
    coalesce(sum(${alias}.total), 0)::text as total`);

/**
 * Sums of per-product line groups `g` (see `period_products`) with cost: the unit cost each line
 * copied when it was sold, else the product's current cost for lines sold before lines copied it.
 */
const productAmounts = sql.raw(`coalesce(sum(g.gross), 0)::text as gross,
    coalesce(sum(g.discounts), 0)::text as discounts,
    coalesce(sum(g.tax), 0)::text as tax,
    coalesce(sum(g.total), 0)::text as total,
    coalesce(sum(g.quantity), 0)::text as quantity,
    coalesce(sum(g.copied_cost), 0) + coalesce(sum(g.product_cost * g.uncopied_quantity), 0) as cost_sum,
    coalesce(sum(g.copied_net), 0)
      + coalesce(sum(g.uncopied_net) filter (where g.product_cost is not null), 0) as costed_net_sum,
    coalesce(sum(g.uncopied_lines) filter (where g.product_cost is null), 0) as uncosted_sum`);

/** `json_agg` of a grouped section's rows in `order`, `[]` when there are none. */
const section = (body: SQL, order: string) =>
  sql`(select coalesce(json_agg(x order by ${sql.raw(order)}), '[]'::json) from (${body}) x)`;

/** Every section of a period's sales report, as rows (sums as text to keep bigint exact). */
export type ReportSections = {
  totals: Row;
  days: Row[];
  hours: Row[];
  categories: Row[];
  products: Row[];
  cashiers: Row[];
  tenders: Row[];
  taxes: Row[];
  refundTotals: Row;
  refundTaxes: Row[];
  voids: Row[];
};

/**
 * Every section of the sales report of the period in one statement, so the period's sales, lines
 * and refunds are read once (materialized CTEs) however many sections use them:
 * - the company's completed sales of the period that were not voided (a void means the sale did
 *   not happen: like Square's reports, voided sales are left out and listed apart), with their
 *   store-local time;
 * - their lines with cost and category (the product's current category);
 * - refunds (not voids) made in the period at the store(s), each on its own local day;
 * - voided sales of the period (the sale's local day), oldest first, with their void documents.
 * Groups are ordered by total, largest first (ties by key), days and hours in time order.
 */
export async function reportSections(ctx: Ctx, p: Period): Promise<ReportSections> {
  // Room to sort and hash a month of lines in memory (the default 4 MB spills to disk); this
  // transaction only.
  await ctx.tx.execute(sql`select set_config('work_mem', '32MB', true)`);
  const [row] = await rows(
    ctx,
    sql`with period_sales as materialized (
        select s.id, s.company_id, s.cashier_id, s.subtotal, s.discount_total, s.tax_total, s.total,
          s.cash_rounding, s.tax_summary, (s.created_at at time zone st.time_zone) as local_at
        ${inPeriod(ctx, p, 'sales')} and not ${isVoided('s')}
      ),
      period_products as materialized (
        select l.product_id, max(l.sku) as sku, max(l.name) as name,
          sum(l.gross) as gross, sum(l.discount) as discounts, sum(l.tax) as tax, sum(l.total) as total,
          sum(l.quantity) as quantity,
          sum(l.unit_cost * l.quantity) filter (where l.unit_cost is not null) as copied_cost,
          sum(l.total - l.tax) filter (where l.unit_cost is not null) as copied_net,
          sum(l.quantity) filter (where l.unit_cost is null) as uncopied_quantity,
          sum(l.total - l.tax) filter (where l.unit_cost is null) as uncopied_net,
          count(*) filter (where l.unit_cost is null) as uncopied_lines
        from period_sales ps
        join sale_lines l on l.company_id = ps.company_id and l.sale_id = ps.id
        group by l.product_id
      ),
      product_groups as materialized (
        select g.*, pr.cost as product_cost, c.id as category_id, c.name as category_name
        from period_products g
        left join products pr on pr.company_id = ${ctx.companyId} and pr.id = g.product_id
        left join categories c on c.company_id = pr.company_id and c.id = pr.category_id
      ),
      period_refunds as materialized (select s.* ${inPeriod(ctx, p, 'refunds')} and s.kind = 'refund'),
      voided as materialized (select s.* ${inPeriod(ctx, p, 'sales')} and ${isVoided('s')})
      select
        (select row_to_json(x) from (
          select count(*)::text as sales, ${amounts('ps')},
            coalesce(sum(ps.cash_rounding), 0)::text as cash_rounding,
            count(*) filter (where ps.discount_total > 0)::text as discounted_sales
          from period_sales ps) x) as totals,
        ${section(
          sql`select to_char(ps.local_at::date, 'YYYY-MM-DD') as day, count(*)::text as sales, ${amounts('ps')}
            from period_sales ps group by 1`,
          'x.day',
        )} as days,
        ${section(
          sql`select extract(hour from ps.local_at)::int as hour, count(*)::text as sales, ${amounts('ps')}
            from period_sales ps group by 1`,
          'x.hour',
        )} as hours,
        ${section(
          sql`select y.category_id, y.name, y.gross, y.discounts, y.tax, y.total, y.quantity,
              y.cost_sum::text as cost, y.costed_net_sum::text as costed_net, y.uncosted_sum::text as uncosted_lines
            from (select g.category_id::text as category_id, coalesce(g.category_name, '') as name, ${productAmounts}
              from product_groups g group by g.category_id, g.category_name) y`,
          'x.total::numeric desc, x.name, x.category_id',
        )} as categories,
        ${section(
          sql`select y.product_id, y.sku, y.name, y.gross, y.discounts, y.tax, y.total, y.quantity,
              y.cost_sum::text as cost, y.costed_net_sum::text as costed_net, y.uncosted_sum::text as uncosted_lines
            from (select g.product_id::text as product_id, max(g.sku) as sku, max(g.name) as name, ${productAmounts}
              from product_groups g group by g.product_id) y`,
          'x.total::numeric desc, x.sku, x.product_id',
        )} as products,
        ${section(
          sql`select y.cashier_id::text as user_id, u.name, y.sales, y.gross, y.discounts, y.tax, y.total
            from (select ps.cashier_id, count(*)::text as sales, ${amounts('ps')}
              from period_sales ps group by ps.cashier_id) y
            join users u on u.company_id = ${ctx.companyId} and u.id = y.cashier_id`,
          'x.total::numeric desc, x.name, x.user_id',
        )} as cashiers,
        ${section(
          sql`select t.method, count(*)::text as count, coalesce(sum(t.amount), 0)::text as amount
            from period_sales ps
            join tenders t on t.company_id = ps.company_id and t.sale_id = ps.id
            group by t.method`,
          'x.method',
        )} as tenders,
        ${section(
          sql`select x->>'taxId' as tax_id, max(x->>'name') as name, max(x->>'rate') as rate,
              sum((x->>'base')::bigint)::text as base, sum((x->>'amount')::bigint)::text as tax
            from period_sales ps, jsonb_array_elements(ps.tax_summary) x
            group by 1`,
          'x.name, x.tax_id',
        )} as taxes,
        (select row_to_json(x) from (
          select count(*)::text as count, coalesce(sum(discount_total), 0)::text as discounts,
            coalesce(sum(tax_total), 0)::text as tax, coalesce(sum(total), 0)::text as total
          from period_refunds) x) as refund_totals,
        ${section(
          sql`select x->>'taxId' as tax_id, max(x->>'name') as name, max(x->>'rate') as rate,
              sum((x->>'base')::bigint)::text as base, sum((x->>'amount')::bigint)::text as tax
            from period_refunds r
            join refund_lines l on l.company_id = r.company_id and l.refund_id = r.id,
            jsonb_array_elements(l.taxes) x
            group by 1`,
          'x.name, x.tax_id',
        )} as refund_taxes,
        ${section(
          sql`select s.id::text as sale_id, s.receipt_number, v.refund_number as void_number,
              u.name as cashier_name, v.reason, s.total::text as total, s.tax_total::text as tax,
              to_char(v.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
              s.created_at as sale_created_at
            from voided s
            join refunds v on v.company_id = s.company_id and v.sale_id = s.id and v.kind = 'void'
            join users u on u.company_id = v.company_id and u.id = v.cashier_id`,
          'x.sale_created_at, x.sale_id',
        )} as voids`,
  );
  const r = row as unknown as Record<string, unknown>;
  return {
    totals: r.totals as Row,
    days: r.days as Row[],
    hours: r.hours as Row[],
    categories: r.categories as Row[],
    products: r.products as Row[],
    cashiers: r.cashiers as Row[],
    tenders: r.tenders as Row[],
    taxes: r.taxes as Row[],
    refundTotals: r.refund_totals as Row,
    refundTaxes: r.refund_taxes as Row[],
    voids: r.voids as Row[],
  };
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
