import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '@kassa/domain';
import type { Category, LoginResponse, Product, ProductPage, TaxList } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let taxIds: string[];
let categories: Category[];

/** A valid GTIN-13 made from a 12-digit body. */
const gtin = (body: string) => `${body}${gtinCheckDigit(body)}`;

function call(method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object, token = manager) {
  return t.app.inject({ method, url, headers: bearer(token.accessToken), ...(payload ? { payload } : {}) });
}

/** Runs a request that must be refused and proves the catalog did not change. */
async function refused(
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload: object | undefined,
  status: number,
  code: string,
  token = manager,
) {
  const before = await catalogFootprint(t.db, manager.company.id);
  const res = await call(method, url, payload, token);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json<{ code: string }>().code).toBe(code);
  expect(await catalogFootprint(t.db, manager.company.id)).toEqual(before);
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  taxIds = (await call('GET', '/api/v1/taxes')).json<TaxList>().items.map((x) => x.id);
  categories = (await call('GET', '/api/v1/categories')).json<{ items: Category[] }>().items;
  expect(taxIds.length).toBeGreaterThan(0);
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/products', () => {
  it('creates a product with barcodes, category and taxes that the terminal then finds', async () => {
    const barcode = gtin('400000000001');
    const res = await call('POST', '/api/v1/products', {
      sku: 'BO-1',
      name: 'Back office gin',
      barcodes: [barcode],
      categoryId: categories[0]!.id,
      price: 2499,
      cost: 1310,
      unit: 'each',
      taxIds: [taxIds[0]],
      ageRestricted: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Product>();
    expect(created).toMatchObject({
      sku: 'BO-1',
      name: 'Back office gin',
      barcodes: [barcode],
      categoryId: categories[0]!.id,
      price: 2499,
      cost: 1310,
      unit: 'each',
      ageRestricted: true,
      active: true,
    });
    expect(created.taxes.map((x) => x.id)).toEqual([taxIds[0]]);
    const found = (
      await call('GET', `/api/v1/products?barcode=${barcode}`, undefined, cashier)
    ).json<ProductPage>();
    expect(found.items.map((p) => p.id)).toEqual([created.id]);
  });

  it('creates a weighed, tax-exempt product with defaults', async () => {
    const res = await call('POST', '/api/v1/products', {
      sku: 'BO-KG',
      name: 'Loose olives',
      price: 1290,
      unit: 'kg',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<Product>()).toMatchObject({
      unit: 'kg',
      taxes: [],
      barcodes: [],
      active: true,
      cost: null,
    });
  });

  it('refuses a cashier (403) and writes nothing', async () => {
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-X', name: 'X', price: 1 },
      403,
      'forbidden',
      cashier,
    );
  });

  it('refuses a barcode with a wrong check digit (422 invalid_gtin) and writes nothing', async () => {
    const good = gtin('400000000002');
    const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-2', name: 'X', price: 1, barcodes: [bad] },
      422,
      'invalid_gtin',
    );
  });

  it('refuses a taken SKU or barcode (409) and writes nothing', async () => {
    await refused('POST', '/api/v1/products', { sku: 'BO-1', name: 'Twin', price: 1 }, 409, 'sku_taken');
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-3', name: 'Twin', price: 1, barcodes: [gtin('400000000001')] },
      409,
      'barcode_taken',
    );
  });

  it("refuses another company's category (404) and an unknown tax (400), writing nothing", async () => {
    const foreign = (await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).statusCode;
    expect(foreign).toBe(401);
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-4', name: 'X', price: 1, categoryId: other.companyId },
      404,
      'category_not_found',
    );
    // The product row is inserted before the taxes are checked: the transaction must roll it back.
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-5', name: 'X', price: 1, taxIds: [other.companyId] },
      400,
      'unknown_tax',
    );
  });

  it('refuses a negative price (400 validation_failed) and writes nothing', async () => {
    await refused(
      'POST',
      '/api/v1/products',
      { sku: 'BO-6', name: 'X', price: -1 },
      400,
      'validation_failed',
    );
  });
});

