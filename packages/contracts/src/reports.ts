import { z } from 'zod';
import { MinorUnits } from './common.ts';

const LocalDate = z.iso.date().describe('A calendar day in the store time zone, YYYY-MM-DD');

/** A report period: whole days from `from` to `to` inclusive, in each store's own time zone. */
export const ReportQuery = z
  .object({
    from: LocalDate,
    to: LocalDate,
    storeId: z.uuid().optional().describe('One store; all stores when absent'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'a report covers at most 366 days',
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * Sales amounts of a group, integer minor units, as the sale documents hold them: `gross` before
 * discounts, `discounts`, `tax`, `total` paid (tax-exclusive taxes added), and `netSales` = total - tax.
 */
const Amounts = {
  gross: MinorUnits,
  discounts: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
  netSales: MinorUnits,
};

/** Gross margin of lines whose product has a cost: netSales - cost x quantity. */
const Margin = {
  cost: MinorUnits.describe('Cost of the lines whose product has a cost, rounded half-up once'),
  costedNetSales: MinorUnits.describe('netSales of those lines'),
  margin: MinorUnits.describe('costedNetSales - cost'),
  uncostedLines: z.number().int().describe('Lines of products without a cost, left out of the margin'),
};

export const SalesReport = z.object({
  from: z.string(),
  to: z.string(),
  storeId: z.uuid().nullable(),
  currency: z.string(),
  totals: z.object({
    sales: z.number().int(),
    ...Amounts,
    cashRounding: MinorUnits,
    discountedSales: z.number().int(),
    ...Margin,
  }),
  refunds: z
    .object({
      count: z.number().int(),
      discounts: MinorUnits,
      tax: MinorUnits,
      total: MinorUnits.describe('Given back to customers'),
      netSales: MinorUnits.describe('total - tax'),
    })
    .describe('Refunds (not voids) made in the period at the store(s), on their own day'),
  net: z
    .object({ total: MinorUnits, tax: MinorUnits, netSales: MinorUnits })
    .describe('Sales less refunds: totals.x - refunds.x'),
  voids: z
    .object({
      count: z.number().int(),
      tax: MinorUnits,
      total: MinorUnits,
      items: z.array(
        z.object({
          saleId: z.uuid(),
          receiptNumber: z.string(),
          voidNumber: z.string(),
          cashierName: z.string(),
          reason: z.string(),
          total: MinorUnits,
          tax: MinorUnits,
          createdAt: z.string(),
        }),
      ),
    })
    .describe('Voided sales of the period: left out of every sales figure above, listed here'),
  byDay: z.array(z.object({ day: z.string(), sales: z.number().int(), ...Amounts })),
  byHour: z.array(z.object({ hour: z.number().int().min(0).max(23), sales: z.number().int(), ...Amounts })),
  byCategory: z.array(
    z.object({
      categoryId: z.uuid().nullable(),
      name: z.string(),
      quantity: z.string(),
      ...Amounts,
      ...Margin,
    }),
  ),
  byProduct: z.array(
    z.object({
      productId: z.uuid(),
      sku: z.string(),
      name: z.string(),
      quantity: z.string(),
      ...Amounts,
      ...Margin,
    }),
  ),
  byCashier: z.array(z.object({ userId: z.uuid(), name: z.string(), sales: z.number().int(), ...Amounts })),
  byTender: z.array(z.object({ method: z.string(), count: z.number().int(), amount: MinorUnits })),
  taxes: z.array(
    z.object({
      taxId: z.string(),
      name: z.string(),
      rate: z.string(),
      base: MinorUnits.describe('Taxable base of the sales'),
      tax: MinorUnits.describe('Tax of the sales'),
      refundedBase: MinorUnits.describe('Base given back by refunds of the period'),
      refundedTax: MinorUnits.describe('Tax given back by refunds of the period'),
      netBase: MinorUnits.describe('base - refundedBase'),
      netTax: MinorUnits.describe('tax - refundedTax'),
    }),
  ),
});
export type SalesReport = z.infer<typeof SalesReport>;

/** Sections of the sales report that export as a table. */
export const ReportSection = z.enum([
  'byDay',
  'byHour',
  'byCategory',
  'byProduct',
  'byCashier',
  'byTender',
  'taxes',
  'voids',
]);
export type ReportSection = z.infer<typeof ReportSection>;

export const ReportExportQuery = z
  .object({
    from: LocalDate,
    to: LocalDate,
    storeId: z.uuid().optional(),
    format: z.enum(['csv', 'xlsx']).default('csv'),
    section: ReportSection.default('byDay').describe('CSV: the table to export (XLSX has every table)'),
  })
  .strict();
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

/** What an export may contain. */
export const ExportKind = z.enum(['products', 'stock', 'sales']);
export const ExportParams = z.object({ kind: ExportKind }).strict();
export const ExportQuery = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    storeId: z.uuid().optional().describe('stock and sales: one store'),
    from: LocalDate.optional().describe('sales: first day (UTC)'),
    to: LocalDate.optional().describe('sales: last day (UTC)'),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;
