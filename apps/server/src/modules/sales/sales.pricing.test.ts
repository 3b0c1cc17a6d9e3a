/**
 * Sales priced with the company's settings: cash rounding of the part paid in cash, and the
 * `totals_mismatch` check of the totals the terminal showed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Sale } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';

let t: TestContext;
let owner: LoginResponse;
let cashier: LoginResponse;
let registerId: string;
/** A tax-exempt product whose price each test sets. */
let plain: Product;
/** A product with Iowa's 6 % + 1 % exclusive sales tax. */
let taxed: Product;

/** Iowa 6 % + 1 %, exclusive, each rounded half-up per line. */
const iowaTax = (net: number) => Math.floor((net * 6 + 50) / 100) + Math.floor((net * 1 + 50) / 100);

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  registerId = (await stores(t.app, cashier.accessToken))[0]!.registers[0]!.id;
  const page = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=vodka&limit=10',
    headers: bearer(cashier.accessToken),
  });
  const items = page.json<{ items: Product[] }>().items.filter((p) => p.price > 0);
  [plain, taxed] = [items[0]!, items[1]!];
  const exempt = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/products/${plain.id}/taxes`,
    headers: bearer(owner.accessToken),
    payload: { taxIds: [] },
  });
  expect(exempt.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

async function setPrice(productId: string, price: number): Promise<void> {
  await withCompanyTx(t.db, owner.company.id, (tx) =>
    tx.update(s.products).set({ price }).where(eq(s.products.id, productId)),
  );
}

async function setCashRounding(cashRounding: { increment: number; mode: string } | null): Promise<void> {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/settings',
    headers: bearer(owner.accessToken),
    payload: { taxRounding: 'per_line', roundingMode: 'half_up', cashRounding },
  });
  expect(res.statusCode, res.body).toBe(200);
}

function postSale(body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: { id: newDocumentId(), registerId, ...body },
  });
}

async function storedCashRounding(saleId: string): Promise<number> {
  return withCompanyTx(t.db, owner.company.id, async (tx) => {
    const [row] = await tx
      .select({ cashRounding: s.sales.cashRounding })
      .from(s.sales)
      .where(and(eq(s.sales.companyId, owner.company.id), eq(s.sales.id, saleId)));
    return row!.cashRounding;
  });
}

describe('cash rounding of sales', () => {
  beforeAll(async () => {
    await setCashRounding({ increment: 5, mode: 'half_up' });
  });

  it('rounds cash sales of 10.99, 10.97, 10.94 and 10.92 paid with 11.00 to 0.05', async () => {
    const cases = [
      { total: 1099, cashRounding: 1, amountDue: 1100, change: 0 },
      { total: 1097, cashRounding: -2, amountDue: 1095, change: 5 },
      { total: 1094, cashRounding: 1, amountDue: 1095, change: 5 },
      { total: 1092, cashRounding: -2, amountDue: 1090, change: 10 },
    ];
    for (const c of cases) {
      await setPrice(plain.id, c.total);
      const res = await postSale({
        lines: [{ productId: plain.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: 1100 }],
      });
      expect(res.statusCode, res.body).toBe(201);
      const sale = res.json<Sale>();
      expect(sale).toMatchObject({ ...c, taxTotal: 0, tendered: 1100 });
      expect(sale.tenders).toEqual([
        expect.objectContaining({ method: 'cash', tendered: 1100, amount: c.amountDue }),
      ]);
      expect(await storedCashRounding(sale.id)).toBe(c.cashRounding);
      const reread = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sales/${sale.id}`,
        headers: bearer(cashier.accessToken),
      });
      expect(reread.json()).toEqual(sale);
    }
  });

  it('rounds the cash total of a taxed sale after tax, and leaves the tax alone', async () => {
    await setPrice(taxed.id, 1234);
    const total = 1234 + iowaTax(1234);
    const rounded = Math.round(total / 5) * 5; // No total ends in a half of 0.05.
    const res = await postSale({
      lines: [{ productId: taxed.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 2000 }],
    });
    const sale = res.json<Sale>();
    expect(sale).toMatchObject({
      total,
      taxTotal: iowaTax(1234),
      cashRounding: rounded - total,
      amountDue: rounded,
      change: 2000 - rounded,
    });
  });

  it('does not round a card payment, and rounds only the cash part of a split payment', async () => {
    await setPrice(plain.id, 1097);
    const card = (
      await postSale({
        lines: [{ productId: plain.id, quantity: '1' }],
        tenders: [{ method: 'card', amount: 1097 }],
      })
    ).json<Sale>();
    expect(card).toMatchObject({ total: 1097, cashRounding: 0, amountDue: 1097, change: 0 });

    // 6.00 on card leaves 4.97 in cash, which rounds to 4.95.
    const split = (
      await postSale({
        lines: [{ productId: plain.id, quantity: '1' }],
        tenders: [
          { method: 'card', amount: 600 },
          { method: 'cash', amount: 500 },
        ],
      })
    ).json<Sale>();
    expect(split).toMatchObject({ total: 1097, cashRounding: -2, amountDue: 1095, change: 5 });
    expect(split.tenders.map((x) => [x.method, x.amount, x.tendered])).toEqual([
      ['card', 600, 600],
      ['cash', 495, 500],
    ]);
  });

  it('refuses cash that covers the total but not the rounded amount, and writes nothing', async () => {
    await setPrice(plain.id, 1099);
    const before = await companyFootprint(t.db, owner.company.id);
    const res = await postSale({
      lines: [{ productId: plain.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 1099 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'tenders_short', details: { due: 1100, tendered: 1099 } });
    expect(await companyFootprint(t.db, owner.company.id)).toEqual(before);
  });

  it('follows the setting: up, down, 0.10, and off', async () => {
    await setPrice(plain.id, 1091);
    const sell = async () =>
      (
        await postSale({
          lines: [{ productId: plain.id, quantity: '1' }],
          tenders: [{ method: 'cash', amount: 2000 }],
        })
      ).json<Sale>();
    await setCashRounding({ increment: 5, mode: 'up' });
    expect(await sell()).toMatchObject({ cashRounding: 4, amountDue: 1095, change: 905 });
    await setCashRounding({ increment: 5, mode: 'down' });
    expect(await sell()).toMatchObject({ cashRounding: -1, amountDue: 1090, change: 910 });
    await setCashRounding({ increment: 10, mode: 'half_up' });
    expect(await sell()).toMatchObject({ cashRounding: -1, amountDue: 1090, change: 910 });
    await setCashRounding(null);
    expect(await sell()).toMatchObject({ total: 1091, cashRounding: 0, amountDue: 1091, change: 909 });
  });
});

