/**
 * Refunds and voids in the sales report, against figures computed by hand: three sales in a fresh
 * USD company (one 10 % exclusive tax), one line refunded, one sale voided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Refund, Sale, SalesReport, Tax } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';

let t: TestContext;
let shop: EmptyCompany;
let owner: LoginResponse;
let today: string;
let report: SalesReport;
let voided: Sale;
let taxId: string;

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(owner.accessToken),
    ...(payload ? { payload } : {}),
  });

async function created<T>(method: 'POST', url: string, payload: object): Promise<T> {
  const res = await api(method, url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T>();
}

async function sell(
  lines: { productId: string; quantity: string }[],
  method: 'cash' | 'card',
  amount: number,
) {
  return created<Sale>('POST', '/sales', {
    id: newDocumentId(),
    registerId: shop.registerId,
    lines,
    tenders: [{ method, amount }],
  });
}

beforeAll(async () => {
  t = await createTestApp();
  shop = await seedEmptyCompany(t.db, {
    tag: 'refundshop',
    currency: 'USD',
    timeZone: 'America/Chicago',
    country: 'US',
  });
  owner = await login(t.app, shop.email, shop.password);
  await created('POST', '/shifts', {
    id: newDocumentId(),
    registerId: shop.registerId,
    openingFloat: 10_000,
  });
  taxId = (await created<Tax>('POST', '/taxes', { name: 'Sales tax', rate: '10', inclusive: false })).id;
  const a = await created<Product>('POST', '/products', {
    sku: 'A',
    name: 'Taxed',
    price: 1000,
    taxIds: [taxId],
  });
  const b = await created<Product>('POST', '/products', { sku: 'B', name: 'Exempt', price: 250 });

  // Sale 1: 2 x A (2000 + 200 tax) + 1 x B (250) = 2450 by card.
  const first = await sell(
    [
      { productId: a.id, quantity: '2' },
      { productId: b.id, quantity: '1' },
    ],
    'card',
    2450,
  );
  // Sale 2: 1 x A = 1100, voided.
  voided = await sell([{ productId: a.id, quantity: '1' }], 'card', 1100);
  // Sale 3: 4 x B = 1000 in cash.
  await sell([{ productId: b.id, quantity: '4' }], 'cash', 1000);
  // One A of sale 1 comes back: 1000 + 100 tax = 1100 to the card.
  await created<Refund>('POST', '/refunds', {
    id: newDocumentId(),
    registerId: shop.registerId,
    saleId: first.id,
    reason: 'Changed mind',
    lines: [{ lineNo: 1, quantity: '1', restock: true }],
  });
  const v = await api('POST', `/sales/${voided.id}/void`, { id: newDocumentId(), reason: 'Rung up twice' });
  expect(v.statusCode, v.body).toBe(201);

  today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
  const res = await api('GET', `/reports/sales?from=${today}&to=${today}`);
  expect(res.statusCode, res.body).toBe(200);
  report = res.json<SalesReport>();
});
afterAll(async () => {
  await t?.close();
});

describe('refunds and voids in the sales report', () => {
  it('leaves the voided sale out of the sales figures and lists it', () => {
    expect(report.totals).toMatchObject({
      sales: 2,
      gross: 3250,
      discounts: 0,
      tax: 200,
      total: 3450,
      netSales: 3250,
    });
    expect(report.voids.count).toBe(1);
    expect(report.voids.total).toBe(1100);
    expect(report.voids.tax).toBe(100);
    expect(report.voids.items).toEqual([
      expect.objectContaining({
        saleId: voided.id,
        receiptNumber: voided.receiptNumber,
        reason: 'Rung up twice',
        total: 1100,
        tax: 100,
      }),
    ]);
    expect(report.byTender).toEqual([
      { method: 'card', count: 1, amount: 2450 },
      { method: 'cash', count: 1, amount: 1000 },
    ]);
    const a = report.byProduct.find((p) => p.sku === 'A')!;
    expect(a).toMatchObject({ quantity: '2', total: 2200, tax: 200 });
    expect(report.byDay).toEqual([expect.objectContaining({ day: today, sales: 2, total: 3450 })]);
  });

  it('counts the refund and nets it: net = sales - refunds, per tax rate too', () => {
    expect(report.refunds).toEqual({ count: 1, discounts: 0, tax: 100, total: 1100, netSales: 1000 });
    expect(report.net).toEqual({ total: 2350, tax: 100, netSales: 2250 });
    expect(report.taxes).toEqual([
      {
        taxId,
        name: 'Sales tax',
        rate: '10',
        base: 2000,
        tax: 200,
        refundedBase: 1000,
        refundedTax: 100,
        netBase: 1000,
        netTax: 100,
      },
    ]);
  });

  it('a period without the documents shows none of them', async () => {
    const res = await api('GET', '/reports/sales?from=2020-01-01&to=2020-01-31');
    expect(res.statusCode).toBe(200);
    const empty = res.json<SalesReport>();
    expect(empty.refunds.count).toBe(0);
    expect(empty.voids).toEqual({ count: 0, tax: 0, total: 0, items: [] });
    expect(empty.net).toEqual({ total: 0, tax: 0, netSales: 0 });
  });

  it('exports the voids as a CSV section', async () => {
    const res = await api('GET', `/reports/sales/export?from=${today}&to=${today}&section=voids`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('receipt,void,cashier,reason,total,tax,voidedAt');
    expect(lines[1]).toContain(`${voided.receiptNumber},`);
    expect(lines[1]).toContain(',Rung up twice,11.00,1.00,');
  });
});
