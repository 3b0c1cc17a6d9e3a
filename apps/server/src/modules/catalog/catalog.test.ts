import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidGtin } from '@kassa/domain';
import type { Category, Product, ProductPage } from '@kassa/contracts';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let token: string;
let other: OtherCompany;

const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
  return { status: res.statusCode, body: res.json<T>() };
};

beforeAll(async () => {
  t = await createTestApp();
  token = (await login(t.app, 'cashier@demo.kassa.dev')).accessToken;
  other = await seedOtherCompany(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/products', () => {
  it('finds by name substring, case-insensitively, with taxes and barcodes', async () => {
    const { status, body } = await get<ProductPage>('/api/v1/products?q=absolut');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    for (const p of body.items) {
      expect(p.name.toLowerCase()).toContain('absolut');
      expect(p.ageRestricted).toBe(true);
      expect(p.taxes.map((x) => x.rate)).toEqual(['6', '1']);
      expect(p.barcodes.every(isValidGtin)).toBe(true);
    }
  });

  it('finds by exact SKU and by barcode, through q and through barcode=', async () => {
    const some = (await get<ProductPage>('/api/v1/products?q=vodka&limit=1')).body.items[0]!;
    const bySku = await get<ProductPage>(`/api/v1/products?q=${some.sku}`);
    expect(bySku.body.items.map((p) => p.id)).toContain(some.id);
    const code = some.barcodes[0]!;
    expect(code).toBe(`20${some.sku.padStart(10, '0')}${code.at(-1)}`);
    for (const url of [`/api/v1/products?q=${code}`, `/api/v1/products?barcode=${code}`]) {
      const res = await get<ProductPage>(url);
      expect(res.body.items.map((p) => p.id)).toEqual([some.id]);
    }
  });

  it('pages with limit and offset and counts the total', async () => {
    const all = await get<ProductPage>('/api/v1/products?q=vodka&limit=10');
    const second = await get<ProductPage>('/api/v1/products?q=vodka&limit=5&offset=5');
    expect(second.body.items.map((p) => p.id)).toEqual(all.body.items.slice(5, 10).map((p) => p.id));
    expect(second.body.total).toBe(all.body.total);
    // 1,175 items, two of them inactive (no price in the source): they are not offered for sale.
    const everything = await get<ProductPage>('/api/v1/products?limit=1');
    expect(everything.body.total).toBe(1173);
  });

  it('filters by category and reports stock on hand for a store', async () => {
    const categories = (await get<{ items: Category[] }>('/api/v1/categories')).body.items;
    expect(categories.length).toBeGreaterThan(50);
    const [store] = await stores(t.app, token);
    const res = await get<ProductPage>(
      `/api/v1/products?categoryId=${categories[0]!.id}&storeId=${store!.id}&limit=200`,
    );
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((p) => p.categoryId === categories[0]!.id)).toBe(true);
    expect(res.body.items.every((p) => p.stockOnHand !== null && Number(p.stockOnHand) > 0)).toBe(true);
  });

  it('rejects a bad query with validation_failed', async () => {
    const res = await get<{ code: string }>('/api/v1/products?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it("never shows another company's products", async () => {
    const byBarcode = await get<ProductPage>(`/api/v1/products?barcode=${other.barcode}`);
    expect(byBarcode.body.items).toEqual([]);
    const byName = await get<ProductPage>('/api/v1/products?q=Other%20vodka');
    expect(byName.body.total).toBe(0);
    const byId = await get<{ code: string }>(`/api/v1/products/${other.productId}`);
    expect(byId.status).toBe(404);
    expect(byId.body.code).toBe('product_not_found');
  });

  it('reads one product by id', async () => {
    const some = (await get<ProductPage>('/api/v1/products?q=vodka&limit=1')).body.items[0]!;
    const res = await get<Product>(`/api/v1/products/${some.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: some.id, sku: some.sku, price: some.price });
  });
});
