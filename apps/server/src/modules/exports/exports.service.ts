import { toMajorString } from '@kassa/domain';
import type { ExportQuery, ReportExportQuery, ReportSection, SalesReport } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { currency as companyCurrency, storeExists } from '../reports/reports.repository.ts';
import { salesReport } from '../reports/reports.service.ts';
import * as repo from './exports.repository.ts';
import type { Readable } from 'node:stream';
import { csvStream, toCsv, toXlsx, xlsxStream, type Table, type TableStream } from './tables.ts';

/**
 * An export file: its bytes (whole, or a stream that reads the database as it is consumed, so it
 * must be consumed inside the request's transaction), media type and file name.
 */
export type ExportFile = { body: Buffer | Readable; format: 'csv' | 'xlsx'; filename: string };

async function render(tables: Table[], format: 'csv' | 'xlsx', base: string): Promise<ExportFile> {
  const body = format === 'csv' ? toCsv(tables[0]!) : await toXlsx(tables);
  return { body, format, filename: `${base}.${format}` };
}

/** A streamed one-table export: rows are read page by page while the file is written. */
function stream(table: TableStream, format: 'csv' | 'xlsx', base: string): ExportFile {
  const body = format === 'csv' ? csvStream(table) : xlsxStream(table);
  return { body, format, filename: `${base}.${format}` };
}

/** Maps each page of rows as it is read. */
async function* mapPages<T, U>(pages: AsyncIterable<T[]>, fn: (row: T) => U): AsyncGenerator<U[]> {
  for await (const page of pages) yield page.map(fn);
}

async function checkStore(ctx: Ctx, storeId: string | undefined) {
  if (storeId && !(await storeExists(ctx, storeId))) {
    throw new AppError('store_not_found', 404, 'Store not found', { storeId });
  }
}

const major = (minor: unknown, currency: string) =>
  minor === null || minor === undefined ? '' : toMajorString(Number(minor), currency);

/**
 * The product catalog as a file whose columns are the import's default mapping (sku, name, price,
 * cost, barcode, category, vendor, unit, ageRestricted, active), prices in major units: exporting and
 * importing it back changes nothing. Streamed (see `ExportFile`).
 */
export async function exportProducts(ctx: Ctx, query: ExportQuery): Promise<ExportFile> {
  const currency = await companyCurrency(ctx);
  const columns = [
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
  ];
  const table: TableStream = {
    name: 'Products',
    columns,
    rows: mapPages(repo.products(ctx), (r) => [
      String(r.sku),
      String(r.name),
      major(r.price, currency),
      major(r.cost, currency),
      String(r.barcode),
      String(r.category),
      String(r.vendor),
      String(r.unit),
      r.age_restricted ? 'true' : 'false',
      r.active ? 'true' : 'false',
    ]),
  };
  return stream(table, query.format, 'products');
}

/** Stock levels per store and product (decimal quantities), streamed. @throws `store_not_found` (404). */
export async function exportStock(ctx: Ctx, query: ExportQuery): Promise<ExportFile> {
  await checkStore(ctx, query.storeId);
  const table: TableStream = {
    name: 'Stock levels',
    columns: ['store', 'sku', 'name', 'onHand'],
    rows: mapPages(repo.stock(ctx, query.storeId), (r) => [
      String(r.store),
      String(r.sku),
      String(r.name),
      String(r.on_hand),
    ]),
  };
  return stream(table, query.format, 'stock-levels');
}

/** Customers, with the import's default column names (code, name, email, phone, country), streamed. */
export function exportCustomers(ctx: Ctx, query: ExportQuery): Promise<ExportFile> {
  const columns = ['code', 'name', 'email', 'phone', 'country'];
  const table: TableStream = {
    name: 'Customers',
    columns,
    rows: mapPages(repo.customers(ctx), (r) => columns.map((c) => String(r[c]))),
  };
  return Promise.resolve(stream(table, query.format, 'customers'));
}

