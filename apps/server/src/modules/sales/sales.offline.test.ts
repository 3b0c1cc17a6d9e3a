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

// Issue 8: the server accepts an offline sale as it was rung up. API tests: the response and the
// database, for the accepted sale and for each refusal.

let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let registerId: string;
let storeId: string;
let products: Product[];

const postSale = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/sales', headers: bearer(cashier.accessToken), payload });

async function onHand(productId: string): Promise<string> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const [row] = await tx
      .select({ onHand: s.stockLevels.onHand })
      .from(s.stockLevels)
      .where(and(eq(s.stockLevels.storeId, storeId), eq(s.stockLevels.productId, productId)));
    return row!.onHand;
  });
}

/** The company's audit entries with this action, oldest first. */
async function auditOf(action: string) {
  return withCompanyTx(t.db, cashier.company.id, (tx) =>
    tx
      .select({ subjectId: s.auditEntries.subjectId, details: s.auditEntries.details })
      .from(s.auditEntries)
      .where(eq(s.auditEntries.action, action))
      .orderBy(s.auditEntries.seq),
  );
}

async function setPrice(product: Product, price: number): Promise<void> {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/products/${product.id}`,
    headers: bearer(manager.accessToken),
    payload: { price },
  });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?limit=200&storeId=${storeId}`,
    headers: bearer(cashier.accessToken),
  });
  products = res
    .json<{ items: Product[] }>()
    .items.filter((p) => p.price > 0 && p.active && Number(p.stockOnHand) > 0)
    .slice(0, 3);
  expect(products).toHaveLength(3);
});

afterAll(async () => {
  await t?.close();
});

describe('an offline sale reaching the server', () => {
  it('is accepted at the price it was rung up with, keeps both times, and records the difference', async () => {
    const product = products[0]!;
    const listed = product.price;
    // The device's catalog is as of now; the manager raises the price afterwards, while it is offline.
    const catalogVersion = new Date(Date.now() - 1000).toISOString();
    await setPrice(product, listed + 250);
    const soldAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const before = await onHand(product.id);
    const res = await postSale({
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '2', listedPrice: listed }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
      clientCreatedAt: soldAt,
      catalogVersion,
    });
    expect(res.statusCode).toBe(201);
    const sale = res.json<Sale>();
    expect(sale.lines[0]).toMatchObject({ unitPrice: listed, gross: 2 * listed });
    expect(sale.clientCreatedAt).toBe(soldAt);
    // Received now, sold three hours ago: both kept.
    expect(Date.now() - Date.parse(sale.createdAt)).toBeLessThan(60_000);
    const [row] = await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx
        .select({ clientCreatedAt: s.sales.clientCreatedAt, createdAt: s.sales.createdAt })
        .from(s.sales)
        .where(eq(s.sales.id, sale.id)),
    );
    expect(row!.clientCreatedAt!.toISOString()).toBe(soldAt);
    expect(row!.createdAt.getTime()).toBeGreaterThan(Date.parse(soldAt) + 3 * 3600_000 - 60_000);
    const [line] = await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx
        .select({ unitPrice: s.saleLines.unitPrice })
        .from(s.saleLines)
        .where(eq(s.saleLines.saleId, sale.id)),
    );
    expect(Number(line!.unitPrice)).toBe(listed);
    // For review: which line, at which price, against today's.
    const differences = await auditOf('sale.price_difference');
    expect(differences).toEqual([
      {
        subjectId: sale.id,
        details: {
          catalogVersion,
          lines: [
            {
              lineNo: 1,
              productId: product.id,
              quantity: '2',
              listedPrice: listed,
              currentPrice: listed + 250,
            },
          ],
        },
      },
    ]);
    expect(Number(await onHand(product.id))).toBe(Number(before) - 2);
  });

  it('re-checks the arithmetic: totals other than the server computes are refused, nothing written', async () => {
    const product = products[1]!;
    const footprint = await companyFootprint(t.db, cashier.company.id);
    const res = await postSale({
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '1', listedPrice: product.price }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
      catalogVersion: new Date().toISOString(),
      expectedTotals: { total: product.price - 1, taxTotal: 0, discountTotal: 0 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ code: string }>().code).toBe('totals_mismatch');
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(footprint);
  });

  it('refuses a listed price the catalog never changed from (422 listed_price_mismatch), nothing written', async () => {
    const product = products[1]!;
    const footprint = await companyFootprint(t.db, cashier.company.id);
    const audits = (await auditOf('sale.price_difference')).length;
    for (const catalogVersion of [new Date().toISOString(), undefined]) {
      const res = await postSale({
        id: newDocumentId(),
        registerId,
        lines: [{ productId: product.id, quantity: '1', listedPrice: 1 }],
        tenders: [{ method: 'cash', amount: 1_000_000 }],
        ...(catalogVersion ? { catalogVersion } : {}),
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'listed_price_mismatch',
        details: { productId: product.id, line: 0, listedPrice: 1, price: product.price },
      });
    }
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(footprint);
    expect((await auditOf('sale.price_difference')).length).toBe(audits);
  });

  it('lets stock go negative instead of refusing the sale, with an alert when it crosses zero', async () => {
    const product = products[2]!;
    const stock = Number(await onHand(product.id));
    const sell = async (quantity: number) => {
      const res = await postSale({
        id: newDocumentId(),
        registerId,
        lines: [{ productId: product.id, quantity: String(quantity), listedPrice: product.price }],
        tenders: [{ method: 'cash', amount: 100_000_000 }],
        catalogVersion: new Date().toISOString(),
      });
      expect(res.statusCode).toBe(201);
      return res.json<Sale>();
    };
    const first = await sell(stock); // down to zero: no alert
    expect(await auditOf('stock.went_negative')).toEqual([]);
    // On PostgreSQL this sale's write first tries to commit in its own round trip, refuses (the
    // alert must be written too) and the sale runs again in full: one sale, one alert, no gap.
    const sale = await sell(2);
    expect(Number(await onHand(product.id))).toBe(-2);
    expect(await auditOf('stock.went_negative')).toEqual([
      { subjectId: product.id, details: { saleId: sale.id, sold: '2', onHand: '-2.000' } },
    ]);
    // Already below zero: the alert is not repeated for every further sale.
    const last = await sell(1);
    expect(Number(await onHand(product.id))).toBe(-3);
    expect((await auditOf('stock.went_negative')).length).toBe(1);
    const seq = (s: Sale) => Number(s.receiptNumber.split('-').at(-1));
    expect([seq(sale), seq(last)]).toEqual([seq(first) + 1, seq(first) + 2]);
  });
});
