/**
 * Reports against a replay of real baskets: invoices of the UCI Online Retail sample (Chen, Sain and
 * Guo 2012, CC BY 4.0) are rung up as sales through the API in a GBP company whose catalog was
 * imported from the same file, then every section of the report is checked against the sale
 * documents and against amounts computed straight from the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { newDocumentId, priceSale } from '@kassa/domain';
import { withCompanyTx } from '@kassa/db';
import type {
  LoginResponse,
  Product,
  ProductImportResult,
  ProductPage,
  SalesReport,
  Tax,
} from '@kassa/contracts';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

const RETAIL = readFileSync(
  fileURLToPath(new URL('../../../../../packages/db/seed-data/online-retail-sample.csv', import.meta.url)),
);
/** Invoices replayed (the earliest ones of the sample that are sales, not cancellations). */
const INVOICES = 150;

let t: TestContext;
let gbp: EmptyCompany;
let owner: LoginResponse;
let other: OtherCompany;
let otherOwner: LoginResponse;
let today: string;
let report: SalesReport;
/** Expected figures computed from the file and the catalog, without the server. */
const expected = { sales: 0, gross: 0, discounts: 0, lines: 0, cardAmount: 0, cardCount: 0 };

const get = (url: string, token = owner) =>
  t.app.inject({ method: 'GET', url, headers: bearer(token.accessToken) });

