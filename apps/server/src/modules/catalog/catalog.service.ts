import type { z } from 'zod';
import type { CategoryList, Product, ProductPage, ProductSearchQuery } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import * as repo from './catalog.repository.ts';

function toProduct(row: repo.ProductRow, taxes: Awaited<ReturnType<typeof repo.taxesByCategory>>): Product {
  const { onHand, barcodes, updatedAt, ...rest } = row;
  return {
    ...rest,
    updatedAt: updatedAt.toISOString(),
    barcodes: barcodes ?? [],
    taxes: row.taxCategoryId ? (taxes.get(row.taxCategoryId) ?? []) : [],
    stockOnHand: onHand === null ? null : repo.trimDecimal(onHand),
  };
}

/** Searches active products by name, SKU or barcode, a page at a time. */
export async function searchProducts(ctx: Ctx, query: ProductSearchQuery): Promise<ProductPage> {
  const { rows, total } = await repo.searchProducts(ctx, query);
  const taxes = await repo.taxesByCategory(ctx.tx, ctx.companyId);
  return { items: rows.map((r) => toProduct(r, taxes)), total, limit: query.limit, offset: query.offset };
}

/** One product. @throws AppError 404 `product_not_found` (also for another company's id). */
export async function getProduct(ctx: Ctx, id: string): Promise<Product> {
  const row = await repo.findProduct(ctx, id);
  if (!row) throw new AppError('product_not_found', 404, 'Product not found', { productId: id });
  return toProduct(row, await repo.taxesByCategory(ctx.tx, ctx.companyId));
}

export async function listCategories(ctx: Ctx): Promise<z.infer<typeof CategoryList>> {
  return { items: await repo.listCategories(ctx) };
}
