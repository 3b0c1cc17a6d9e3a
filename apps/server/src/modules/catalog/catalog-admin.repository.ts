import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

type ProductInsert = typeof s.products.$inferInsert;

/** The columns of a product the back office writes (everything but ids, taxes and timestamps). */
export type ProductFields = Pick<
  ProductInsert,
  'sku' | 'name' | 'categoryId' | 'vendor' | 'price' | 'cost' | 'unit' | 'ageRestricted' | 'active'
>;

/** Id of the company's product with this SKU, other than `exceptId`, or undefined. */
export async function findSkuOwner(ctx: Ctx, sku: string, exceptId?: string): Promise<string | undefined> {
  const rows = await ctx.tx
    .select({ id: s.products.id })
    .from(s.products)
    .where(
      and(
        eq(s.products.companyId, ctx.companyId),
        eq(s.products.sku, sku),
        exceptId ? ne(s.products.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return rows[0]?.id;
}

/** Barcodes among `codes` that belong to a product other than `exceptProductId`, with their owner. */
export async function barcodesTakenByOthers(ctx: Ctx, codes: string[], exceptProductId?: string) {
  if (codes.length === 0) return [];
  return ctx.tx
    .select({ barcode: s.productBarcodes.barcode, productId: s.productBarcodes.productId })
    .from(s.productBarcodes)
    .where(
      and(
        eq(s.productBarcodes.companyId, ctx.companyId),
        inArray(s.productBarcodes.barcode, codes),
        exceptProductId ? ne(s.productBarcodes.productId, exceptProductId) : undefined,
      ),
    );
}

export async function insertProduct(ctx: Ctx, id: string, fields: ProductFields): Promise<void> {
  await ctx.tx.insert(s.products).values({ ...fields, companyId: ctx.companyId, id });
}

/** Updates the given columns and stamps `updated_at` (the terminals' catalog sync reads it). */
export async function updateProduct(ctx: Ctx, id: string, fields: Partial<ProductFields>): Promise<void> {
  await ctx.tx
    .update(s.products)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(s.products.companyId, ctx.companyId), eq(s.products.id, id)));
}

/** Replaces a product's barcodes with `codes`. */
export async function replaceBarcodes(ctx: Ctx, productId: string, codes: string[]): Promise<void> {
  await ctx.tx
    .delete(s.productBarcodes)
    .where(and(eq(s.productBarcodes.companyId, ctx.companyId), eq(s.productBarcodes.productId, productId)));
  if (codes.length > 0) {
    await ctx.tx
      .insert(s.productBarcodes)
      .values(codes.map((barcode) => ({ companyId: ctx.companyId, productId, barcode })));
  }
}

export async function findCategory(ctx: Ctx, id: string) {
  const rows = await ctx.tx
    .select({
      id: s.categories.id,
      name: s.categories.name,
      color: s.categories.color,
      position: s.categories.position,
    })
    .from(s.categories)
    .where(and(eq(s.categories.companyId, ctx.companyId), eq(s.categories.id, id)))
    .limit(1);
  return rows[0];
}

/** Id of the company's category with this name (case-insensitive), other than `exceptId`. */
export async function findCategoryByName(ctx: Ctx, name: string, exceptId?: string) {
  const rows = await ctx.tx
    .select({ id: s.categories.id })
    .from(s.categories)
    .where(
      and(
        eq(s.categories.companyId, ctx.companyId),
        sql`lower(${s.categories.name}) = lower(${name})`,
        exceptId ? ne(s.categories.id, exceptId) : undefined,
      ),
    )
    .orderBy(asc(s.categories.id))
    .limit(1);
  return rows[0]?.id;
}

/** The position after the company's last category. */
export async function nextCategoryPosition(ctx: Ctx): Promise<number> {
  const rows = await ctx.tx
    .select({ max: sql<number | null>`max(${s.categories.position})` })
    .from(s.categories)
    .where(eq(s.categories.companyId, ctx.companyId));
  const max = rows[0]?.max;
  return max === null || max === undefined ? 0 : Number(max) + 1;
}

export async function insertCategory(
  ctx: Ctx,
  row: { id: string; name: string; color: string; position: number },
): Promise<void> {
  await ctx.tx.insert(s.categories).values({ ...row, companyId: ctx.companyId });
}

export async function updateCategory(
  ctx: Ctx,
  id: string,
  fields: Partial<{ name: string; color: string; position: number }>,
): Promise<void> {
  await ctx.tx
    .update(s.categories)
    .set(fields)
    .where(and(eq(s.categories.companyId, ctx.companyId), eq(s.categories.id, id)));
}

/** Number of products (active or archived) in a category. */
export async function countProductsInCategory(ctx: Ctx, id: string): Promise<number> {
  const rows = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(s.products)
    .where(and(eq(s.products.companyId, ctx.companyId), eq(s.products.categoryId, id)));
  return Number(rows[0]?.n ?? 0);
}

export async function deleteCategory(ctx: Ctx, id: string): Promise<void> {
  await ctx.tx
    .delete(s.categories)
    .where(and(eq(s.categories.companyId, ctx.companyId), eq(s.categories.id, id)));
}

/**
 * The company's products among `ids` with what a label shows: price in minor units, unit and the
 * lowest of its barcodes (null without one). Missing or foreign ids are simply absent.
 */
export async function labelProducts(ctx: Ctx, ids: string[]) {
  return ctx.tx
    .select({
      id: s.products.id,
      sku: s.products.sku,
      name: s.products.name,
      price: s.products.price,
      unit: s.products.unit,
      barcode: sql<string | null>`(select min(b.barcode) from ${s.productBarcodes} b
        where b.company_id = ${s.products.companyId} and b.product_id = ${s.products.id})`,
    })
    .from(s.products)
    .where(and(eq(s.products.companyId, ctx.companyId), inArray(s.products.id, ids)));
}
