import { z } from 'zod';
import { Problem } from './common.ts';

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .or(z.boolean());

const column = (what: string) =>
  z.string().trim().min(1).max(100).optional().describe(`File column holding ${what}`);

/**
 * How to read a product file. The body is the file itself (`text/csv` or the .xlsx media type).
 * Each `col*` names the file column of a product field; without it the column named like the field
 * (`sku`, `name`, `price`, ...) is used if present. Prices are in major units of the company's
 * currency ("7.13").
 */
export const ProductImportQuery = z
  .object({
    format: z.enum(['csv', 'xlsx']).optional().describe('Default: from the Content-Type'),
    dryRun: flag.default(true).describe('Check every row and report, writing nothing (default)'),
    colSku: column('the SKU (required)'),
    colName: column('the name (required)'),
    colPrice: column('the price in major units (required)'),
    colCost: column('the unit cost in major units'),
    colBarcode: column('GTINs, several separated by ; or |'),
    colCategory: column('the category name (created when missing)'),
    colVendor: column('the vendor'),
    colUnit: column('the unit: each, kg or l'),
    colAgeRestricted: column('true/false, yes/no, 1/0'),
    colActive: column('true/false, yes/no, 1/0'),
    colTaxes: column(
      'tax rate names, several separated by ; or | in order of application; an empty cell: tax-exempt',
    ),
    onDuplicate: z
      .enum(['error', 'latest'])
      .default('error')
      .describe('A SKU on several rows: an error, or keep the latest row (by latestBy, else the last)'),
    latestBy: column('the value that orders rows of one SKU, e.g. an ISO date'),
    skipIncomplete: flag
      .default(false)
      .describe('Skip rows with a blank SKU, name or price instead of reporting them as errors'),
    roundPrices: flag
      .default(false)
      .describe("Round prices finer than the currency's minor unit half-up instead of refusing them"),
  })
  .strict();
export type ProductImportQuery = z.infer<typeof ProductImportQuery>;

/** One problem of one row: `row` is the line of the file (the header is row 1). */
export const ImportRowError = z.object({
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ProductImportResult = z.object({
  dryRun: z.boolean(),
  columns: z.array(z.string()).describe('Header of the file'),
  mapping: z.record(z.string(), z.string()).describe('Product field -> file column used'),
  preview: z
    .array(z.record(z.string(), z.string()))
    .describe('The first rows as mapped (field -> cell), for the mapping screen'),
  rows: z.number().int().describe('Data rows read'),
  products: z.number().int().describe('Distinct SKUs to import'),
  skipped: z.number().int(),
  rounded: z.number().int().describe('Prices rounded to the minor unit (roundPrices)'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportRowError).describe('Every row error; an import with errors writes nothing'),
});
export type ProductImportResult = z.infer<typeof ProductImportResult>;

/**
 * How to read a customer file (body: the file). Customers are upserted by `code`, the company's
 * customer number; each `col*` names the file column of a field (default: the field's name).
 */
export const CustomerImportQuery = z
  .object({
    format: z.enum(['csv', 'xlsx']).optional(),
    dryRun: flag.default(true),
    colCode: column('the customer number (required)'),
    colName: column('the name'),
    colEmail: column('the e-mail address'),
    colPhone: column('the phone number'),
    colCountry: column('the country'),
    onDuplicate: z
      .enum(['error', 'latest'])
      .default('error')
      .describe('A code on several rows: error, or the last row'),
    skipIncomplete: flag.default(false).describe('Skip rows without a code instead of reporting them'),
  })
  .strict();
export type CustomerImportQuery = z.infer<typeof CustomerImportQuery>;

/** How far an import is: rows read so far (total unknown until the end), then products written. */
export const ImportProgress = z.object({
  phase: z.enum(['read', 'write']).describe('read: checking rows as they arrive; write: upserting products'),
  done: z.number().int().describe('Rows read (read) or products written (write) so far'),
  total: z.number().int().nullable().describe('Products to write (write); null while reading'),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/**
 * One line of the streamed import answer (`application/x-ndjson`): progress lines, then exactly one
 * `result` line, or one `error` line with the problem the plain route would have answered.
 */
export const ImportStreamEvent = z.discriminatedUnion('type', [
  ImportProgress.extend({ type: z.literal('progress') }),
  z.object({ type: z.literal('result'), result: ProductImportResult }),
  z.object({ type: z.literal('error'), problem: Problem }),
]);
export type ImportStreamEvent = z.infer<typeof ImportStreamEvent>;
