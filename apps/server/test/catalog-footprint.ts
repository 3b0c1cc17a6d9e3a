import { sql } from 'drizzle-orm';
import { withCompanyTx, type KassaDb } from '@kassa/db';

/**
 * A digest of one company's catalog (products, barcodes, categories, tax categories): any write to
 * the catalog changes it. Used to prove that a refused catalog request or import wrote nothing.
 */
export async function catalogFootprint(db: KassaDb, companyId: string): Promise<Record<string, string>> {
  return withCompanyTx(db, companyId, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from products)::text as products,
      (select coalesce(md5(string_agg(concat_ws('|', id, sku, name, category_id, vendor, price, cost, unit,
        tax_category_id, age_restricted, active, updated_at), ',' order by id)), '') from products) as product_rows,
      (select coalesce(md5(string_agg(barcode || ':' || product_id, ',' order by barcode)), '')
        from product_barcodes) as barcodes,
      (select coalesce(md5(string_agg(concat_ws('|', id, name, color, position), ',' order by id)), '')
        from categories) as categories,
      (select count(*) from tax_categories)::text as tax_categories`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
}
