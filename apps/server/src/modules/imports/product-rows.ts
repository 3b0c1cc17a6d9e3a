import { currencyExponent, DomainError, isValidGtin, parseMajor, roundToMinor } from '@kassa/domain';
import type { ImportRowError, ProductImportQuery } from '@kassa/contracts';

/** The product fields a file can fill, in the order the mapping screen shows them. */
export const IMPORT_FIELDS = [
  'sku',
  'name',
  'price',
  'cost',
  'barcode',
  'category',
  'vendor',
  'unit',
  'ageRestricted',
  'active',
  'taxes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const REQUIRED: readonly ImportField[] = ['sku', 'name', 'price'];

const QUERY_KEY: Record<ImportField, keyof ProductImportQuery> = {
  sku: 'colSku',
  name: 'colName',
  price: 'colPrice',
  cost: 'colCost',
  barcode: 'colBarcode',
  category: 'colCategory',
  vendor: 'colVendor',
  unit: 'colUnit',
  ageRestricted: 'colAgeRestricted',
  active: 'colActive',
  taxes: 'colTaxes',
};

/** A product as one row of the file gives it; absent optional fields are left as they are in the catalog. */
export type ImportItem = {
  row: number;
  sku: string;
  name: string;
  price: number;
  cost?: number | null;
  barcodes?: string[];
  category?: string | null;
  vendor?: string | null;
  unit?: 'each' | 'kg' | 'l';
  ageRestricted?: boolean;
  active?: boolean;
  /** Tax rate names as the file gives them, in order of application; empty: tax-exempt. */
  taxes?: string[];
  /** Value of the `latestBy` column, which orders rows of one SKU. */
  order?: string;
};

/** What reading a file gave: the products by SKU and every row error. */
export type ParsedProducts = {
  columns: string[];
  /** Field -> column of the file. */
  mapping: Partial<Record<ImportField, string>>;
  preview: Record<string, string>[];
  rows: number;
  items: Map<string, ImportItem>;
  errors: ImportRowError[];
  skipped: number;
  rounded: number;
};

const PREVIEW_ROWS = 10;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * A major-unit decimal ("7.13") as minor units of `currency`, through the domain's money rules.
 * With `round`, more decimals than the currency has are rounded half-up ("0.001" GBP -> 0).
 * Returns a reason string when the text is not an amount.
 */
function parseAmount(
  text: string,
  currency: string,
  round: boolean,
): { minor: number; rounded: boolean } | string {
  const value = text.replace(/,/g, '');
  if (value.startsWith('-')) return 'must not be negative';
  try {
    return { minor: parseMajor(value, currency), rounded: false };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!/^\d+(\.\d+)?$/.test(value)) return `not a number: "${text}"`;
    if (!round) return `more decimals than ${currency} allows: "${text}"`;
    const exponent = currencyExponent(currency);
    const [whole, fraction = ''] = value.split('.');
    const padded = fraction.padEnd(exponent, '0');
    const minorText = `${whole}${padded.slice(0, exponent)}.${padded.slice(exponent) || '0'}`;
    return { minor: roundToMinor(minorText, 'half_up'), rounded: true };
  }
}

function parseFlag(text: string): boolean | undefined {
  const v = text.toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
}

/**
 * Reads and checks the rows of a product file (header first), without touching the database.
 * Every problem is reported with its row (the header is row 1), column and reason: a missing
 * column, a blank required cell, a bad number, a bad GTIN check digit, a SKU on two rows (unless
 * `onDuplicate` is `latest`), a barcode on rows of two SKUs, a tax named twice in one cell
 * (tax names are matched to the company's rates later, by the service). Only the distinct SKUs are kept, so
 * memory grows with the catalog, not with the file.
 */
