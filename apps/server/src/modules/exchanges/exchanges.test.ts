import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { Exchange, LoginResponse, Product, Sale, Shift, ShiftReport } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let cashier: LoginResponse;
let storeId: string;
let registerId: string;
let shift: Shift;
/** Two products, the first cheaper than the second. */
let cheap: Product;
let dear: Product;
let otherToken: string;
let other: OtherCompany;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** companyFootprint plus refunds and exchanges: proves a refused exchange wrote nothing. */
async function footprint(): Promise<Record<string, string>> {
  const base = await companyFootprint(t.db, cashier.company.id);
  const extra = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from refunds)::text as refunds,
      (select count(*) from refund_lines)::text as refund_lines,
      (select count(*) from refund_tenders)::text as refund_tenders,
      (select count(*) from exchanges)::text as exchanges`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
  return { ...base, ...extra };
}

async function onHand(productId: string): Promise<number> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const [row] = await tx
      .select({ onHand: s.stockLevels.onHand })
      .from(s.stockLevels)
      .where(and(eq(s.stockLevels.storeId, storeId), eq(s.stockLevels.productId, productId)));
    return Number(row!.onHand);
  });
}

/**
 * A line's total with the demo's exclusive 6 % + 1 % taxes, each rounded half up per line:
 * computed here without packages/domain, as an independent check.
 */
function lineTotal(product: Product, quantity: number): number {
  const net = product.price * quantity;
  return product.taxes.reduce((sum, tax) => sum + Math.floor((net * Number(tax.rate) + 50) / 100), net);
}

async function sell(product: Product, quantity: number, method: 'cash' | 'card'): Promise<Sale> {
  const res = await api('POST', '/sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId,
    lines: [{ productId: product.id, quantity: String(quantity) }],
    tenders: [{ method, amount: lineTotal(product, quantity) }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
}

/** An exchange of `returned` units of line 1 of `sale` for one `product`. */
function exchangeBody(sale: Sale, returned: number, product: Product, tenders: object[] = []) {
  const total = lineTotal(product, 1);
  return {
    id: newDocumentId(),
    registerId,
    reason: 'Wrong size',
    return: {
      refundId: newDocumentId(),
      saleId: sale.id,
      lines: [{ lineNo: 1, quantity: String(returned), restock: true }],
    },
    sale: {
      id: newDocumentId(),
      lines: [{ productId: product.id, quantity: '1' }],
      expectedTotals: { total, taxTotal: total - product.price, discountTotal: 0 },
    },
    tenders,
  };
}

const xReport = async () =>
  (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  const res = await api('GET', '/products?q=vodka&limit=50', cashier.accessToken);
  const priced = res
    .json<{ items: Product[] }>()
    .items.filter((p) => p.price > 0)
    .sort((a, b) => a.price - b.price);
  cheap = priced[0]!;
  dear = priced.find((p) => p.price > 2 * cheap.price)!;
  expect(dear, 'a product at more than twice the cheapest').toBeTruthy();
  shift = (await api('GET', `/registers/${registerId}/shift`, cashier.accessToken)).json<Shift>();
  const paidIn = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
    id: newDocumentId(),
    kind: 'paid_in',
    amount: 100_000,
    reason: 'Change fund',
  });
  expect(paidIn.statusCode).toBe(201);
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('exchanges', () => {
  it('for something dearer: the card refund pays first, the customer pays the difference in cash', async () => {
    const sale = await sell(cheap, 2, 'card');
    const given = Math.ceil(lineTotal(dear, 1) / 1000) * 1000;
    const [cheapBefore, dearBefore] = [await onHand(cheap.id), await onHand(dear.id)];
    const xBefore = await xReport();

    const body = exchangeBody(sale, 1, dear, [{ method: 'cash', amount: given }]);
    const res = await api('POST', '/exchanges', cashier.accessToken, body);
    expect(res.statusCode, res.body).toBe(201);
    const exchange = res.json<Exchange>();
    // The refund is the exact share of one of the two units (packages/domain refundLineShare).
    const returned = exchange.refund.total;
    expect(Math.abs(returned - lineTotal(cheap, 1))).toBeLessThanOrEqual(1);
    const due = lineTotal(dear, 1) - returned;
    expect(exchange).toMatchObject({
      id: body.id,
      originalSaleId: sale.id,
      net: due,
      carriedOver: [{ method: 'card', amount: returned }],
    });
    expect(exchange.refund).toMatchObject({ id: body.return.refundId, saleId: sale.id, total: returned });
    expect(exchange.refund.tenders).toEqual([{ method: 'card', amount: returned, reference: null }]);
    expect(exchange.sale).toMatchObject({ id: body.sale.id, total: lineTotal(dear, 1), change: given - due });
    expect(exchange.sale.tenders.map((t) => [t.method, t.amount, t.tendered])).toEqual([
      ['card', returned, returned],
      ['cash', due, given],
    ]);
    // Stock: the returned unit back, the new one out. The drawer holds the net, nothing more.
    expect(await onHand(cheap.id)).toBe(cheapBefore + 1);
    expect(await onHand(dear.id)).toBe(dearBefore - 1);
    expect((await xReport()).expectedCash).toBe(xBefore.expectedCash + due);

    // Idempotent: the same exchange again is the stored one and writes nothing.
    const before = await footprint();
    const again = await api('POST', '/exchanges', cashier.accessToken, body);
    expect(again.statusCode).toBe(200);
    expect(again.json<Exchange>()).toEqual(exchange);
    expect(await footprint()).toEqual(before);
    const read = await api('GET', `/exchanges/${body.id}`, cashier.accessToken);
    expect(read.json<Exchange>()).toEqual(exchange);
    // Another company cannot read it.
    expect((await api('GET', `/exchanges/${body.id}`, otherToken)).statusCode).toBe(404);
  });

  it('for something cheaper: the sale is paid from the refund and the rest goes back in cash', async () => {
    const sale = await sell(dear, 1, 'cash');
    const xBefore = await xReport();
    const body = exchangeBody(sale, 1, cheap);
    const res = await api('POST', '/exchanges', cashier.accessToken, body);
    expect(res.statusCode, res.body).toBe(201);
    const exchange = res.json<Exchange>();
    const back = lineTotal(dear, 1) - lineTotal(cheap, 1);
    expect(exchange.net).toBe(-back);
    expect(exchange.refund.tenders).toEqual([
      { method: 'cash', amount: lineTotal(dear, 1), reference: null },
    ]);
    expect(exchange.sale.tenders.map((t) => [t.method, t.amount, t.tendered])).toEqual([
      ['cash', lineTotal(cheap, 1), lineTotal(cheap, 1)],
    ]);
    expect(exchange.sale.change).toBe(0);
    expect((await xReport()).expectedCash).toBe(xBefore.expectedCash - back);
  });

  it('refuses, writing nothing: over-return, nothing due but paid, short payment, reused ids, foreign sale', async () => {
    const sale = await sell(cheap, 1, 'cash');
    const before = await footprint();

    const over = await api('POST', '/exchanges', cashier.accessToken, exchangeBody(sale, 2, dear));
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'over_return' });

    const sameProduct = exchangeBody(sale, 1, cheap, [{ method: 'cash', amount: 100 }]);
    const notDue = await api('POST', '/exchanges', cashier.accessToken, sameProduct);
    expect(notDue.statusCode).toBe(422);
    expect(notDue.json()).toMatchObject({ code: 'exchange_nothing_due' });

    // Dearer, and the customer pays nothing: the refund is rolled back with the sale.
    const short = await api('POST', '/exchanges', cashier.accessToken, exchangeBody(sale, 1, dear));
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'tenders_short' });

    const wrongTotals = exchangeBody(sale, 1, cheap);
    wrongTotals.sale.expectedTotals.total += 1;
    const mismatch = await api('POST', '/exchanges', cashier.accessToken, wrongTotals);
    expect(mismatch.json()).toMatchObject({ code: 'totals_mismatch' });

    const foreign = await api('POST', '/exchanges', otherToken, exchangeBody(sale, 1, cheap));
    expect(foreign.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);

    // A new sale id already used by another sale, and an exchange id reused for something else.
    const used = exchangeBody(sale, 1, cheap);
    used.sale.id = sale.id;
    const reusedSale = await api('POST', '/exchanges', cashier.accessToken, used);
    expect(reusedSale.statusCode).toBe(409);
    expect(reusedSale.json()).toMatchObject({ code: 'exchange_id_conflict' });
    expect(await footprint()).toEqual(before);

    const first = exchangeBody(sale, 1, cheap);
    expect((await api('POST', '/exchanges', cashier.accessToken, first)).statusCode).toBe(201);
    const afterFirst = await footprint();
    const reused = await api('POST', '/exchanges', cashier.accessToken, {
      ...exchangeBody(sale, 1, cheap),
      id: first.id,
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: 'exchange_id_conflict' });
    expect(await footprint()).toEqual(afterFirst);
  });
});
