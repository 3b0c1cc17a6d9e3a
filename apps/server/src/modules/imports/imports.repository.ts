import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

type ProductInsert = typeof s.products.$inferInsert;

/** The company's currency (ISO 4217). */
export async function companyCurrency(ctx: Ctx): Promise<string> {
  const [row] = await ctx.tx
    .select({ currency: s.companies.currency })
    .from(s.companies)
    .where(eq(s.companies.id, ctx.companyId));
  return row!.currency;
}

/** Barcode -> SKU of the product that has it, for the codes given (looked up in chunks). */
export async function barcodeOwners(ctx: Ctx, codes: string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await ctx.tx
      .select({ barcode: s.productBarcodes.barcode, sku: s.products.sku })
      .from(s.productBarcodes)
      .innerJoin(
        s.products,
        and(
          eq(s.products.companyId, s.productBarcodes.companyId),
          eq(s.products.id, s.productBarcodes.productId),
        ),
      )
      .where(
        and(
          eq(s.productBarcodes.companyId, ctx.companyId),
          inArray(s.productBarcodes.barcode, codes.slice(i, i + 1000)),
        ),
      );
    for (const r of rows) owners.set(r.barcode, r.sku);
  }
  return owners;
}

/** The company's categories by lower-cased name, and the next free grid position. */
export async function categoriesByName(ctx: Ctx) {
  const rows = await ctx.tx
    .select({ id: s.categories.id, name: s.categories.name, position: s.categories.position })
    .from(s.categories)
    .where(eq(s.categories.companyId, ctx.companyId));
  return {
    byName: new Map(rows.map((r) => [r.name.toLowerCase(), r.id])),
    nextPosition: rows.reduce((max, r) => Math.max(max, r.position + 1), 0),
  };
}

export async function insertCategories(
  ctx: Ctx,
  rows: { id: string; name: string; color: string; position: number }[],
) {
  if (rows.length > 0)
    await ctx.tx.insert(s.categories).values(rows.map((r) => ({ ...r, companyId: ctx.companyId })));
}

/** Product columns an import may write besides SKU, name and price. */
export type OptionalColumn =
  'categoryId' | 'vendor' | 'cost' | 'unit' | 'ageRestricted' | 'active' | 'taxCategoryId';

const COLUMN_SQL: Record<'name' | 'price' | OptionalColumn, string> = {
  name: 'name',
  price: 'price',
  categoryId: 'category_id',
  vendor: 'vendor',
  cost: 'cost',
  unit: 'unit',
  ageRestricted: 'age_restricted',
  active: 'active',
  taxCategoryId: 'tax_category_id',
};

/**
 * Inserts new SKUs and updates existing ones, writing only `columns` (plus name and price) and only
 * where a value differs: an unchanged row keeps its `updated_at`, so re-importing a file changes
 * nothing. Returns the rows written, with `inserted` true for new products.
 */
export async function upsertProducts(
  ctx: Ctx,
  rows: Omit<ProductInsert, 'companyId'>[],
  columns: OptionalColumn[],
) {
  if (rows.length === 0) return [];
  const written = ['name', 'price', ...columns] as const;
  const set: Record<string, SQL> = { updatedAt: sql`now()` };
  for (const c of written) set[c] = sql.raw(`excluded.${COLUMN_SQL[c]}`);
  const current = sql.raw(written.map((c) => `"products"."${COLUMN_SQL[c]}"`).join(', '));
  const incoming = sql.raw(written.map((c) => `excluded.${COLUMN_SQL[c]}`).join(', '));
  return ctx.tx
    .insert(s.products)
    .values(rows.map((r) => ({ ...r, companyId: ctx.companyId })))
    .onConflictDoUpdate({
      target: [s.products.companyId, s.products.sku],
      set,
      setWhere: sql`(${current}) IS DISTINCT FROM (${incoming})`,
    })
    .returning({ id: s.products.id, sku: s.products.sku, inserted: sql<boolean>`(xmax = 0)` });
}

/** Product id by SKU for the SKUs given. */
export async function productIdsBySku(ctx: Ctx, skus: string[]): Promise<Map<string, string>> {
  const rows = await ctx.tx
    .select({ id: s.products.id, sku: s.products.sku })
    .from(s.products)
    .where(and(eq(s.products.companyId, ctx.companyId), inArray(s.products.sku, skus)));
  return new Map(rows.map((r) => [r.sku, r.id]));
}

/** Adds barcodes (existing pairs are left alone) and returns the ids of products that gained one. */
export async function addBarcodes(
  ctx: Ctx,
  pairs: { productId: string; barcode: string }[],
): Promise<string[]> {
  if (pairs.length === 0) return [];
  const rows = await ctx.tx
    .insert(s.productBarcodes)
    .values(pairs.map((p) => ({ ...p, companyId: ctx.companyId })))
    .onConflictDoNothing()
    .returning({ productId: s.productBarcodes.productId });
  return [...new Set(rows.map((r) => r.productId))];
}

/** Stamps `updated_at` of products whose barcodes changed, so terminals sync them. */
export async function touchProducts(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.tx
    .update(s.products)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(s.products.companyId, ctx.companyId), inArray(s.products.id, ids)));
}

/** Customer columns an import may write besides the code. */
export type CustomerColumn = 'name' | 'email' | 'phone' | 'country';

/**
 * Inserts new customer codes and updates existing ones where a written column differs (unchanged
 * rows keep `updated_at`). Returns the rows written, `inserted` true for new customers.
 */
export async function upsertCustomers(
  ctx: Ctx,
  rows: Omit<typeof s.customers.$inferInsert, 'companyId'>[],
  columns: CustomerColumn[],
) {
  if (rows.length === 0) return [];
  const set: Record<string, SQL> = { updatedAt: sql`now()` };
  for (const c of columns) set[c] = sql.raw(`excluded.${c}`);
  const current = sql.raw(columns.map((c) => `"customers"."${c}"`).join(', '));
  const incoming = sql.raw(columns.map((c) => `excluded.${c}`).join(', '));
  return ctx.tx
    .insert(s.customers)
    .values(rows.map((r) => ({ ...r, companyId: ctx.companyId })))
    .onConflictDoUpdate({
      target: [s.customers.companyId, s.customers.code],
      set,
      setWhere: columns.length > 0 ? sql`(${current}) IS DISTINCT FROM (${incoming})` : sql`false`,
    })
    .returning({ id: s.customers.id, inserted: sql<boolean>`(xmax = 0)` });
}
