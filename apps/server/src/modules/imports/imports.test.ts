import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { gtinCheckDigit, parseMajor } from '@kassa/domain';
import type { LoginResponse, Product, ProductImportResult, ProductPage } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';
import { MAX_IMPORT_BYTES, readSheetRows } from './file-rows.ts';

const SEED_DATA = (name: string) =>
  fileURLToPath(new URL(`../../../../../packages/db/seed-data/${name}`, import.meta.url));
const IOWA = readFileSync(SEED_DATA('iowa-liquor-2012-01-31.csv'));
const RETAIL = readFileSync(SEED_DATA('online-retail-sample.csv'));

const IOWA_MAPPING =
  'colSku=item_number&colName=item_description&colPrice=state_bottle_retail&colCost=state_bottle_cost' +
  '&colCategory=category_name&colVendor=vendor_name&onDuplicate=latest&skipIncomplete=true';
const RETAIL_MAPPING =
  'colSku=StockCode&colName=Description&colPrice=UnitPrice&onDuplicate=latest&latestBy=InvoiceDate' +
  '&skipIncomplete=true&roundPrices=true';

let t: TestContext;
let usd: EmptyCompany;
let gbp: EmptyCompany;
let usdOwner: LoginResponse;
let gbpOwner: LoginResponse;
let cashier: LoginResponse;

const gtin = (body: string) => `${body}${gtinCheckDigit(body)}`;

function upload(token: LoginResponse, query: string, file: Buffer | string, type = 'text/csv') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/products?${query}`,
    headers: { ...bearer(token.accessToken), 'content-type': type },
    payload: file,
  });
}

async function ok(token: LoginResponse, query: string, file: Buffer | string, type?: string) {
  const res = await upload(token, query, file, type);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.json<ProductImportResult>();
}

async function allProducts(token: LoginResponse): Promise<Product[]> {
  const items: Product[] = [];
  for (let offset = 0; ; offset += 200) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/products?status=all&limit=200&offset=${offset}`,
      headers: bearer(token.accessToken),
    });
    const page = res.json<ProductPage>();
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  usd = await seedEmptyCompany(t.db, {
    tag: 'usd',
    currency: 'USD',
    timeZone: 'America/Chicago',
    country: 'US',
  });
  gbp = await seedEmptyCompany(t.db, {
    tag: 'gbp',
    currency: 'GBP',
    timeZone: 'Europe/London',
    country: 'GB',
  });
  usdOwner = await login(t.app, usd.email, usd.password);
  gbpOwner = await login(t.app, gbp.email, gbp.password);
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
});
afterAll(async () => {
  await t?.close();
});

describe('the Iowa catalog, as published', () => {
  it('dry run: maps the columns, previews, counts 1,173 new products and writes nothing', async () => {
    const before = await catalogFootprint(t.db, usd.companyId);
    const result = await ok(usdOwner, IOWA_MAPPING, IOWA);
    expect(result).toMatchObject({
      dryRun: true,
      rows: 9510,
      products: 1173,
      skipped: 7,
      created: 1173,
      errors: [],
    });
    expect(result.mapping).toMatchObject({ sku: 'item_number', price: 'state_bottle_retail' });
    expect(result.preview[0]).toMatchObject({ sku: '75087', name: 'Juarez Gold Dss', price: '7.13' });
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  });

  it('imports it, then importing the same file again changes nothing', async () => {
    const first = await ok(usdOwner, `${IOWA_MAPPING}&dryRun=false`, IOWA);
    expect(first).toMatchObject({ created: 1173, updated: 0, unchanged: 0 });
    const products = await allProducts(usdOwner);
    expect(products).toHaveLength(1173);
    const juarez = products.find((p) => p.sku === '75087')!;
    expect(juarez).toMatchObject({
      name: 'Juarez Gold Dss',
      price: 713,
      cost: 475,
      vendor: 'Luxco-St Louis',
    });
    expect(juarez.categoryName).toBe('DISTILLED SPIRITS SPECIALTY');

    const before = await catalogFootprint(t.db, usd.companyId);
    const again = await ok(usdOwner, `${IOWA_MAPPING}&dryRun=false`, IOWA);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1173 });
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  });

  it('updates only what a changed file changes', async () => {
    const csv =
      'sku,name,price\n75087,Juarez Gold Dss,7.49\n41846,Everclear Alcohol,12.03\nNEW-1,New item,1\n';
    const result = await ok(usdOwner, 'dryRun=false', csv);
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    const juarez = (await allProducts(usdOwner)).find((p) => p.sku === '75087')!;
    // Columns the file does not have (cost, vendor, category) keep their values.
    expect(juarez).toMatchObject({ price: 749, cost: 475, vendor: 'Luxco-St Louis' });
  });
});