beforeAll(async () => {
  t = await createTestApp();
  gbp = await seedEmptyCompany(t.db, {
    tag: 'retail',
    currency: 'GBP',
    timeZone: 'Europe/London',
    country: 'GB',
  });
  owner = await login(t.app, gbp.email, gbp.password);
  other = await seedOtherCompany(t.db);
  otherOwner = await login(t.app, other.email, other.password);
  // Sales need an open shift on the register (issue 6).
  const shift = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shifts',
    headers: bearer(owner.accessToken),
    payload: { id: newDocumentId(), registerId: gbp.registerId, openingFloat: 10_000 },
  });
  expect(shift.statusCode, shift.body).toBe(201);

  const imported = await t.app.inject({
    method: 'POST',
    url:
      '/api/v1/imports/products?dryRun=false&colSku=StockCode&colName=Description&colPrice=UnitPrice' +
      '&onDuplicate=latest&latestBy=InvoiceDate&skipIncomplete=true&roundPrices=true',
    headers: { ...bearer(owner.accessToken), 'content-type': 'text/csv' },
    payload: RETAIL,
  });
  expect(imported.statusCode, imported.body.slice(0, 300)).toBe(200);
  expect(imported.json<ProductImportResult>().created).toBeGreaterThan(3000);

  const catalog = new Map<string, Product>();
  for (let offset = 0; ; offset += 200) {
    const page = (await get(`/api/v1/products?limit=200&offset=${offset}`)).json<ProductPage>();
    for (const p of page.items) catalog.set(p.sku, p);
    if (catalog.size >= page.total) break;
  }
  // UK VAT, 20 % included in shelf prices, on every product whose code is a number (the goods);
  // the rest (POST, M, DOT...) stay exempt.
  const vat = await t.app.inject({
    method: 'POST',
    url: '/api/v1/taxes',
    headers: bearer(owner.accessToken),
    payload: { name: 'VAT', rate: '20', inclusive: true },
  });
  expect(vat.statusCode).toBe(201);
  const vatTax = vat.json<Tax>();

  const rows = Papa.parse<Record<string, string>>(RETAIL.toString('utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const invoices = new Map<string, Record<string, string>[]>();
  for (const r of [...rows].sort((a, b) => (a.InvoiceDate! < b.InvoiceDate! ? -1 : 1))) {
    if (r.InvoiceNo!.startsWith('C') || Number(r.Quantity) <= 0 || !catalog.has(r.StockCode!)) continue;
    if (!invoices.has(r.InvoiceNo!)) {
      if (invoices.size === INVOICES) continue;
      invoices.set(r.InvoiceNo!, []);
    }
    invoices.get(r.InvoiceNo!)!.push(r);
  }
  const taxed = new Set<string>();
  for (const lines of invoices.values()) {
    for (const line of lines) {
      const product = catalog.get(line.StockCode!)!;
      if (/^\d/.test(product.sku) && !taxed.has(product.id)) {
        taxed.add(product.id);
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/products/${product.id}/taxes`,
          headers: bearer(owner.accessToken),
          payload: { taxIds: [vatTax.id] },
        });
        expect(res.statusCode).toBe(200);
      }
    }
  }

  let n = 0;
  for (const lines of invoices.values()) {
    n++;
    // Every fifth line gets a 10 % line discount, so the discount report has something to add up.
    const saleLines = lines.map((l, i) => ({
      productId: catalog.get(l.StockCode!)!.id,
      quantity: l.Quantity!,
      ...(i % 5 === 4 ? { discountPercent: '10' } : {}),
    }));
    const priced = priceSale({
      currency: 'GBP',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      taxes: [{ id: vatTax.id, rate: '20', inclusive: true, compound: false }],
      lines: saleLines.map((l, i) => ({
        id: String(i),
        unitPrice: catalog.get(lines[i]!.StockCode!)!.price,
        quantity: l.quantity,
        taxIds: /^\d/.test(lines[i]!.StockCode!) ? [vatTax.id] : [],
        ...(l.discountPercent ? { discount: { type: 'percent' as const, value: l.discountPercent } } : {}),
      })),
    });
    expected.sales++;
    expected.lines += lines.length;
    expected.gross += lines.reduce((a, l) => a + catalog.get(l.StockCode!)!.price * Number(l.Quantity), 0);
    expected.discounts += priced.discountTotal;
    // Odd invoices pay by card (exactly the total), even ones in cash with a round note.
    const card = n % 2 === 1 && priced.total > 0;
    if (card) {
      expected.cardAmount += priced.total;
      expected.cardCount++;
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: bearer(owner.accessToken),
      payload: {
        id: newDocumentId(),
        registerId: gbp.registerId,
        lines: saleLines,
        tenders: [
          card ? { method: 'card', amount: priced.total } : { method: 'cash', amount: priced.total + 5000 },
        ],
      },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  }
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const res = await get(`/api/v1/reports/sales?from=${today}&to=${today}&storeId=${gbp.storeId}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  report = res.json<SalesReport>();
}, 600_000);

afterAll(async () => {
  await t?.close();
});

/** Sums straight from the sale documents, without the report code. */
async function documentTotals() {
  return withCompanyTx(t.db, gbp.companyId, async (tx) => {
    const result = (await tx.execute(sql`select count(*)::int as sales,
        sum(subtotal)::text as gross, sum(discount_total)::text as discounts, sum(tax_total)::text as tax,
        sum(total)::text as total, sum(total + cash_rounding)::text as due,
        (select count(*) from sale_lines)::int as lines
      from sales`)) as { rows: Record<string, string | number>[] };
    return result.rows[0]!;
  });
}

type Amounts = {
  sales?: number;
  gross: number;
  discounts: number;
  tax: number;
  total: number;
  netSales: number;
};
const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);

describe('GET /api/v1/reports/sales on replayed real baskets', () => {
  it('totals equal the sums of the sale documents and of the file, to the penny', async () => {
    const docs = await documentTotals();
    expect(report.currency).toBe('GBP');
    expect(report.totals.sales).toBe(INVOICES);
    expect(docs.sales).toBe(INVOICES);
    expect(docs.lines).toBe(expected.lines);
    expect(report.totals.gross).toBe(Number(docs.gross));
    expect(report.totals.gross).toBe(expected.gross);
    expect(report.totals.discounts).toBe(Number(docs.discounts));
    expect(report.totals.discounts).toBe(expected.discounts);
    expect(report.totals.discounts).toBeGreaterThan(0);
    expect(report.totals.tax).toBe(Number(docs.tax));
    expect(report.totals.tax).toBeGreaterThan(0);
    expect(report.totals.total).toBe(Number(docs.total));
    expect(report.totals.netSales).toBe(report.totals.total - report.totals.tax);
    expect(report.totals.gross - report.totals.discounts).toBe(report.totals.total); // VAT is inclusive
  });

  it('every breakdown adds up to the totals', () => {
    const { totals } = report;
    for (const rows of [report.byDay, report.byHour, report.byCashier] as Amounts[][]) {
      expect(sum(rows, (r) => r.sales!)).toBe(totals.sales);
      for (const k of ['gross', 'discounts', 'tax', 'total', 'netSales'] as const) {
        expect(sum(rows, (r) => r[k])).toBe(totals[k]);
      }
    }
    expect(report.byDay.map((d) => d.day)).toEqual([today]);
    for (const rows of [report.byCategory, report.byProduct] as Amounts[][]) {
      for (const k of ['gross', 'discounts', 'tax', 'total', 'netSales'] as const) {
        expect(sum(rows, (r) => r[k])).toBe(totals[k]);
      }
    }
    expect(sum(report.taxes, (r) => r.tax)).toBe(totals.tax);
    expect(report.taxes.map((x) => [x.name, x.rate])).toEqual([['VAT', '20']]);
    const due = totals.total + totals.cashRounding;
    expect(sum(report.byTender, (r) => r.amount)).toBe(due);
    const card = report.byTender.find((r) => r.method === 'card')!;
    expect(card).toMatchObject({ count: expected.cardCount, amount: expected.cardAmount });
    expect(report.byCashier.map((c) => c.userId)).toEqual([gbp.ownerId]);
  });

  it('gross margin leaves out products without a cost, and counts them', () => {
    // The online-retail file has no costs: every line is uncosted, margin 0.
    expect(report.totals).toMatchObject({
      cost: 0,
      costedNetSales: 0,
      margin: 0,
      uncostedLines: expected.lines,
    });
  });

  it('another day, another store, or another company sees none of it', async () => {
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    const later = (await get(`/api/v1/reports/sales?from=${tomorrow}&to=${tomorrow}`)).json<SalesReport>();
    expect(later.totals.sales).toBe(0);
    expect(later.byDay).toEqual([]);
    const theirs = (
      await get(`/api/v1/reports/sales?from=${today}&to=${today}`, otherOwner)
    ).json<SalesReport>();
    expect(theirs.totals.sales).toBe(0);
    const foreignStore = await get(
      `/api/v1/reports/sales?from=${today}&to=${today}&storeId=${gbp.storeId}`,
      otherOwner,
    );
    expect(foreignStore.statusCode).toBe(404);
    expect(foreignStore.json<{ code: string }>().code).toBe('store_not_found');
  });

  it('refuses a cashier (403) and a reversed or too long period (400)', async () => {
    const cashier = await login(t.app, 'cashier@demo.kassa.dev');
    expect((await get(`/api/v1/reports/sales?from=${today}&to=${today}`, cashier)).statusCode).toBe(403);
    expect((await get('/api/v1/reports/sales?from=2026-02-02&to=2026-02-01')).statusCode).toBe(400);
    expect((await get('/api/v1/reports/sales?from=2024-01-01&to=2026-01-01')).statusCode).toBe(400);
  });
});

describe('exports', () => {
  it('the report exports as CSV and XLSX with the same figures', async () => {
    const csv = await get(`/api/v1/reports/sales/export?from=${today}&to=${today}&section=byTender`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const parsed = Papa.parse<Record<string, string>>(csv.body, { header: true, skipEmptyLines: true }).data;
    const card = parsed.find((r) => r.method === 'card')!;
    expect(card.amount).toBe((expected.cardAmount / 100).toFixed(2));
    const xlsx = await get(`/api/v1/reports/sales/export?from=${today}&to=${today}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'By day',
      'By hour',
      'By category',
      'By product',
      'By cashier',
      'By tender',
      'Taxes',
      'Voids',
    ]);
    const day = workbook.getWorksheet('By day')!.getRow(2).values as unknown[];
    expect(day.slice(1, 3)).toEqual([today, INVOICES]);
    expect(day[6]).toBe((report.totals.total / 100).toFixed(2));
  });

  it('products export re-imports as unchanged (CSV and XLSX), writing nothing', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await get(`/api/v1/exports/products?format=${format}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toContain(`products.${format}`);
      const before = await catalogFootprint(t.db, gbp.companyId);
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports/products?dryRun=false&format=${format}`,
        headers: { ...bearer(owner.accessToken), 'content-type': 'application/octet-stream' },
        payload: file.rawPayload,
      });
      expect(again.statusCode, again.body.slice(0, 300)).toBe(200);
      const result = again.json<ProductImportResult>();
      expect(result).toMatchObject({ created: 0, updated: 0, errors: [] });
      expect(result.unchanged).toBe(result.products);
      expect(await catalogFootprint(t.db, gbp.companyId)).toEqual(before);
    }
  });

  it('sales and stock exports list the documents', async () => {
    const sales = await get('/api/v1/exports/sales');
    const rows = Papa.parse<Record<string, string>>(sales.body, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(INVOICES);
    const pence = rows.reduce((a, r) => a + Math.round(Number(r.total!.replace('.', ''))), 0);
    expect(pence).toBe(report.totals.total);
    const stock = await get(`/api/v1/exports/stock?storeId=${gbp.storeId}&format=xlsx`);
    expect(stock.statusCode).toBe(200);
  });

  it('refuses a cashier (403) and a foreign store (404), and writes nothing', async () => {
    const cashier = await login(t.app, 'cashier@demo.kassa.dev');
    const before = await companyFootprint(t.db, gbp.companyId);
    expect((await get('/api/v1/exports/products', cashier)).statusCode).toBe(403);
    expect((await get(`/api/v1/exports/stock?storeId=${gbp.storeId}`, otherOwner)).statusCode).toBe(404);
    expect((await get(`/api/v1/exports/sales?storeId=${gbp.storeId}`, otherOwner)).statusCode).toBe(404);
    expect(await companyFootprint(t.db, gbp.companyId)).toEqual(before);
  });
});
