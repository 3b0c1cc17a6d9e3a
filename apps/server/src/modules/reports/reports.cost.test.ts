/**
 * Cost snapshot on sale lines (issue 9): a line copies the product's unit cost when it is sold, and
 * the margin report uses that copy, so a later cost change does not rewrite past margins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Sale, SalesReport } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let registerId: string;
let storeId: string;
let today: string;
let product: Product;

const patchCost = async (cost: number | null) => {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/products/${product.id}`,
    headers: bearer(manager.accessToken),
    payload: { cost },
  });
  expect(res.statusCode, res.body).toBe(200);
};

const sell = async (quantity: string): Promise<Sale> => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
};

const unitCosts = (saleId: string) =>
  withCompanyTx(t.db, cashier.company.id, (tx) =>
    tx
      .select({ unitCost: s.saleLines.unitCost })
      .from(s.saleLines)
      .where(and(eq(s.saleLines.saleId, saleId)))
      .orderBy(s.saleLines.lineNo),
  );

const productRow = async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/sales?from=${today}&to=${today}&storeId=${storeId}`,
    headers: bearer(manager.accessToken),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SalesReport>().byProduct.find((r) => r.productId === product.id);
};

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  today = new Intl.DateTimeFormat('en-CA', { timeZone: store!.timeZone }).format(new Date());
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=Absolut&limit=5',
    headers: bearer(cashier.accessToken),
  });
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0)!;
  expect(product).toBeDefined();
});

afterAll(async () => {
  await t?.close();
});

describe('unit cost on sale lines', () => {
  it('copies the cost at the time of sale, and the margin report uses the copies', async () => {
    await patchCost(400);
    const first = await sell('2');
    await patchCost(700);
    const second = await sell('1');
    // A cost change after both sales must not move their margin.
    await patchCost(10_000);

    expect(await unitCosts(first.id)).toEqual([{ unitCost: 400 }]);
    expect(await unitCosts(second.id)).toEqual([{ unitCost: 700 }]);

    const row = await productRow();
    const netSales = first.total - first.taxTotal + (second.total - second.taxTotal);
    expect(row).toMatchObject({
      quantity: '3',
      cost: 2 * 400 + 700,
      costedNetSales: netSales,
      margin: netSales - 1500,
      uncostedLines: 0,
    });
  });

  it('a product without a cost when sold leaves the line uncosted (null), outside the margin', async () => {
    await patchCost(null);
    const sale = await sell('1');
    expect(await unitCosts(sale.id)).toEqual([{ unitCost: null }]);
    const row = await productRow();
    expect(row).toMatchObject({ quantity: '4', cost: 1500, uncostedLines: 1 });
  });
});
