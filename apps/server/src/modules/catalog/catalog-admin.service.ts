import { DomainError, isValidGtin, newDocumentId } from '@kassa/domain';
import type {
  Category,
  CreateCategoryRequest,
  CreateProductRequest,
  Product,
  ProductLabelsRequest,
  UpdateCategoryRequest,
  UpdateProductRequest,
} from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { setProductTaxes } from '../pricing/taxes.service.ts';
import * as catalogRepo from './catalog.repository.ts';
import { getProduct } from './catalog.service.ts';
import * as repo from './catalog-admin.repository.ts';
import { setProductTaxCategory } from '../pricing/taxes.repository.ts';
import { defaultTaxCategoryId } from '../settings/settings.service.ts';
import { currency as companyCurrency } from '../reports/reports.repository.ts';
import { renderLabelsPdf } from './labels.pdf.ts';

/**
 * Checks barcodes: each a GTIN-8/12/13/14 with a valid GS1 check digit (domain `isValidGtin`), none
 * owned by another product of the company. Returns them without repeats, in the order given.
 * @throws DomainError `invalid_gtin` (422); AppError `barcode_taken` (409).
 */
async function checkBarcodes(ctx: Ctx, codes: string[], productId?: string): Promise<string[]> {
  const unique = [...new Set(codes)];
  const bad = unique.find((code) => !isValidGtin(code));
  if (bad !== undefined) {
    throw new DomainError('invalid_gtin', `${bad} is not a GTIN with a valid check digit`, { barcode: bad });
  }
  const [taken] = await repo.barcodesTakenByOthers(ctx, unique, productId);
  if (taken) {
    throw new AppError('barcode_taken', 409, `Barcode ${taken.barcode} belongs to another product`, {
      barcode: taken.barcode,
      productId: taken.productId,
    });
  }
  return unique;
}

async function checkSku(ctx: Ctx, sku: string, productId?: string): Promise<void> {
  const owner = await repo.findSkuOwner(ctx, sku, productId);
  if (owner) throw new AppError('sku_taken', 409, `SKU ${sku} is taken`, { sku, productId: owner });
}

async function checkCategory(ctx: Ctx, categoryId: string | null | undefined): Promise<void> {
  if (categoryId && !(await repo.findCategory(ctx, categoryId))) {
    throw new AppError('category_not_found', 404, 'Category not found', { categoryId });
  }
}

/**
 * Creates a product with its barcodes and taxes.
 * Errors: `sku_taken` and `barcode_taken` (409), `invalid_gtin` (422), `category_not_found` (404, also
 * for another company's category), `unknown_tax` / `duplicate_tax` (400).
 */
export async function createProduct(ctx: Ctx, input: CreateProductRequest): Promise<Product> {
  const { barcodes, taxIds, ...fields } = input;
  await checkSku(ctx, fields.sku);
  const codes = await checkBarcodes(ctx, barcodes);
  await checkCategory(ctx, fields.categoryId);
  const id = newDocumentId();
  await repo.insertProduct(ctx, id, fields);
  await repo.replaceBarcodes(ctx, id, codes);
  // Omitted taxes: the company's default taxes (settings); an empty list: tax-exempt.
  if (taxIds === undefined) {
    const defaults = await defaultTaxCategoryId(ctx);
    if (defaults !== null) await setProductTaxCategory(ctx, id, defaults);
  } else if (taxIds.length > 0) await setProductTaxes(ctx, id, taxIds);
  return getProduct(ctx, id);
}

/**
 * Edits a product; only the fields given change, and `updated_at` moves so terminals pick the
 * change up on their next catalog sync. Completed sales keep what they copied.
 * Errors: as `createProduct`, plus `product_not_found` (404, also for another company's product).
 */