describe('the online-retail sample: distinct products at their latest price, in GBP', () => {
  it('imports StockCode as SKU with the latest UnitPrice, without hand edits', async () => {
    // What the file says, computed independently: the latest row (by InvoiceDate) of each StockCode
    // among rows that name the product.
    const rows = Papa.parse<Record<string, string>>(RETAIL.toString('utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const latest = new Map<string, Record<string, string>>();
    for (const r of rows) {
      if (!r.Description!.trim()) continue;
      const prev = latest.get(r.StockCode!);
      if (!prev || r.InvoiceDate! >= prev.InvoiceDate!) latest.set(r.StockCode!, r);
    }
    const result = await ok(gbpOwner, `${RETAIL_MAPPING}&dryRun=false`, RETAIL);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ rows: 40000, products: latest.size, created: latest.size });
    expect(result.skipped).toBe(rows.filter((r) => !r.Description!.trim()).length);
    // PADS TO MATCH ALL CUSHIONS was invoiced at 0.001 GBP: below a penny, rounded half-up.
    expect(result.rounded).toBe(1);

    const products = await allProducts(gbpOwner);
    expect(products).toHaveLength(latest.size);
    for (const p of products) {
      const source = latest.get(p.sku)!;
      expect(p.name).toBe(source.Description!.trim());
      const price = source.UnitPrice === '0.001' ? 0 : parseMajor(source.UnitPrice!, 'GBP');
      expect(p.price, p.sku).toBe(price);
    }
    expect(products.find((p) => p.sku === '85123A')).toBeDefined();

    const before = await catalogFootprint(t.db, gbp.companyId);
    const again = await ok(gbpOwner, `${RETAIL_MAPPING}&dryRun=false`, RETAIL);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: latest.size });
    expect(await catalogFootprint(t.db, gbp.companyId)).toEqual(before);
  });
});

