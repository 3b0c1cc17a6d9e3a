import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, RegisterSyncStatusList, Store } from '@kassa/contracts';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

// Issue 8, observability: GET /api/v1/registers/sync-status, per register of the caller's company
// (and store scope), derived from the sales' device and received times.

let t: TestContext;
let owner: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let demoStores: Store[];
let product: Product;

const syncStatus = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/registers/sync-status', headers: bearer(token) });

async function sell(registerId: string, soldAt: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(owner.accessToken),
    payload: {
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '1', listedPrice: product.price }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
      clientCreatedAt: soldAt,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  demoStores = await stores(t.app, owner.accessToken);
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?limit=200&storeId=${demoStores[0]!.id}`,
    headers: bearer(owner.accessToken),
  });
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0 && p.active)!;
});
afterAll(async () => {
  await t?.close();
});

describe('register sync status', () => {
  it('reports each register’s latest sale, its lag and whether it is over 5 minutes; never another company’s', async () => {
    const registers = demoStores.flatMap((st) => st.registers.map((r) => ({ ...r, storeId: st.id })));
    expect(registers.length).toBeGreaterThanOrEqual(2);
    const [late, prompt] = registers;
    const lateSoldAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await sell(late!.id, new Date(Date.now() - 3 * 3600_000).toISOString());
    await sell(late!.id, lateSoldAt); // the latest arrival counts
    await sell(prompt!.id, new Date(Date.now() - 5_000).toISOString());

    const res = await syncStatus(owner.accessToken);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json<RegisterSyncStatusList>();
    expect(items.map((i) => i.registerId).sort()).toEqual(registers.map((r) => r.id).sort());
    expect(items.some((i) => i.registerId === other.registerId || i.storeId === other.storeId)).toBe(false);

    const lateRow = items.find((i) => i.registerId === late!.id)!;
    expect(lateRow).toMatchObject({ registerName: late!.name, storeId: late!.storeId, lagging: true });
    expect(lateRow.lastSoldAt).toBe(lateSoldAt);
    expect(lateRow.lagSeconds).toBeGreaterThanOrEqual(600);
    expect(lateRow.lagSeconds).toBeLessThan(700);
    expect(Date.parse(lateRow.lastReceivedAt!)).toBeGreaterThan(Date.parse(lateSoldAt));

    const promptRow = items.find((i) => i.registerId === prompt!.id)!;
    expect(promptRow.lagging).toBe(false);
    expect(promptRow.lagSeconds).toBeGreaterThanOrEqual(5);
    expect(promptRow.lagSeconds).toBeLessThan(300);

    // The other company's owner sees only its own register, which never sold.
    const theirs = await login(t.app, other.email, other.password);
    const otherRes = await syncStatus(theirs.accessToken);
    expect(otherRes.statusCode).toBe(200);
    expect(otherRes.json<RegisterSyncStatusList>().items).toEqual([
      expect.objectContaining({
        registerId: other.registerId,
        lastReceivedAt: null,
        lagSeconds: null,
        lagging: false,
      }),
    ]);
  });

  it('a store-scoped manager sees only the registers of their stores', async () => {
    expect(demoStores.length).toBeGreaterThanOrEqual(2);
    const [store1, store2] = demoStores;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(owner.accessToken),
      payload: {
        name: 'Mona Store1',
        email: 'mona.sync@demo.kassa.dev',
        role: 'manager',
        storeIds: [store1!.id],
        password: 'correct horse battery',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const mona = await login(t.app, 'mona.sync@demo.kassa.dev', 'correct horse battery');
    const res = await syncStatus(mona.accessToken);
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<RegisterSyncStatusList>().items.map((i) => i.registerId);
    expect(ids.sort()).toEqual(store1!.registers.map((r) => r.id).sort());
    expect(ids.some((id) => store2!.registers.some((r) => r.id === id))).toBe(false);
  });

  it('needs report.view: a cashier is refused', async () => {
    const res = await syncStatus(cashier.accessToken);
    expect(res.statusCode).toBe(403);
  });
});
