/**
 * Tenant isolation sweep: reads the application's route table, so a new route is covered
 * without being added here. A user of company B must never see or touch company A's rows:
 * - every route with a path id answers 404 (or a 400 for a body it refuses first) for each of
 *   A's ids, and never 2xx;
 * - every list route (GET without path params) returns no id of A;
 * - none of these requests changes A's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import { schema as s, withCompanyTx } from '@kassa/db';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../test/factories.ts';

let t: TestContext;
let demoCompanyId: string;
let demoIds: string[];
let other: OtherCompany;
let otherToken: string;

beforeAll(async () => {
  t = await createTestApp();
  const cashier = await login(t.app, 'cashier@demo.kassa.dev');
  demoCompanyId = cashier.company.id;
  // One completed sale in A, so sale ids are part of the sweep.
  const stores = await t.app.inject({
    method: 'GET',
    url: '/api/v1/stores',
    headers: bearer(cashier.accessToken),
  });
  const registerId = stores.json<{ items: { registers: { id: string }[] }[] }>().items[0]!.registers[0]!.id;
  const products = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=vodka&limit=1',
    headers: bearer(cashier.accessToken),
  });
  const productId = products.json<{ items: { id: string }[] }>().items[0]!.id;
  const sale = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id: newDocumentId(),
      registerId,
      lines: [{ productId, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    },
  });
  expect(sale.statusCode).toBe(201);

  demoIds = await withCompanyTx(t.db, demoCompanyId, async (tx) => {
    const ids: string[] = [demoCompanyId];
    for (const table of [
      s.stores,
      s.registers,
      s.users,
      s.categories,
      s.taxRates,
      s.taxCategories,
      s.sales,
      s.sessions,
      s.approvals,
      s.shifts,
    ]) {
      const rows = await tx.select({ id: table.id }).from(table).limit(3);
      ids.push(...rows.map((r) => r.id));
    }
    const someProducts = await tx.select({ id: s.products.id }).from(s.products).limit(3);
    ids.push(...someProducts.map((r) => r.id));
    return ids;
  });
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

const routes = () => t.app.routePermissions.filter((r) => r.permission !== 'public');

describe('tenant isolation sweep over the route table', () => {
  it('covers the routes that exist', () => {
    expect(routes().some((r) => r.url.includes(':id'))).toBe(true);
    expect(routes().some((r) => r.method === 'GET' && !r.url.includes(':'))).toBe(true);
  });

  it("answers 404 for every one of company A's ids on every route with a path id", async () => {
    const before = await companyFootprint(t.db, demoCompanyId);
    const checked: string[] = [];
    for (const route of routes().filter((r) => r.url.includes(':'))) {
      for (const id of demoIds) {
        const url = route.url.replace(/:[A-Za-z]+/g, id);
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: bearer(otherToken),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        checked.push(`${route.method} ${route.url}`);
        expect([400, 404], `${route.method} ${url} -> ${res.statusCode} ${res.body}`).toContain(
          res.statusCode,
        );
        // A problem may echo the id that was asked for; it must reveal nothing else of A.
        const rest = res.body.replaceAll(id, '');
        for (const other of demoIds) expect(rest, `${url} leaks ${other}`).not.toContain(other);
        expect(rest).not.toContain('Demo Liquor');
      }
    }
    expect(checked.length).toBeGreaterThan(0);
    expect(await companyFootprint(t.db, demoCompanyId)).toEqual(before);
  });

  it('never lists a row of company A on any list route', async () => {
    for (const route of routes().filter((r) => r.method === 'GET' && !r.url.includes(':'))) {
      const res = await t.app.inject({ method: 'GET', url: route.url, headers: bearer(otherToken) });
      expect(res.statusCode, `${route.url} -> ${res.body}`).toBeLessThan(500);
      for (const id of demoIds) expect(res.body, `${route.url} leaks ${id}`).not.toContain(id);
      expect(res.body).not.toContain('Demo Liquor');
    }
  });
});
