import type { Readable } from 'node:stream';
import { newDocumentId } from '@kassa/domain';
import type {
  CustomerImportQuery,
  ImportProgress,
  ImportRowError,
  ProductImportQuery,
  ProductImportResult,
} from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { readSheetRows, type SheetFormat } from './file-rows.ts';
import { parseCustomerRows, type ParsedCustomers } from './customer-rows.ts';
import { parseProductRows, type ImportItem, type ParsedProducts } from './product-rows.ts';
import * as repo from './imports.repository.ts';
import { defaultTaxCategoryId } from '../settings/settings.service.ts';
import { listTaxes, taxCategoryFor } from '../pricing/taxes.service.ts';

/** Rows written per statement. */
const BATCH = 500;

/** Rows read between two `read` progress reports. */
const PROGRESS_ROWS = 5000;

/** Receives progress reports of a long import (see `ImportProgress`). */
export type OnProgress = (progress: ImportProgress) => void;

/** Passes rows through, reporting every `PROGRESS_ROWS` data rows read (the header is not one). */
async function* reportingRows(rows: AsyncIterable<string[]>, onProgress?: OnProgress) {
  let read = 0;
  for await (const row of rows) {
    read++;
    const data = read - 1;
    if (onProgress && data > 0 && data % PROGRESS_ROWS === 0)
      onProgress({ phase: 'read', done: data, total: null });
    yield row;
  }
  onProgress?.({ phase: 'read', done: Math.max(0, read - 1), total: null });
}

/** Colours given to categories an import creates, in turn (the demo seed's palette). */
const CATEGORY_COLORS = [
  '#1c7ed6',
  '#2f9e44',
  '#e8590c',
  '#9c36b5',
  '#c2255c',
  '#0c8599',
  '#5c940d',
  '#f08c00',
];

/** Thrown inside the savepoint of a dry run to undo its writes after counting them. */
class DryRunRollback extends Error {}

type Counts = { created: number; updated: number; unchanged: number };

/** Barcodes the file gives to one SKU that the catalog has on another product. */
async function barcodeConflicts(ctx: Ctx, parsed: ParsedProducts): Promise<ImportRowError[]> {
  const codes = [...parsed.items.values()].flatMap((i) => i.barcodes ?? []);
  if (codes.length === 0) return [];
  const owners = await repo.barcodeOwners(ctx, codes);
  const errors: ImportRowError[] = [];
  for (const item of parsed.items.values()) {
    for (const code of item.barcodes ?? []) {
      const owner = owners.get(code);
      if (owner !== undefined && owner !== item.sku) {
        errors.push({
          row: item.row,
          column: parsed.mapping.barcode!,
          reason: `barcode ${code} belongs to SKU ${owner}`,
        });
      }
    }
  }
  return errors;
}

/**
 * Matches the tax names of the file's `taxes` column to the company's tax rates (names compared
 * case-insensitively): fills `taxIds` (lower-cased name -> id) and returns a row error for a name
 * that is no rate of the company, or that several rates share.
 */
async function resolveTaxNames(
  ctx: Ctx,
  parsed: ParsedProducts,
  taxIds: Map<string, string>,
): Promise<ImportRowError[]> {
  if (!parsed.mapping.taxes) return [];
  const byName = new Map<string, string[]>();
  for (const tax of (await listTaxes(ctx)).items) {
    const key = tax.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), tax.id]);
  }
  const errors: ImportRowError[] = [];
  for (const item of parsed.items.values()) {
    for (const name of item.taxes ?? []) {
      const ids = byName.get(name.toLowerCase()) ?? [];
      if (ids.length === 1) taxIds.set(name.toLowerCase(), ids[0]!);
      else
        errors.push({
          row: item.row,
          column: parsed.mapping.taxes,
          reason:
            ids.length === 0
              ? `unknown tax "${name}"`
              : `tax name "${name}" is shared by ${ids.length} tax rates`,
        });
    }
  }
  return errors;
}

/**
 * Writes the parsed products: categories first, then products and barcodes in batches. With a
 * `taxes` column, each product gets the tax category of exactly its rates (see `taxCategoryFor`);
 * `taxIds` maps lower-cased tax names to rate ids (from `resolveTaxNames`).
 */
