import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../context.ts';

type Row = Record<string, string | number | boolean | null>;

/** Rows per query of an export: memory holds one page, whatever the size of the table. */
export const EXPORT_PAGE = 2000;

async function rows(ctx: Ctx, query: SQL): Promise<Row[]> {
  const result = (await ctx.tx.execute(query)) as { rows: Row[] };
  return result.rows;
}

/**
 * Pages of a query in its order, by keyset: `page(after)` selects at most `EXPORT_PAGE` rows after
 * the last row of the previous page (undefined for the first). Queries run as the pages are read.
 */
async function* paged(ctx: Ctx, page: (after: Row | undefined) => SQL): AsyncGenerator<Row[]> {
  let after: Row | undefined;
  for (;;) {
    const batch = await rows(ctx, page(after));
    if (batch.length > 0) yield batch;
    if (batch.length < EXPORT_PAGE) return;
    after = batch.at(-1);
  }
}

/** Every product of the company (active and archived) with barcodes and category name, by SKU. */
export function products(ctx: Ctx): AsyncGenerator<Row[]> {
  return paged(
    ctx,
    (after) => sql`select p.sku, p.name, p.price::text as price, p.cost::text as cost,
        coalesce((select string_agg(b.barcode, ';' order by b.barcode) from product_barcodes b
          where b.company_id = p.company_id and b.product_id = p.id), '') as barcode,
        coalesce(c.name, '') as category, coalesce(p.vendor, '') as vendor, p.unit,
        p.age_restricted, p.active
      from products p
      left join categories c on c.company_id = p.company_id and c.id = p.category_id
      where p.company_id = ${ctx.companyId} ${after ? sql`and p.sku > ${after.sku}` : sql``}
      order by p.sku
      limit ${EXPORT_PAGE}`,
  );
}

/** Stock levels per store and product, by store code and SKU. */
export function stock(ctx: Ctx, storeId?: string): AsyncGenerator<Row[]> {
  return paged(
    ctx,
    (after) => sql`select st.code as store, p.sku, p.name, l.on_hand::text as on_hand
      from stock_levels l
      join stores st on st.company_id = l.company_id and st.id = l.store_id
      join products p on p.company_id = l.company_id and p.id = l.product_id
      where l.company_id = ${ctx.companyId} ${storeId ? sql`and l.store_id = ${storeId}` : sql``}
        ${after ? sql`and (st.code, p.sku) > (${after.store}, ${after.sku})` : sql``}
      order by st.code, p.sku
      limit ${EXPORT_PAGE}`,
  );
}

/** Completed sales (one row each) created in the UTC days `from`..`to`, oldest first. */
export function sales(
  ctx: Ctx,
  filter: { storeId?: string; from?: string; to?: string },
): AsyncGenerator<Row[]> {
  return paged(
    ctx,
    (after) => sql`select s.id, s.created_at::text as created_key, s.receipt_number,
        to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
        st.code as store, r.code as register, u.name as cashier, s.currency,
        s.subtotal::text as subtotal, s.discount_total::text as discount_total, s.tax_total::text as tax_total,
        s.total::text as total, s.cash_rounding::text as cash_rounding, s.tendered::text as tendered,
        s.change_due::text as change_due
      from sales s
      join stores st on st.company_id = s.company_id and st.id = s.store_id
      join registers r on r.company_id = s.company_id and r.id = s.register_id
      join users u on u.company_id = s.company_id and u.id = s.cashier_id
      where s.company_id = ${ctx.companyId}
        ${filter.storeId ? sql`and s.store_id = ${filter.storeId}` : sql``}
        ${filter.from ? sql`and s.created_at >= ${filter.from}::date::timestamp at time zone 'UTC'` : sql``}
        ${filter.to ? sql`and s.created_at < (${filter.to}::date + 1)::timestamp at time zone 'UTC'` : sql``}
        ${after ? sql`and (s.created_at, s.id) > (${after.created_key}::timestamptz, ${after.id}::uuid)` : sql``}
      order by s.created_at, s.id
      limit ${EXPORT_PAGE}`,
  );
}

/** Every customer of the company, by customer number. */
export function customers(ctx: Ctx): AsyncGenerator<Row[]> {
  return paged(
    ctx,
    (after) => sql`select code, name, coalesce(email, '') as email, coalesce(phone, '') as phone,
        coalesce(country, '') as country
      from customers where company_id = ${ctx.companyId} ${after ? sql`and code > ${after.code}` : sql``}
      order by code
      limit ${EXPORT_PAGE}`,
  );
}
