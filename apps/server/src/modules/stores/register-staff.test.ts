import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, RegisterStaffList, Sale, StaffUser, Store } from '@kassa/contracts';
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

// Issue 8: cashier switching by PIN offline. The register user downloads the staff who may sell
// there with their PIN hashes; a sale carries the switched cashier as `cashierId`, which the server
// accepts only for an active user of the company who may sell in the store.

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let store1: Store;
let store2: Store;
let product: Product;
const users: Record<'disabled' | 'noSale' | 'store2Only', StaffUser> = {} as never;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

async function createUser(body: Record<string, unknown>): Promise<StaffUser> {
  const res = await api('POST', '/users', owner.accessToken, { password: 'correct horse battery', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<StaffUser>();
}

const saleBody = (cashierId?: string) => ({
  id: newDocumentId(),
  registerId: store1.registers[0]!.id,
  lines: [{ productId: product.id, quantity: '1', listedPrice: product.price }],
  tenders: [{ method: 'cash', amount: 1_000_000 }],
  clientCreatedAt: new Date(Date.now() - 60_000).toISOString(),
  ...(cashierId ? { cashierId } : {}),
});

async function auditCount(): Promise<number> {
  return withCompanyTx(t.db, owner.company.id, async (tx) => (await tx.select().from(s.auditEntries)).length);
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  [store1, store2] = (await stores(t.app, owner.accessToken)) as [Store, Store];
  expect(store2).toBeDefined();
  const res = await api('GET', `/products?limit=200&storeId=${store1.id}`, owner.accessToken);
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0 && p.active)!;

  users.disabled = await createUser({
    name: 'Dan Disabled',
    email: 'dan@demo.kassa.dev',
    role: 'cashier',
    pin: '4444',
  });
  expect((await api('POST', `/users/${users.disabled.id}/disable`, owner.accessToken)).statusCode).toBe(200);
  const role = await api('POST', '/roles', owner.accessToken, {
    name: 'Stock clerk',
    permissions: ['catalog.read', 'stock.adjust'],
  });
  expect(role.statusCode, role.body).toBe(201);
  users.noSale = await createUser({
    name: 'Nora NoSale',
    email: 'nora@demo.kassa.dev',
    role: 'cashier',
    customRoleId: role.json<{ id: string }>().id,
    pin: '5555',
  });
  users.store2Only = await createUser({
    name: 'Sam Store2',
    email: 'sam@demo.kassa.dev',
    role: 'cashier',
    storeIds: [store2.id],
    pin: '6666',
  });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /registers/:id/staff', () => {
  it('lists the active staff who may sell at the register, with argon2id PIN hashes', async () => {
    const res = await api('GET', `/registers/${store1.registers[0]!.id}/staff`, cashier.accessToken);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json<RegisterStaffList>();
    const ids = items.map((i) => i.id).sort();
    expect(ids).toEqual([owner.user.id, manager.user.id, cashier.user.id].sort());
    for (const item of items) expect(item.pinHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    // Sam may sell in store 2 only: listed there, not in store 1.
    const there = await api('GET', `/registers/${store2.registers[0]!.id}/staff`, cashier.accessToken);
    expect(there.json<RegisterStaffList>().items.map((i) => i.id)).toContain(users.store2Only.id);
  });

  it('answers 404 for another company’s register', async () => {
    const res = await api('GET', `/registers/${other.registerId}/staff`, cashier.accessToken);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'register_not_found' });
  });
});

describe('a sale with cashierId', () => {
  it('is credited to the switched cashier; the audit names the device user', async () => {
    const body = saleBody(manager.user.id);
    const res = await api('POST', '/sales', cashier.accessToken, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Sale>().cashierId).toBe(manager.user.id);
    const [row] = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx.select({ cashierId: s.sales.cashierId }).from(s.sales).where(eq(s.sales.id, body.id)),
    );
    expect(row!.cashierId).toBe(manager.user.id);
    const [entry] = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx
        .select({ details: s.auditEntries.details })
        .from(s.auditEntries)
        .where(and(eq(s.auditEntries.action, 'sale.completed'), eq(s.auditEntries.subjectId, body.id))),
    );
    expect(entry!.details).toMatchObject({ cashierId: manager.user.id, deviceUserId: cashier.user.id });
  });

  it('without cashierId is credited to the signed-in user', async () => {
    const res = await api('POST', '/sales', cashier.accessToken, saleBody());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Sale>().cashierId).toBe(cashier.user.id);
  });

  it.each([
    ['another company’s user', () => other.userId],
    ['a disabled user', () => users.disabled.id],
    ['a user whose role may not sell', () => users.noSale.id],
    ['a user of another store', () => users.store2Only.id],
    ['an unknown id', () => newDocumentId()],
  ])('is refused with 422 cashier_invalid for %s, writing nothing', async (_name, id) => {
    const before = await companyFootprint(t.db, owner.company.id);
    const audits = await auditCount();
    const res = await api('POST', '/sales', cashier.accessToken, saleBody(id()));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'cashier_invalid' });
    expect(await companyFootprint(t.db, owner.company.id)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });
});