async function writeProducts(
  ctx: Ctx,
  parsed: ParsedProducts,
  taxIds: ReadonlyMap<string, string>,
  onProgress?: OnProgress,
): Promise<Counts> {
  const items = [...parsed.items.values()];
  const columns: repo.OptionalColumn[] = [];
  const mapped = parsed.mapping;
  let categoryIds = new Map<string, string>();
  if (mapped.category) {
    columns.push('categoryId');
    const { byName, nextPosition } = await repo.categoriesByName(ctx);
    const missing = new Map<string, string>();
    for (const item of items) {
      const key = item.category?.toLowerCase();
      if (key !== undefined && !byName.has(key) && !missing.has(key)) missing.set(key, item.category!);
    }
    const created = [...missing.values()].map((name, i) => ({
      id: newDocumentId(),
      name,
      color: CATEGORY_COLORS[(nextPosition + i) % CATEGORY_COLORS.length]!,
      position: nextPosition + i,
    }));
    await repo.insertCategories(ctx, created);
    categoryIds = new Map([...byName, ...created.map((c) => [c.name.toLowerCase(), c.id] as const)]);
  }
  if (mapped.vendor) columns.push('vendor');
  if (mapped.cost) columns.push('cost');
  if (mapped.unit) columns.push('unit');
  if (mapped.ageRestricted) columns.push('ageRestricted');
  if (mapped.active) columns.push('active');
  if (mapped.taxes) columns.push('taxCategoryId');

  // Without a taxes column, new products get the company's default taxes and existing ones keep theirs.
  const defaultTaxes = await defaultTaxCategoryId(ctx);
  const categoryByTaxes = new Map<string, string | null>();
  const taxCategoryOf = async (item: ImportItem): Promise<string | null> => {
    if (item.taxes === undefined) return defaultTaxes;
    const ids = item.taxes.map((name) => taxIds.get(name.toLowerCase())!);
    const key = ids.join(',');
    const known = categoryByTaxes.get(key);
    if (known !== undefined) return known;
    const found = await taxCategoryFor(ctx, ids);
    categoryByTaxes.set(key, found);
    return found;
  };
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const taxCategories: (string | null)[] = [];
    for (const item of batch) taxCategories.push(await taxCategoryOf(item));
    const written = await repo.upsertProducts(
      ctx,
      batch.map((item: ImportItem, n) => ({
        id: newDocumentId(),
        sku: item.sku,
        name: item.name,
        price: item.price,
        cost: item.cost ?? null,
        categoryId: item.category ? (categoryIds.get(item.category.toLowerCase()) ?? null) : null,
        vendor: item.vendor ?? null,
        unit: item.unit ?? 'each',
        ageRestricted: item.ageRestricted ?? false,
        active: item.active ?? true,
        taxCategoryId: taxCategories[n] ?? null,
      })),
      columns,
    );
    const changed = new Set(written.map((w) => w.id));
    const created = written.filter((w) => w.inserted).length;
    let touched: string[] = [];
    if (mapped.barcode) {
      const ids = await repo.productIdsBySku(
        ctx,
        batch.map((b) => b.sku),
      );
      const gained = await repo.addBarcodes(
        ctx,
        batch.flatMap((b) => (b.barcodes ?? []).map((barcode) => ({ productId: ids.get(b.sku)!, barcode }))),
      );
      touched = gained.filter((id) => !changed.has(id));
      await repo.touchProducts(ctx, touched);
    }
    counts.created += created;
    counts.updated += written.length - created + touched.length;
    counts.unchanged += batch.length - written.length - touched.length;
    onProgress?.({ phase: 'write', done: i + batch.length, total: items.length });
  }
  return counts;
}

/**
 * Imports products from a CSV or XLSX upload, upserting by SKU. The file is read as it streams
 * in; every row is checked (see `parseProductRows`) and SKUs are checked against the catalog's
 * barcodes. A dry run (the default) writes inside a savepoint and rolls it back, so it reports
 * exactly what the import would create, update and leave unchanged. A real run with any row error
 * writes nothing. Re-importing the same file changes nothing (only differing values are written).
 * `onProgress` hears every 5,000 rows read and every 500 products written (dry runs too).
 * Errors: `import_invalid` (422, with every row error) for a real run of a file with errors;
 * `file_too_large` (413); `unsupported_file` (415).
 */
