/**
 * Progress of a large import: POST /imports/products/stream answers NDJSON progress lines while it
 * reads and writes, then the result, or the problem the plain route would answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ImportStreamEvent, type LoginResponse } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';

const ROWS = 11_000;
let t: TestContext;
let company: EmptyCompany;
let owner: LoginResponse;
let cashier: LoginResponse;

function csv(rows: number, bad?: number): string {
  let text = 'sku,name,price\n';
  for (let i = 0; i < rows; i++) text += `P-${i},Product ${i},${i === bad ? 'n/a' : `${(i % 900) + 1}.50`}\n`;
  return text;
}

function stream(query: string, body: string, token = owner, type = 'text/csv') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/products/stream?${query}`,
    headers: { ...bearer(token.accessToken), 'content-type': type },
    payload: body,
  });
}

/** The answer's lines, each checked against the contract. */
const events = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => ImportStreamEvent.parse(JSON.parse(l)));

beforeAll(async () => {
  t = await createTestApp();
  company = await seedEmptyCompany(t.db, {
    tag: 'progress',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    country: 'DE',
  });
  owner = await login(t.app, company.email, company.password);
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/imports/products/stream', () => {
  it(`reports progress while reading and writing ${ROWS} rows, then the result`, async () => {
    const res = await stream('dryRun=false', csv(ROWS));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const all = events(res.body);
    const progress = all.filter((e) => e.type === 'progress');
    expect(progress.filter((p) => p.phase === 'read').map((p) => p.done)).toEqual([5000, 10000, ROWS]);
    const writes = progress.filter((p) => p.phase === 'write');
    expect(writes).toHaveLength(Math.ceil(ROWS / 500));
    expect(writes.every((w, i) => w.total === ROWS && w.done === Math.min((i + 1) * 500, ROWS))).toBe(true);
    // Reading comes before writing, and the result is the last line.
    expect(all.findIndex((e) => e.type === 'progress' && e.phase === 'write')).toBeGreaterThan(
      all.findLastIndex((e) => e.type === 'progress' && e.phase === 'read'),
    );
    const last = all.at(-1)!;
    expect(last.type).toBe('result');
    if (last.type === 'result') expect(last.result).toMatchObject({ rows: ROWS, created: ROWS, errors: [] });
    const footprint = await catalogFootprint(t.db, company.companyId);
    expect(footprint.products).toBe(String(ROWS));
  }, 300_000);

  it(`exports the ${ROWS} products back, streamed page by page (CSV and XLSX), in SKU order`, async () => {
    const get = (format: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/exports/products?format=${format}`,
        headers: bearer(owner.accessToken),
      });
    const csvFile = await get('csv');
    expect(csvFile.statusCode).toBe(200);
    const rows = Papa.parse<string[]>(csvFile.body.trim()).data;
    expect(rows[0]).toEqual([
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
    ]);
    const skus = rows.slice(1).map((r) => r[0]!);
    // Several pages of 2,000, none lost or repeated at the page edges.
    expect(skus).toHaveLength(ROWS);
    expect(new Set(skus).size).toBe(ROWS);
    expect(skus).toEqual([...skus].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(rows.find((r) => r[0] === 'P-10999')).toEqual([
      'P-10999',
      'Product 10999',
      '200.50',
      '',
      '',
      '',
      '',
      'each',
      'false',
      'true',
    ]);

    const xlsxFile = await get('xlsx');
    expect(xlsxFile.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxFile.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(ROWS + 1);
    expect(sheet.getRow(ROWS + 1).getCell(1).text).toBe(skus.at(-1));
  }, 300_000);

  it('a real run of a file with a row error ends with the import_invalid problem; nothing written', async () => {
    const before = await catalogFootprint(t.db, company.companyId);
    const res = await stream('dryRun=false', csv(20, 7));
    expect(res.statusCode).toBe(200);
    const last = events(res.body).at(-1)!;
    expect(last).toMatchObject({
      type: 'error',
      problem: {
        status: 422,
        code: 'import_invalid',
        details: { errors: [{ row: 9, column: 'price', reason: 'not a number: "n/a"' }] },
      },
    });
    expect(await catalogFootprint(t.db, company.companyId)).toEqual(before);
  });

  it('refuses before streaming: a cashier (403), an unknown content type (415); nothing written', async () => {
    const before = await catalogFootprint(t.db, company.companyId);
    const asCashier = await stream('dryRun=false', csv(2), cashier);
    expect(asCashier.statusCode).toBe(403);
    expect(asCashier.json<{ code: string }>().code).toBe('forbidden');
    const wrongType = await stream('dryRun=false', '{}', owner, 'application/json');
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json<{ code: string }>().code).toBe('unsupported_file');
    expect(await catalogFootprint(t.db, company.companyId)).toEqual(before);
  });
});
