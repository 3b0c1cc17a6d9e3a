import { sql } from 'drizzle-orm';
import { withCompanyTx, type KassaDb } from '@kassa/db';

/** Today's figures of one store: its own local day, completed sales, amounts in minor units. */
export type StoreToday = {
  storeId: string;
  name: string;
  day: string;
  sales: number;
  total: number;
  tax: number;
};

/**
 * Today's sales per store of a company, each store on its own local calendar day, summed from the
 * sale documents exactly as the sales report sums them (same columns, same local-day rule, voided
 * sales left out).
 */
export async function todayByStore(db: KassaDb, companyId: string): Promise<StoreToday[]> {
  return withCompanyTx(db, companyId, async (tx) => {
    const result = (await tx.execute(sql`select st.id::text as store_id, st.name,
        to_char((now() at time zone st.time_zone)::date, 'YYYY-MM-DD') as day,
        count(s.id)::text as sales, coalesce(sum(s.total), 0)::text as total,
        coalesce(sum(s.tax_total), 0)::text as tax
      from stores st
      left join sales s on s.company_id = st.company_id and s.store_id = st.id
        and s.created_at >= now() - interval '2 days'
        and (s.created_at at time zone st.time_zone)::date = (now() at time zone st.time_zone)::date
        and not exists (select 1 from refunds v where v.company_id = s.company_id and v.sale_id = s.id
          and v.kind = 'void')
      where st.company_id = ${companyId}
      group by st.id, st.name, st.time_zone, st.code
      order by st.code`)) as { rows: Record<string, string>[] };
    return result.rows.map((r) => ({
      storeId: r.store_id!,
      name: r.name!,
      day: r.day!,
      sales: Number(r.sales),
      total: Number(r.total),
      tax: Number(r.tax),
    }));
  });
}
