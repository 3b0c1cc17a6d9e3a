import { and, asc, count, eq, exists, gte, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { schema as s, type KassaTx } from '@kassa/db';
import type { ProductSearchQuery } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

const productColumns = {
  id: s.products.id,
  sku: s.products.sku,
  name: s.products.name,
  categoryId: s.products.categoryId,
  categoryName: s.categories.name,
  vendor: s.products.vendor,
  price: s.products.price,
  cost: s.products.cost,
  unit: s.products.unit,
  packSize: s.products.packSize,
  volumeMl: s.products.volumeMl,
  taxCategoryId: s.products.taxCategoryId,
  ageRestricted: s.products.ageRestricted,
  active: s.products.active,
  updatedAt: s.products.updatedAt,
  barcodes: sql<string[] | null>`(select array_agg(b.barcode order by b.barcode) from ${s.productBarcodes} b
    where b.company_id = ${s.products.companyId} and b.product_id = ${s.products.id})`,
};

export type ProductRow = Awaited<ReturnType<typeof searchProducts>>['rows'][number];

function searchFilter(ctx: Ctx, query: ProductSearchQuery): SQL | undefined {
  const filters: (SQL | undefined)[] = [eq(s.products.companyId, ctx.companyId)];
  if (query.status !== 'all') filters.push(eq(s.products.active, query.status === 'active'));
  if (query.categoryId) filters.push(eq(s.products.categoryId, query.categoryId));
  if (query.updatedSince) filters.push(gte(s.products.updatedAt, new Date(query.updatedSince)));
  const barcodeMatch = (code: string) =>
    exists(
      ctx.tx
        .select({ one: sql`1` })
        .from(s.productBarcodes)
        .where(
          and(
            eq(s.productBarcodes.companyId, ctx.companyId),
            eq(s.productBarcodes.productId, s.products.id),
            eq(s.productBarcodes.barcode, code),
          ),
        ),
    );
  if (query.barcode) filters.push(barcodeMatch(query.barcode));
  if (query.q) {
    filters.push(
      or(
        ilike(s.products.name, `%${likeEscape(query.q)}%`),
        eq(s.products.sku, query.q),
        barcodeMatch(query.q),
      ),
    );
  }
  return and(...filters);
}

/**
 * One page of products matching name (substring), SKU or barcode (exact), with stock in a store;
 * with `updatedSince`, only those changed since then, in change order (terminal delta sync).
 */
export async function searchProducts(ctx: Ctx, query: ProductSearchQuery) {
  const where = searchFilter(ctx, query);
  const stockJoin = query.storeId
    ? and(
        eq(s.stockLevels.companyId, s.products.companyId),
        eq(s.stockLevels.productId, s.products.id),
        eq(s.stockLevels.storeId, query.storeId),
      )
    : sql`false`;
  // One transaction is one connection: its queries run one after the other, never in parallel.
  const rows = await ctx.tx
    .select({ ...productColumns, onHand: s.stockLevels.onHand })
    .from(s.products)
    .leftJoin(
      s.categories,
      and(eq(s.categories.companyId, s.products.companyId), eq(s.categories.id, s.products.categoryId)),
    )
    .leftJoin(s.stockLevels, stockJoin)
    .where(where)
    // A delta sync pages in change order: a product changed while paging moves to the end, so
    // offset paging skips nothing.
    .orderBy(
      ...(query.updatedSince
        ? [asc(s.products.updatedAt), asc(s.products.id)]
        : [asc(s.products.name), asc(s.products.sku)]),
    )
    .limit(query.limit)
    .offset(query.offset);
  const totals = await ctx.tx.select({ n: count() }).from(s.products).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** One product by id (active or not), or undefined. */
export async function findProduct(ctx: Ctx, id: string) {
  const rows = await ctx.tx
    .select({ ...productColumns, onHand: sql<string | null>`null` })
    .from(s.products)
    .leftJoin(
      s.categories,
      and(eq(s.categories.companyId, s.products.companyId), eq(s.categories.id, s.products.categoryId)),
    )
    .where(and(eq(s.products.companyId, ctx.companyId), eq(s.products.id, id)))
    .limit(1);
  return rows[0];
}

/** Products by id with what a sale line needs, locked for the sale? No: prices are read, stock rows are locked. */
export async function productsForSale(tx: KassaTx, companyId: string, ids: string[]) {
  return tx
    .select({
      id: s.products.id,
      sku: s.products.sku,
      name: s.products.name,
      price: s.products.price,
      taxCategoryId: s.products.taxCategoryId,
      ageRestricted: s.products.ageRestricted,
      active: s.products.active,
    })
    .from(s.products)
    .where(and(eq(s.products.companyId, companyId), inArray(s.products.id, ids)));
}

/** Every tax category's rates in application order: Map<taxCategoryId, TaxRate[]>. */
export async function taxesByCategory(tx: KassaTx, companyId: string) {
  const rows = await tx
    .select({
      taxCategoryId: s.taxCategoryRates.taxCategoryId,
      id: s.taxRates.id,
      name: s.taxRates.name,
      rate: s.taxRates.rate,
      inclusive: s.taxRates.inclusive,
      compound: s.taxRates.compound,
    })
    .from(s.taxCategoryRates)
    .innerJoin(
      s.taxRates,
      and(
        eq(s.taxRates.companyId, s.taxCategoryRates.companyId),
        eq(s.taxRates.id, s.taxCategoryRates.taxRateId),
      ),
    )
    .where(eq(s.taxCategoryRates.companyId, companyId))
    .orderBy(asc(s.taxCategoryRates.position));
  const map = new Map<
    string,
    { id: string; name: string; rate: string; inclusive: boolean; compound: boolean }[]
  >();
  for (const { taxCategoryId, rate, ...tax } of rows) {
    const list = map.get(taxCategoryId) ?? [];
    list.push({ ...tax, rate: trimDecimal(rate) });
    map.set(taxCategoryId, list);
  }
  return map;
}

/** "6.0000" -> "6", "8.8750" -> "8.875": numeric columns as the shortest exact decimal string. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export async function listCategories(ctx: Ctx) {
  return ctx.tx
    .select({
      id: s.categories.id,
      name: s.categories.name,
      color: s.categories.color,
      position: s.categories.position,
    })
    .from(s.categories)
    .where(eq(s.categories.companyId, ctx.companyId))
    .orderBy(asc(s.categories.position));
}