describe('row errors: reported by a dry run, refused by a real run, nothing written', () => {
  async function refusedEverywhere(
    csv: string | Buffer,
    expected: { row: number; column: string; reason: RegExp }[],
  ) {
    const before = await catalogFootprint(t.db, usd.companyId);
    const dry = await ok(usdOwner, '', csv);
    expect(dry.errors).toHaveLength(expected.length);
    dry.errors.forEach((e, i) => {
      expect(e).toMatchObject({ row: expected[i]!.row, column: expected[i]!.column });
      expect(e.reason).toMatch(expected[i]!.reason);
    });
    const real = await upload(usdOwner, 'dryRun=false', csv);
    expect(real.statusCode).toBe(422);
    const problem = real.json<{ code: string; details: { errors: unknown[] } }>();
    expect(problem.code).toBe('import_invalid');
    expect(problem.details.errors).toEqual(dry.errors);
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  }

  it('missing column', async () => {
    await refusedEverywhere('sku,name\nA-1,Thing\n', [{ row: 1, column: 'price', reason: /missing column/ }]);
  });

  it('a mapped column that is not in the file', async () => {
    const before = await catalogFootprint(t.db, usd.companyId);
    const res = await upload(usdOwner, 'dryRun=false&colCost=unit_cost', 'sku,name,price\nA-1,Thing,1\n');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ details: { errors: unknown[] } }>().details.errors).toEqual([
      { row: 1, column: 'unit_cost', reason: 'missing column (for cost)' },
    ]);
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  });

  it('bad number', async () => {
    await refusedEverywhere('sku,name,price,cost\nA-1,Thing,1.5,0.5\nA-2,Other,abc,1\nA-3,Third,2,1.234\n', [
      { row: 3, column: 'price', reason: /not a number/ },
      { row: 4, column: 'cost', reason: /more decimals than USD/ },
    ]);
  });

  it('bad GTIN', async () => {
    const good = gtin('400638133393');
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    await refusedEverywhere(`sku,name,price,barcode\nA-1,Thing,1,${good}\nA-2,Other,2,${bad}\n`, [
      { row: 3, column: 'barcode', reason: /not a GTIN/ },
    ]);
  });

  it('duplicate SKU in the file', async () => {
    await refusedEverywhere('sku,name,price\nA-1,Thing,1\nA-2,Other,2\nA-1,Thing again,3\n', [
      { row: 4, column: 'sku', reason: /duplicate SKU A-1 \(first on row 2\)/ },
    ]);
  });

  it('a barcode of another product of the catalog, and one barcode on two SKUs of the file', async () => {
    const code = gtin('400000000777');
    await ok(usdOwner, 'dryRun=false', `sku,name,price,barcode\nB-1,Owner,1,${code}\n`);
    await refusedEverywhere(`sku,name,price,barcode\nB-2,Thief,1,${code}\n`, [
      { row: 2, column: 'barcode', reason: /belongs to SKU B-1/ },
    ]);
    const other = gtin('400000000778');
    await refusedEverywhere(`sku,name,price,barcode\nB-3,One,1,${other}\nB-4,Two,1,${other}\n`, [
      { row: 3, column: 'barcode', reason: /also on row 2/ },
    ]);
  });

  it('file too large: 413 before the file is read, nothing written', async () => {
    const before = await catalogFootprint(t.db, usd.companyId);
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 'a');
    const res = await upload(usdOwner, 'dryRun=false', big);
    expect(res.statusCode).toBe(413);
    expect(res.json<{ code: string }>().code).toBe('file_too_large');
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  });

  it('file too large while streaming (no Content-Length): stops reading past the limit', async () => {
    const chunks = (function* () {
      yield Buffer.from('sku,name,price\n');
      for (let i = 0; i < 100; i++) yield Buffer.from(`S-${i},Name,1\n`);
    })();
    const read = async () => {
      for await (const row of readSheetRows(Readable.from(chunks), 'csv', 200)) void row;
    };
    await expect(read()).rejects.toMatchObject({ code: 'file_too_large', status: 413 });
  });

  it('refuses a cashier (403) and an unknown content type (415), writing nothing', async () => {
    const before = await catalogFootprint(t.db, usd.companyId);
    const asCashier = await upload(cashier, 'dryRun=false', 'sku,name,price\nC-1,X,1\n');
    expect(asCashier.statusCode).toBe(403);
    const wrongType = await upload(usdOwner, 'dryRun=false', '{}', 'application/json');
    expect(wrongType.statusCode).toBe(415);
    expect(await catalogFootprint(t.db, usd.companyId)).toEqual(before);
  });
});

describe('XLSX', () => {
  it('imports the first worksheet of an .xlsx file, numbers and all', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Products');
    sheet.addRow(['SKU', 'Name', 'Price', 'Unit', 'Age restricted']);
    sheet.addRow(['X-1', 'Olives, loose', 12.9, 'kg', 'no']);
    sheet.addRow([1002, 'Rum', 19.99, 'each', 'yes']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const query =
      'dryRun=false&colSku=SKU&colName=Name&colPrice=Price&colUnit=Unit&colAgeRestricted=Age%20restricted';
    const result = await ok(
      gbpOwner,
      query,
      file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(result).toMatchObject({ rows: 2, created: 2, errors: [] });
    const products = await allProducts(gbpOwner);
    expect(products.find((p) => p.sku === 'X-1')).toMatchObject({
      price: 1290,
      unit: 'kg',
      ageRestricted: false,
    });
    expect(products.find((p) => p.sku === '1002')).toMatchObject({ price: 1999, ageRestricted: true });
  });

  it('a file that is not an xlsx is 415 unsupported_file', async () => {
    const res = await upload(gbpOwner, 'format=xlsx', 'sku,name,price\n');
    expect(res.statusCode).toBe(415);
    expect(res.json<{ code: string }>().code).toBe('unsupported_file');
  });
});