export async function updateProduct(ctx: Ctx, id: string, input: UpdateProductRequest): Promise<Product> {
  const current = await catalogRepo.findProduct(ctx, id);
  if (!current) throw new AppError('product_not_found', 404, 'Product not found', { productId: id });
  const { barcodes, taxIds, ...fields } = input;
  if (fields.sku !== undefined) await checkSku(ctx, fields.sku, id);
  const codes = barcodes === undefined ? undefined : await checkBarcodes(ctx, barcodes, id);
  await checkCategory(ctx, fields.categoryId);
  await repo.updateProduct(ctx, id, fields);
  if (fields.price !== undefined && fields.price !== current.price)
    await recordAudit(ctx, {
      action: 'price.changed',
      subject: { type: 'product', id },
      details: { sku: current.sku, before: current.price, after: fields.price },
    });
  if (codes !== undefined) await repo.replaceBarcodes(ctx, id, codes);
  if (taxIds !== undefined) await setProductTaxes(ctx, id, taxIds);
  return getProduct(ctx, id);
}

/**
 * Archives a product: it leaves the terminal's catalog and cannot be sold, but stays for the sales
 * and stock movements that name it (a product is never deleted). Idempotent.
 * @throws AppError `product_not_found` (404).
 */
export async function archiveProduct(ctx: Ctx, id: string): Promise<Product> {
  return updateProduct(ctx, id, { active: false });
}

/**
 * Creates a category of the terminal's grid; without a position it goes last.
 * @throws AppError `category_name_taken` (409, names compared case-insensitively).
 */
export async function createCategory(ctx: Ctx, input: CreateCategoryRequest): Promise<Category> {
  if (await repo.findCategoryByName(ctx, input.name)) {
    throw new AppError('category_name_taken', 409, `A category named ${input.name} exists`, {
      name: input.name,
    });
  }
  const row = {
    id: newDocumentId(),
    name: input.name,
    color: input.color,
    position: input.position ?? (await repo.nextCategoryPosition(ctx)),
  };
  await repo.insertCategory(ctx, row);
  return row;
}

/**
 * Renames, recolours or moves a category in the grid.
 * Errors: `category_not_found` (404), `category_name_taken` (409).
 */
export async function updateCategory(ctx: Ctx, id: string, input: UpdateCategoryRequest): Promise<Category> {
  const current = await repo.findCategory(ctx, id);
  if (!current) throw new AppError('category_not_found', 404, 'Category not found', { categoryId: id });
  if (input.name !== undefined && (await repo.findCategoryByName(ctx, input.name, id))) {
    throw new AppError('category_name_taken', 409, `A category named ${input.name} exists`, {
      name: input.name,
    });
  }
  if (Object.keys(input).length > 0) await repo.updateCategory(ctx, id, input);
  return { ...current, ...input };
}

/**
 * Deletes an empty category. Products are never moved out silently: a category that still holds
 * products (active or archived) is refused.
 * Errors: `category_not_found` (404), `category_in_use` (409, with the number of products).
 */
export async function deleteCategory(ctx: Ctx, id: string): Promise<void> {
  if (!(await repo.findCategory(ctx, id))) {
    throw new AppError('category_not_found', 404, 'Category not found', { categoryId: id });
  }
  const products = await repo.countProductsInCategory(ctx, id);
  if (products > 0) {
    throw new AppError('category_in_use', 409, `The category still holds ${products} products`, {
      categoryId: id,
      products,
    });
  }
  await repo.deleteCategory(ctx, id);
}

/**
 * Shelf or barcode labels for a selection of products, as one PDF (see `renderLabelsPdf`), in the
 * order of `productIds` (repeats collapsed), prices in the company currency. Archived products are
 * labelled too (a label may be printed ahead of re-activation).
 * @throws AppError `product_not_found` (404) naming the first id that is not the company's product.
 */
export async function productLabels(ctx: Ctx, input: ProductLabelsRequest): Promise<Buffer> {
  const ids = [...new Set(input.productIds)];
  const rows = new Map((await repo.labelProducts(ctx, ids)).map((r) => [r.id, r]));
  const missing = ids.find((id) => !rows.has(id));
  if (missing !== undefined) {
    throw new AppError('product_not_found', 404, 'Product not found', { productId: missing });
  }
  const currency = await companyCurrency(ctx);
  const products = ids.map((id) => {
    const r = rows.get(id)!;
    return { sku: r.sku, name: r.name, price: Number(r.price), currency, unit: r.unit, barcode: r.barcode };
  });
  return renderLabelsPdf(products, input.kind, input.copies);
}
