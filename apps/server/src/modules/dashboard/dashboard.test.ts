import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from '@fastify/websocket';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, ProductPage, SalesReport, Store } from '@kassa/contracts';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';
import type { StoreToday } from './dashboard.service.ts';

let t: TestContext;
let manager: LoginResponse;
let cashier: LoginResponse;
let store: Store;

type Today = { type: 'today'; stores: StoreToday[] };

/** Resolves with the next message of the socket, parsed. */
const nextMessage = (ws: WebSocket) =>
  new Promise<Today>((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Today)),
  );
const closed = (ws: WebSocket) =>
  new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));

beforeAll(async () => {
  t = await createTestApp();
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  [store] = (await stores(t.app, manager.accessToken)) as [Store];
});
afterAll(async () => {
  await t?.close();
});

describe('the live dashboard over a WebSocket', () => {
  it("pushes today's sales per store, and a new sale within 2 seconds, matching the report", async () => {
    const ws = await t.app.injectWS('/api/v1/dashboard/live');
    const first = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'auth', token: manager.accessToken }));
    const before = (await first).stores.find((s) => s.storeId === store.id)!;
    expect(before).toBeDefined();

    const [product] = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/products?q=vodka&limit=1',
        headers: bearer(cashier.accessToken),
      })
    ).json<ProductPage>().items;
    const update = nextMessage(ws);
    const started = Date.now();
    const sale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: bearer(cashier.accessToken),
      payload: {
        id: newDocumentId(),
        registerId: store.registers[0]!.id,
        lines: [{ productId: product!.id, quantity: '1' }],
        tenders: [{ method: 'cash', amount: 100_000 }],
      },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const after = (await update).stores.find((s) => s.storeId === store.id)!;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(after.sales).toBe(before.sales + 1);
    expect(after.total).toBe(before.total + sale.json<{ total: number }>().total);

    const report = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/sales?from=${after.day}&to=${after.day}&storeId=${store.id}`,
        headers: bearer(manager.accessToken),
      })
    ).json<SalesReport>();
    expect({ sales: after.sales, total: after.total, tax: after.tax }).toEqual({
      sales: report.totals.sales,
      total: report.totals.total,
      tax: report.totals.tax,
    });
    ws.terminate();
  });

  it('closes the socket for a bad token (4401) and for a cashier (4403)', async () => {
    const bad = await t.app.injectWS('/api/v1/dashboard/live');
    const badClosed = closed(bad);
    bad.send(JSON.stringify({ type: 'auth', token: 'nope' }));
    expect(await badClosed).toBe(4401);
    const asCashier = await t.app.injectWS('/api/v1/dashboard/live');
    const cashierClosed = closed(asCashier);
    asCashier.send(JSON.stringify({ type: 'auth', token: cashier.accessToken }));
    expect(await cashierClosed).toBe(4403);
  });
});