describe('PATCH /api/v1/products/:id and archive', () => {
  it('changes the price, moves updatedAt and the terminal sees the new price', async () => {
    const [before] = (await call('GET', '/api/v1/products?q=BO-1', undefined, cashier)).json<ProductPage>()
      .items;
    await new Promise((r) => setTimeout(r, 5));
    const res = await call('PATCH', `/api/v1/products/${before!.id}`, { price: 2599 });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<Product>();
    expect(after.price).toBe(2599);
    expect(after.name).toBe(before!.name);
    expect(after.barcodes).toEqual(before!.barcodes);
    expect(after.taxes).toEqual(before!.taxes);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before!.updatedAt));
    const seen = (await call('GET', '/api/v1/products?q=BO-1', undefined, cashier)).json<ProductPage>()
      .items[0];
    expect(seen!.price).toBe(2599);
  });

  it('replaces barcodes and taxes, and refuses a SKU taken by another product', async () => {
    const [p] = (await call('GET', '/api/v1/products?q=BO-KG')).json<ProductPage>().items;
    const codes = [gtin('400000000010'), gtin('400000000011')];
    const res = await call('PATCH', `/api/v1/products/${p!.id}`, {
      barcodes: codes,
      taxIds: taxIds.slice(0, 1),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Product>().barcodes).toEqual(codes);
    expect(res.json<Product>().taxes.map((x) => x.id)).toEqual(taxIds.slice(0, 1));
    await refused('PATCH', `/api/v1/products/${p!.id}`, { sku: 'BO-1' }, 409, 'sku_taken');
    await refused('PATCH', `/api/v1/products/${p!.id}`, { barcodes: ['123'] }, 422, 'invalid_gtin');
  });

  it("answers 404 for another company's product and writes nothing", async () => {
    await refused('PATCH', `/api/v1/products/${other.productId}`, { price: 1 }, 404, 'product_not_found');
    await refused('POST', `/api/v1/products/${other.productId}/archive`, undefined, 404, 'product_not_found');
  });

  it('archives a product: gone from the terminal, listed as archived, restorable', async () => {
    const [p] = (await call('GET', '/api/v1/products?q=BO-KG')).json<ProductPage>().items;
    const res = await call('POST', `/api/v1/products/${p!.id}/archive`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Product>().active).toBe(false);
    expect(
      (await call('GET', '/api/v1/products?q=BO-KG', undefined, cashier)).json<ProductPage>().total,
    ).toBe(0);
    const archived = (await call('GET', '/api/v1/products?q=BO-KG&status=archived')).json<ProductPage>();
    expect(archived.items.map((x) => x.id)).toEqual([p!.id]);
    const restored = await call('PATCH', `/api/v1/products/${p!.id}`, { active: true });
    expect(restored.json<Product>().active).toBe(true);
  });
});

describe('categories', () => {
  it('creates a category at the end of the grid, edits and deletes it', async () => {
    const res = await call('POST', '/api/v1/categories', { name: 'Seasonal', color: '#ff8800' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Category>();
    expect(created.position).toBe(Math.max(...categories.map((c) => c.position)) + 1);
    const moved = await call('PATCH', `/api/v1/categories/${created.id}`, { position: 0, color: '#112233' });
    expect(moved.json<Category>()).toMatchObject({ name: 'Seasonal', color: '#112233', position: 0 });
    const list = (await call('GET', '/api/v1/categories', undefined, cashier)).json<{ items: Category[] }>()
      .items;
    expect(list.find((c) => c.id === created.id)).toMatchObject({ color: '#112233', position: 0 });
    const del = await call('DELETE', `/api/v1/categories/${created.id}`);
    expect(del.statusCode).toBe(204);
    const after = (await call('GET', '/api/v1/categories')).json<{ items: Category[] }>().items;
    expect(after.some((c) => c.id === created.id)).toBe(false);
  });

  it('refuses a taken name, a bad colour, a category in use and foreign ids, writing nothing', async () => {
    const name = categories[1]!.name.toLowerCase();
    await refused('POST', '/api/v1/categories', { name, color: '#000000' }, 409, 'category_name_taken');
    await refused('POST', '/api/v1/categories', { name: 'Blue', color: 'blue' }, 400, 'validation_failed');
    await refused('DELETE', `/api/v1/categories/${categories[0]!.id}`, undefined, 409, 'category_in_use');
    await refused(
      'PATCH',
      `/api/v1/categories/${categories[0]!.id}`,
      { name: categories[1]!.name },
      409,
      'category_name_taken',
    );
    await refused('DELETE', `/api/v1/categories/${other.companyId}`, undefined, 404, 'category_not_found');
    await refused(
      'PATCH',
      `/api/v1/categories/${other.companyId}`,
      { color: '#000000' },
      404,
      'category_not_found',
    );
    await refused(
      'POST',
      '/api/v1/categories',
      { name: 'Nope', color: '#000000' },
      403,
      'forbidden',
      cashier,
    );
  });
});