/** Completed sales, one row each, amounts in major units, streamed. @throws `store_not_found` (404). */
export async function exportSales(ctx: Ctx, query: ExportQuery): Promise<ExportFile> {
  await checkStore(ctx, query.storeId);
  const money = [
    'subtotal',
    'discount_total',
    'tax_total',
    'total',
    'cash_rounding',
    'tendered',
    'change_due',
  ];
  const table: TableStream = {
    name: 'Sales',
    columns: [
      'receipt',
      'createdAt',
      'store',
      'register',
      'cashier',
      'currency',
      'subtotal',
      'discounts',
      'tax',
      'total',
      'cashRounding',
      'tendered',
      'changeDue',
    ],
    rows: mapPages(repo.sales(ctx, query), (r) => [
      String(r.receipt_number),
      String(r.created_at),
      String(r.store),
      String(r.register),
      String(r.cashier),
      String(r.currency),
      ...money.map((k) => major(r[k], String(r.currency))),
    ]),
  };
  return stream(table, query.format, 'sales');
}

/** The sales report's tables (see `salesReport`), amounts in major units of the company currency. */
export function reportTables(report: SalesReport): Record<ReportSection, Table> {
  const m = (v: number) => toMajorString(v, report.currency);
  const amounts = ['gross', 'discounts', 'tax', 'total', 'netSales'] as const;
  const margins = ['cost', 'margin'] as const;
  return {
    byDay: {
      name: 'By day',
      columns: ['day', 'sales', ...amounts],
      rows: report.byDay.map((r) => [r.day, r.sales, ...amounts.map((k) => m(r[k]))]),
    },
    byHour: {
      name: 'By hour',
      columns: ['hour', 'sales', ...amounts],
      rows: report.byHour.map((r) => [r.hour, r.sales, ...amounts.map((k) => m(r[k]))]),
    },
    byCategory: {
      name: 'By category',
      columns: ['category', 'quantity', ...amounts, ...margins],
      rows: report.byCategory.map((r) => [
        r.name,
        r.quantity,
        ...amounts.map((k) => m(r[k])),
        ...margins.map((k) => m(r[k])),
      ]),
    },
    byProduct: {
      name: 'By product',
      columns: ['sku', 'name', 'quantity', ...amounts, ...margins],
      rows: report.byProduct.map((r) => [
        r.sku,
        r.name,
        r.quantity,
        ...amounts.map((k) => m(r[k])),
        ...margins.map((k) => m(r[k])),
      ]),
    },
    byCashier: {
      name: 'By cashier',
      columns: ['cashier', 'sales', ...amounts],
      rows: report.byCashier.map((r) => [r.name, r.sales, ...amounts.map((k) => m(r[k]))]),
    },
    byTender: {
      name: 'By tender',
      columns: ['method', 'count', 'amount'],
      rows: report.byTender.map((r) => [r.method, r.count, m(r.amount)]),
    },
    taxes: {
      name: 'Taxes',
      columns: ['tax', 'rate', 'base', 'tax', 'refundedBase', 'refundedTax', 'netBase', 'netTax'],
      rows: report.taxes.map((r) => [
        r.name,
        r.rate,
        ...(['base', 'tax', 'refundedBase', 'refundedTax', 'netBase', 'netTax'] as const).map((k) => m(r[k])),
      ]),
    },
    voids: {
      name: 'Voids',
      columns: ['receipt', 'void', 'cashier', 'reason', 'total', 'tax', 'voidedAt'],
      rows: report.voids.items.map((r) => [
        r.receiptNumber,
        r.voidNumber,
        r.cashierName,
        r.reason,
        m(r.total),
        m(r.tax),
        r.createdAt,
      ]),
    },
  };
}

/** The sales report as CSV (one section) or XLSX (every section, one worksheet each). */
export async function exportReport(ctx: Ctx, query: ReportExportQuery): Promise<ExportFile> {
  const report = await salesReport(ctx, { from: query.from, to: query.to, storeId: query.storeId });
  const tables = reportTables(report);
  const chosen = query.format === 'csv' ? [tables[query.section]] : Object.values(tables);
  return render(chosen, query.format, `sales-report-${query.from}-${query.to}`);
}
