import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, Product, ProductPage } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

// Delta sync of the terminal's catalog (issue 8): GET /products?updatedSince=...&status=all.

let t: TestContext;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;

const get = async <T>(url: string, token = cashier) => {
  const res = await t.app.inject({ method: 'GET', url, headers: bearer(token.accessToken) });
  return { status: res.statusCode, body: res.json<T>() };
};
const since = (iso: string, extra = '') =>
  `/api/v1/products?status=all&limit=200&updatedSince=${encodeURIComponent(iso)}${extra}`;

beforeAll(async () => {
  t = await createTestApp();
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/products?updatedSince (terminal delta sync)', () => {
  it('returns only products changed since the instant, archived ones included, oldest change first', async () => {
    const page = await get<ProductPage>('/api/v1/products?q=vodka&limit=3');
    const [a, b, c] = page.body.items as [Product, Product, Product];
    const mark = new Date(Date.now() + 1000).toISOString();
    // Nothing changed after the mark yet (the seed stamped every product before it).
    expect((await get<ProductPage>(since(mark))).body).toMatchObject({ items: [], total: 0 });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const patch = (id: string, payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${id}`,
        headers: bearer(manager.accessToken),
        payload,
      });
    expect((await patch(b.id, { price: b.price + 100 })).statusCode).toBe(200);
    expect((await patch(a.id, { name: `${a.name} (new)` })).statusCode).toBe(200);
    const archived = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${c.id}/archive`,
      headers: bearer(manager.accessToken),
    });
    expect(archived.statusCode, archived.body).toBeLessThan(300);

    const delta = await get<ProductPage>(since(mark));
    expect(delta.status).toBe(200);
    expect(delta.body.total).toBe(3);
    expect(delta.body.items.map((p) => p.id)).toEqual([b.id, a.id, c.id]);
    expect(delta.body.items[0]!.price).toBe(b.price + 100);
    expect(delta.body.items[2]!.active).toBe(false);
    const stamps = delta.body.items.map((p) => Date.parse(p.updatedAt));
    expect(stamps.every((s) => s >= Date.parse(mark))).toBe(true);
    expect([...stamps].sort((x, y) => x - y)).toEqual(stamps);

    // Without status=all the archived product stays out, as in a normal search.
    const activeOnly = await get<ProductPage>(
      `/api/v1/products?limit=200&updatedSince=${encodeURIComponent(mark)}`,
    );
    expect(activeOnly.body.items.map((p) => p.id)).toEqual([b.id, a.id]);

    // Paging walks the same order.
    const first = await get<ProductPage>(since(mark).replace('limit=200', 'limit=2'));
    const second = await get<ProductPage>(since(mark).replace('limit=200', 'limit=2') + '&offset=2');
    expect([...first.body.items, ...second.body.items].map((p) => p.id)).toEqual([b.id, a.id, c.id]);
  });

  it("never returns another company's changes", async () => {
    const all = await get<ProductPage>(since('2000-01-01T00:00:00Z'));
    expect(all.body.total).toBe(1175);
    expect(all.body.items.some((p) => p.id === other.productId)).toBe(false);
  });

  it('refuses a malformed instant with validation_failed', async () => {
    const res = await get<{ code: string }>('/api/v1/products?updatedSince=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
