/**
 * The back office's sales history: the list's store and tender filters, and what happened to a
 * sale afterwards (GET /sales/:id/refunds), in a fresh USD company: a card sale partly refunded,
 * a card sale voided, a cash sale left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Refund, Sale, SalePage, SaleRefunds } from '@kassa/contracts';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let shop: EmptyCompany;
let owner: LoginResponse;
let other: OtherCompany;
let otherOwner: LoginResponse;
let refunded: Sale;
let voided: Sale;
let untouched: Sale;
let refund: Refund;

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = owner) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token.accessToken),
    ...(payload ? { payload } : {}),
  });

async function created<T>(url: string, payload: object): Promise<T> {
  const res = await api('POST', url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T>();
}

const sell = (productId: string, quantity: string, method: 'cash' | 'card', amount: number) =>
  created<Sale>('/sales', {
    id: newDocumentId(),
    registerId: shop.registerId,
    lines: [{ productId, quantity }],
    tenders: [{ method, amount }],
  });

beforeAll(async () => {
  t = await createTestApp();
  shop = await seedEmptyCompany(t.db, {
    tag: 'history',
    currency: 'USD',
    timeZone: 'America/Chicago',
    country: 'US',
  });
  owner = await login(t.app, shop.email, shop.password);
  other = await seedOtherCompany(t.db);
  otherOwner = await login(t.app, other.email, other.password);
  await created('/shifts', { id: newDocumentId(), registerId: shop.registerId, openingFloat: 10_000 });
  const product = await created<Product>('/products', { sku: 'H-1', name: 'Mug', price: 500, taxIds: [] });
  refunded = await sell(product.id, '2', 'card', 1000);
  voided = await sell(product.id, '1', 'card', 500);
  untouched = await sell(product.id, '3', 'cash', 1500);
  refund = await created<Refund>('/refunds', {
    id: newDocumentId(),
    registerId: shop.registerId,
    saleId: refunded.id,
    reason: 'Chipped',
    lines: [{ lineNo: 1, quantity: '1', restock: false }],
  });
  const v = await api('POST', `/sales/${voided.id}/void`, { id: newDocumentId(), reason: 'Rung up twice' });
  expect(v.statusCode, v.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/sales (history filters)', () => {
  it('filters by tender and by store', async () => {
    const ids = async (query: string) =>
      (await api('GET', `/sales?${query}`))
        .json<SalePage>()
        .items.map((s) => s.id)
        .sort();
    expect(await ids('tender=card')).toEqual([refunded.id, voided.id].sort());
    expect(await ids('tender=cash')).toEqual([untouched.id]);
    expect(await ids(`storeId=${shop.storeId}`)).toEqual([refunded.id, voided.id, untouched.id].sort());
    expect(await ids(`storeId=${other.storeId}`)).toEqual([]);
  });
});

describe('GET /api/v1/sales/:id/refunds', () => {
  it('lists the refund of a refunded sale, with its lines and amount', async () => {
    const res = await api('GET', `/sales/${refunded.id}/refunds`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<SaleRefunds>();
    expect(body).toMatchObject({ saleId: refunded.id, voided: false });
    expect(body.items.map((r) => r.id)).toEqual([refund.id]);
    expect(body.items[0]).toMatchObject({ kind: refund.kind, total: refund.total, reason: 'Chipped' });
    expect(body.items[0]!.total).toBe(500);
  });

  it('marks a voided sale, and a sale without either has none', async () => {
    const v = (await api('GET', `/sales/${voided.id}/refunds`)).json<SaleRefunds>();
    expect(v.voided).toBe(true);
    expect(v.items.map((r) => r.kind)).toEqual(['void']);
    const u = (await api('GET', `/sales/${untouched.id}/refunds`)).json<SaleRefunds>();
    expect(u).toEqual({ saleId: untouched.id, voided: false, items: [] });
  });

  it("answers 404 for another company's sale and an unknown id, and changes nothing", async () => {
    const before = await companyFootprint(t.db, shop.companyId);
    const foreign = await api('GET', `/sales/${refunded.id}/refunds`, undefined, otherOwner);
    expect(foreign.statusCode).toBe(404);
    const unknown = await api('GET', `/sales/${newDocumentId()}/refunds`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await companyFootprint(t.db, shop.companyId)).toEqual(before);
  });
});