export async function parseProductRows(
  rows: AsyncIterable<string[]>,
  query: ProductImportQuery,
  currency: string,
): Promise<ParsedProducts> {
  const result: ParsedProducts = {
    columns: [],
    mapping: {},
    preview: [],
    rows: 0,
    items: new Map(),
    errors: [],
    skipped: 0,
    rounded: 0,
  };
  let index: Partial<Record<ImportField, number>> = {};
  let orderIndex: number | undefined;
  const barcodeRows = new Map<string, { sku: string; row: number }>();
  let rowNo = 0;
  for await (const cells of rows) {
    rowNo++;
    if (rowNo === 1) {
      result.columns = cells.map((c) => c.trim());
      const byName = new Map(result.columns.map((c, i) => [c.toLowerCase(), i]));
      for (const field of IMPORT_FIELDS) {
        const wanted = query[QUERY_KEY[field]] as string | undefined;
        const at = byName.get((wanted ?? field).toLowerCase());
        if (at !== undefined) {
          index[field] = at;
          result.mapping[field] = result.columns[at]!;
        } else if (wanted !== undefined || REQUIRED.includes(field)) {
          result.errors.push({ row: 1, column: wanted ?? field, reason: `missing column (for ${field})` });
        }
      }
      if (query.latestBy !== undefined) {
        orderIndex = byName.get(query.latestBy.toLowerCase());
        if (orderIndex === undefined)
          result.errors.push({ row: 1, column: query.latestBy, reason: 'missing column (for latestBy)' });
      }
      if (result.errors.length > 0) index = {};
      continue;
    }
    if (result.errors.some((e) => e.row === 1)) {
      result.rows++;
      continue;
    }
    result.rows++;
    const cell = (field: ImportField) => {
      const at = index[field];
      return at === undefined ? undefined : (cells[at] ?? '').trim();
    };
    if (result.preview.length < PREVIEW_ROWS) {
      const mapped: Record<string, string> = {};
      for (const field of IMPORT_FIELDS) if (index[field] !== undefined) mapped[field] = cell(field)!;
      result.preview.push(mapped);
    }
    const errors: ImportRowError[] = [];
    const fail = (field: ImportField, reason: string) =>
      errors.push({ row: rowNo, column: result.mapping[field] ?? field, reason });

    const sku = cell('sku')!;
    const name = cell('name')!;
    const priceText = cell('price')!;
    if (query.skipIncomplete && (sku === '' || name === '' || priceText === '')) {
      result.skipped++;
      continue;
    }
    if (sku === '') fail('sku', 'required');
    else if (sku.length > 64) fail('sku', 'longer than 64 characters');
    if (name === '') fail('name', 'required');
    else if (name.length > 200) fail('name', 'longer than 200 characters');

    const item: ImportItem = { row: rowNo, sku, name, price: 0 };
    let rounded = 0;
    if (priceText === '') fail('price', 'required');
    else {
      const price = parseAmount(priceText, currency, query.roundPrices);
      if (typeof price === 'string') fail('price', price);
      else {
        item.price = price.minor;
        if (price.rounded) rounded++;
      }
    }
    const costText = cell('cost');
    if (costText !== undefined) {
      if (costText === '') item.cost = null;
      else {
        const cost = parseAmount(costText, currency, query.roundPrices);
        if (typeof cost === 'string') fail('cost', cost);
        else {
          item.cost = cost.minor;
          if (cost.rounded) rounded++;
        }
      }
    }
    const barcodeText = cell('barcode');
    if (barcodeText !== undefined) {
      item.barcodes = [
        ...new Set(
          barcodeText
            .split(/[;|]/)
            .map((b) => b.trim())
            .filter((b) => b !== ''),
        ),
      ];
      for (const code of item.barcodes) {
        if (!isValidGtin(code)) fail('barcode', `not a GTIN with a valid check digit: "${code}"`);
      }
    }
    const category = cell('category');
    if (category !== undefined) item.category = category === '' ? null : category.slice(0, 100);
    const vendor = cell('vendor');
    if (vendor !== undefined) item.vendor = vendor === '' ? null : vendor.slice(0, 200);
    const unit = cell('unit');
    if (unit !== undefined && unit !== '') {
      const u = unit.toLowerCase();
      if (u === 'each' || u === 'kg' || u === 'l') item.unit = u;
      else fail('unit', `must be each, kg or l: "${unit}"`);
    }
    for (const field of ['ageRestricted', 'active'] as const) {
      const text = cell(field);
      if (text === undefined || text === '') continue;
      const value = parseFlag(text);
      if (value === undefined) fail(field, `must be true or false: "${text}"`);
      else item[field] = value;
    }
    const taxesText = cell('taxes');
    if (taxesText !== undefined) {
      item.taxes = taxesText
        .split(/[;|]/)
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const lower = item.taxes.map((t) => t.toLowerCase());
      const twice = item.taxes.find((_, i) => lower.indexOf(lower[i]!) !== i);
      if (twice !== undefined) fail('taxes', `tax ${twice} is listed twice`);
    }
    if (orderIndex !== undefined) item.order = (cells[orderIndex] ?? '').trim();

    if (errors.length > 0) {
      result.errors.push(...errors);
      continue;
    }
    const previous = result.items.get(sku);
    if (previous) {
      if (query.onDuplicate === 'error') {
        result.errors.push({
          row: rowNo,
          column: result.mapping.sku!,
          reason: `duplicate SKU ${sku} (first on row ${previous.row})`,
        });
        continue;
      }
      // latest: a later row wins, or the row with the greater latestBy value.
      if (item.order !== undefined && previous.order !== undefined && item.order < previous.order) continue;
    }
    result.rounded += rounded;
    result.items.set(sku, item);
  }
  if (rowNo === 0) result.errors.push({ row: 1, column: '', reason: 'the file is empty' });

  // A barcode names one product: two SKUs of the file claiming one barcode is an error.
  for (const item of result.items.values()) {
    for (const code of item.barcodes ?? []) {
      const first = barcodeRows.get(code);
      if (first && first.sku !== item.sku) {
        result.errors.push({
          row: item.row,
          column: result.mapping.barcode!,
          reason: `barcode ${code} is also on row ${first.row} (SKU ${first.sku})`,
        });
      } else barcodeRows.set(code, { sku: item.sku, row: item.row });
    }
  }
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}