export async function importProducts(
  ctx: Ctx,
  body: Readable,
  format: SheetFormat,
  query: ProductImportQuery,
  onProgress?: OnProgress,
): Promise<ProductImportResult> {
  const currency = await repo.companyCurrency(ctx);
  const rows = reportingRows(readSheetRows(body, format), onProgress);
  const parsed = await parseProductRows(rows, query, currency);
  const taxIds = new Map<string, string>();
  if (!parsed.errors.some((e) => e.row === 1)) {
    parsed.errors.push(...(await barcodeConflicts(ctx, parsed)));
    parsed.errors.push(...(await resolveTaxNames(ctx, parsed, taxIds)));
    parsed.errors.sort((a, b) => a.row - b.row);
  }
  // Rows with an error are not imported (a real run refuses the whole file).
  const skuByRow = new Map([...parsed.items.values()].map((i) => [i.row, i.sku]));
  for (const error of parsed.errors) {
    const sku = skuByRow.get(error.row);
    if (sku !== undefined) parsed.items.delete(sku);
  }
  const summary = {
    dryRun: query.dryRun,
    columns: parsed.columns,
    mapping: parsed.mapping as Record<string, string>,
    preview: parsed.preview,
    rows: parsed.rows,
    products: parsed.items.size,
    skipped: parsed.skipped,
    rounded: parsed.rounded,
    errors: parsed.errors,
  };
  if (!query.dryRun && parsed.errors.length > 0) {
    throw new AppError(
      'import_invalid',
      422,
      `The file has ${parsed.errors.length} row errors; nothing was imported`,
      {
        errors: parsed.errors,
      },
    );
  }
  if (parsed.errors.some((e) => e.row === 1)) return { ...summary, created: 0, updated: 0, unchanged: 0 };
  ctx.log.info(
    { rows: parsed.rows, products: parsed.items.size, dryRun: query.dryRun },
    'product import checked',
  );
  return {
    ...summary,
    ...(await writeOrRehearse(ctx, query.dryRun, (c) => writeProducts(c, parsed, taxIds, onProgress))),
  };
}

/** Runs `write` for real, or (dry run) inside a savepoint that is rolled back after counting. */
async function writeOrRehearse(
  ctx: Ctx,
  dryRun: boolean,
  write: (ctx: Ctx) => Promise<Counts>,
): Promise<Counts> {
  if (!dryRun) return write(ctx);
  let counts: Counts | undefined;
  try {
    await ctx.tx.transaction(async (savepoint) => {
      counts = await write({ ...ctx, tx: savepoint });
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return counts!;
}

async function writeCustomers(ctx: Ctx, parsed: ParsedCustomers): Promise<Counts> {
  const items = [...parsed.items.values()];
  const columns = (['name', 'email', 'phone', 'country'] as const).filter(
    (c) => parsed.mapping[c] !== undefined,
  );
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const written = await repo.upsertCustomers(
      ctx,
      batch.map((c) => ({
        id: newDocumentId(),
        code: c.code,
        name: c.name ?? '',
        email: c.email ?? null,
        phone: c.phone ?? null,
        country: c.country ?? null,
      })),
      [...columns],
    );
    const created = written.filter((w) => w.inserted).length;
    counts.created += created;
    counts.updated += written.length - created;
    counts.unchanged += batch.length - written.length;
  }
  return counts;
}

/**
 * Imports customers from a CSV or XLSX upload, upserting by customer number (`code`), streamed
 * like products; dry run by default. Errors: `import_invalid` (422, every row error) for a real
 * run of a file with errors; `file_too_large` (413); `unsupported_file` (415).
 */
export async function importCustomers(
  ctx: Ctx,
  body: Readable,
  format: SheetFormat,
  query: CustomerImportQuery,
): Promise<ProductImportResult> {
  const parsed = await parseCustomerRows(readSheetRows(body, format), query);
  const summary = {
    dryRun: query.dryRun,
    columns: parsed.columns,
    mapping: parsed.mapping as Record<string, string>,
    preview: parsed.preview,
    rows: parsed.rows,
    products: parsed.items.size,
    skipped: parsed.skipped,
    rounded: 0,
    errors: parsed.errors,
  };
  if (!query.dryRun && parsed.errors.length > 0) {
    throw new AppError(
      'import_invalid',
      422,
      `The file has ${parsed.errors.length} row errors; nothing was imported`,
      {
        errors: parsed.errors,
      },
    );
  }
  if (parsed.errors.some((e) => e.row === 1)) return { ...summary, created: 0, updated: 0, unchanged: 0 };
  return { ...summary, ...(await writeOrRehearse(ctx, query.dryRun, (c) => writeCustomers(c, parsed))) };
}
