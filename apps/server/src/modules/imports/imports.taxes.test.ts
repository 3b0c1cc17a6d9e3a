/**
 * The `taxes` column of a product import: tax rate names (several separated by ; or |, in order of
 * application; an empty cell: tax-exempt) set each product's taxes, idempotently; an unknown or
 * ambiguous name is a row error and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, Product, ProductImportResult, ProductPage, Tax } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';

let t: TestContext;
let gbp: EmptyCompany;
let owner: LoginResponse;
const taxes: Record<string, Tax> = {};

function upload(query: string, csv: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/products?${query}`,
    headers: { ...bearer(owner.accessToken), 'content-type': 'text/csv' },
    payload: csv,
  });
}

async function ok(query: string, csv: string): Promise<ProductImportResult> {
  const res = await upload(query, csv);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return res.json<ProductImportResult>();
}

async function bySku(): Promise<Map<string, Product>> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?status=all&limit=200',
    headers: bearer(owner.accessToken),
  });
  return new Map(res.json<ProductPage>().items.map((p) => [p.sku, p]));
}

const taxNames = (p: Product | undefined) => p?.taxes.map((x) => x.name);

beforeAll(async () => {
  t = await createTestApp();
  gbp = await seedEmptyCompany(t.db, {
    tag: 'tax',
    currency: 'GBP',
    timeZone: 'Europe/London',
    country: 'GB',
  });
  owner = await login(t.app, gbp.email, gbp.password);
  const rates = [
    { name: 'VAT 20', rate: '20', inclusive: true },
    { name: 'VAT 5', rate: '5', inclusive: true },
    { name: 'Eco levy', rate: '1.5', inclusive: false },
    { name: 'Local', rate: '2', inclusive: false },
    { name: 'Local', rate: '3', inclusive: false },
  ];
  for (const body of rates) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/taxes',
      headers: bearer(owner.accessToken),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const tax = res.json<Tax>();
    taxes[`${tax.name} ${tax.rate}`] = tax;
  }
});
afterAll(async () => {
  await t?.close();
});

const FILE =
  'sku,name,price,tax codes\n' +
  'T-1,Standard,1.20,VAT 20\n' +
  'T-2,Reduced,1.05,vat 5\n' +
  'T-3,Levied,2.00,VAT 20 ; Eco levy\n' +
  'T-4,Exempt,3.00,\n';
const MAPPING = 'colTaxes=tax%20codes';

describe('the taxes column', () => {
  it('a dry run maps and counts, writing nothing; the real run sets each product its taxes', async () => {
    const before = await catalogFootprint(t.db, gbp.companyId);
    const dry = await ok(MAPPING, FILE);
    expect(dry).toMatchObject({ dryRun: true, created: 4, errors: [] });
    expect(dry.mapping).toMatchObject({ taxes: 'tax codes' });
    expect(dry.preview[2]).toMatchObject({ sku: 'T-3', taxes: 'VAT 20 ; Eco levy' });
    expect(await catalogFootprint(t.db, gbp.companyId)).toEqual(before);

    expect(await ok(`dryRun=false&${MAPPING}`, FILE)).toMatchObject({ created: 4, errors: [] });
    const products = await bySku();
    expect(taxNames(products.get('T-1'))).toEqual(['VAT 20']);
    expect(taxNames(products.get('T-2'))).toEqual(['VAT 5']);
    // In the order of the cell: the order of application.
    expect(taxNames(products.get('T-3'))).toEqual(['VAT 20', 'Eco levy']);
    expect(taxNames(products.get('T-4'))).toEqual([]);
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const before = await catalogFootprint(t.db, gbp.companyId);
    expect(await ok(`dryRun=false&${MAPPING}`, FILE)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 4,
    });
    expect(await catalogFootprint(t.db, gbp.companyId)).toEqual(before);
  });

  it('a changed tax is an update (terminals sync it); a file without the column keeps the taxes', async () => {
    const old = (await bySku()).get('T-2')!;
    const changed = FILE.replace('T-2,Reduced,1.05,vat 5', 'T-2,Reduced,1.05,VAT 20|Eco levy');
    expect(await ok(`dryRun=false&${MAPPING}`, changed)).toMatchObject({ updated: 1, unchanged: 3 });
    const now = (await bySku()).get('T-2')!;
    expect(taxNames(now)).toEqual(['VAT 20', 'Eco levy']);
    expect(Date.parse(now.updatedAt)).toBeGreaterThan(Date.parse(old.updatedAt));

    expect(await ok('dryRun=false', 'sku,name,price\nT-3,Levied (renamed),2.00\n')).toMatchObject({
      updated: 1,
    });
    expect(taxNames((await bySku()).get('T-3'))).toEqual(['VAT 20', 'Eco levy']);
  });

  it('an unknown tax, a name two rates share and a tax twice in a cell are row errors; nothing is written', async () => {
    const before = await catalogFootprint(t.db, gbp.companyId);
    const csv =
      'sku,name,price,taxes\n' +
      'T-5,Fine,1,VAT 20\n' +
      'T-6,Unknown,1,Sales tax\n' +
      'T-7,Ambiguous,1,Local\n' +
      'T-8,Twice,1,VAT 5;vat 5\n';
    const dry = await ok('', csv);
    expect(dry.errors).toEqual([
      { row: 3, column: 'taxes', reason: 'unknown tax "Sales tax"' },
      { row: 4, column: 'taxes', reason: 'tax name "Local" is shared by 2 tax rates' },
      { row: 5, column: 'taxes', reason: 'tax vat 5 is listed twice' },
    ]);
    const real = await upload('dryRun=false', csv);
    expect(real.statusCode).toBe(422);
    const problem = real.json<{ code: string; details: { errors: unknown[] } }>();
    expect(problem.code).toBe('import_invalid');
    expect(problem.details.errors).toEqual(dry.errors);
    expect(await catalogFootprint(t.db, gbp.companyId)).toEqual(before);
  });
});