describe('totals_mismatch', () => {
  const price = 1999;
  const tax = iowaTax(price);
  const lines = () => [{ productId: taxed.id, quantity: '1' }];
  const tenders = [{ method: 'cash', amount: 5000 }];

  beforeAll(async () => {
    await setCashRounding({ increment: 5, mode: 'half_up' });
    await setPrice(taxed.id, price);
  });

  it('accepts a sale whose expected totals (before cash rounding) are what the server computes', async () => {
    const res = await postSale({
      lines: lines(),
      tenders,
      expectedTotals: { total: price + tax, taxTotal: tax, discountTotal: 0 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ total: price + tax, taxTotal: tax });
  });

  const wrong: [string, Record<string, number>][] = [
    ['a total one minor unit high', { total: price + tax + 1, taxTotal: tax, discountTotal: 0 }],
    ['a total one minor unit low', { total: price + tax - 1, taxTotal: tax, discountTotal: 0 }],
    ['a tax total one minor unit off', { total: price + tax, taxTotal: tax - 1, discountTotal: 0 }],
    ['a discount total one minor unit off', { total: price + tax, taxTotal: tax, discountTotal: 1 }],
  ];
  it.each(wrong)('refuses %s with both sets of totals, and writes nothing', async (_name, expectedTotals) => {
    const before = await companyFootprint(t.db, owner.company.id);
    const res = await postSale({ lines: lines(), tenders, expectedTotals });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'totals_mismatch',
      details: {
        expected: expectedTotals,
        computed: { total: price + tax, taxTotal: tax, discountTotal: 0 },
      },
    });
    expect(await companyFootprint(t.db, owner.company.id)).toEqual(before);
  });

  it('reports the mismatch before any tender problem', async () => {
    const res = await postSale({
      lines: lines(),
      tenders: [{ method: 'cash', amount: 1 }],
      expectedTotals: { total: 1, taxTotal: 0, discountTotal: 0 },
    });
    expect(res.json()).toMatchObject({ code: 'totals_mismatch' });
  });

  it('refuses expected totals that are not integer minor units', async () => {
    const res = await postSale({
      lines: lines(),
      tenders,
      expectedTotals: { total: 21.5, taxTotal: tax, discountTotal: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });
});
