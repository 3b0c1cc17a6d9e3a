import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { withCompanyTx } from '@kassa/db';
import type { Customer, CustomerPage, LoginResponse } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let otherOwner: LoginResponse;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, token = owner) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token.accessToken),
    ...(payload ? { payload } : {}),
  });

/** A digest of every customer row of both companies: any write changes it. */
async function customersDigest(): Promise<string> {
  const one = (companyId: string) =>
    withCompanyTx(t.db, companyId, async (tx) => {
      const result = (await tx.execute(sql`select coalesce(md5(string_agg(concat_ws('|', id, code, name,
          email, phone, country, updated_at), ',' order by id)), '') as digest from customers`)) as {
        rows: { digest: string }[];
      };
      return result.rows[0]!.digest;
    });
  return `${await one(owner.company.id)}:${await one(other.companyId)}`;
}

async function refused(
  method: Method,
  url: string,
  payload: object | undefined,
  status: number,
  code: string,
  token = owner,
) {
  const before = await customersDigest();
  const res = await call(method, url, payload, token);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json<{ code: string }>().code).toBe(code);
  expect(await customersDigest()).toBe(before);
}

let ada: Customer;
let foreign: Customer;

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  otherOwner = await login(t.app, other.email, other.password);
  const res = await call('POST', '/customers', { code: 'F-1', name: 'Fremde Kundin' }, otherOwner);
  expect(res.statusCode, res.body).toBe(201);
  foreign = res.json<Customer>();
});
afterAll(async () => {
  await t?.close();
});

describe('customers', () => {
  it('creates, reads, searches, edits and deletes a customer', async () => {
    const created = await call('POST', '/customers', {
      code: ' C-100 ',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+1 515 555 0100',
    });
    expect(created.statusCode, created.body).toBe(201);
    ada = created.json<Customer>();
    expect(ada).toMatchObject({
      code: 'C-100',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+1 515 555 0100',
      country: null,
    });
    expect((await call('GET', `/customers/${ada.id}`)).json<Customer>()).toEqual(ada);

    for (const q of ['lovelace', 'c-10', 'ADA@EXAMPLE', '555 0100']) {
      const page = (await call('GET', `/customers?q=${encodeURIComponent(q)}`)).json<CustomerPage>();
      expect(
        page.items.map((c) => c.id),
        q,
      ).toEqual([ada.id]);
      expect(page.total).toBe(1);
    }
    // A LIKE wildcard in the search is a plain character.
    expect((await call('GET', '/customers?q=%25')).json<CustomerPage>().items).toEqual([]);

    const edited = await call('PATCH', `/customers/${ada.id}`, { country: 'GB', phone: null }, manager);
    expect(edited.statusCode, edited.body).toBe(200);
    const after = edited.json<Customer>();
    expect(after).toMatchObject({ code: 'C-100', country: 'GB', phone: null, email: 'ada@example.com' });
    expect(after.updatedAt >= ada.updatedAt).toBe(true);

    const temp = (await call('POST', '/customers', { code: 'TMP' })).json<Customer>();
    const deleted = await call('DELETE', `/customers/${temp.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    await refused('GET', `/customers/${temp.id}`, undefined, 404, 'customer_not_found');
  });

  it('refuses a customer number already taken, on create and on edit, writing nothing', async () => {
    await refused('POST', '/customers', { code: 'C-100', name: 'Other Ada' }, 409, 'customer_code_taken');
    const second = (await call('POST', '/customers', { code: 'C-200', name: 'Grace' })).json<Customer>();
    await refused('PATCH', `/customers/${second.id}`, { code: 'C-100' }, 409, 'customer_code_taken');
    // Another company may use the same number.
    const res = await call('POST', '/customers', { code: 'C-100' }, otherOwner);
    expect(res.statusCode).toBe(201);
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    await refused('POST', '/customers', { code: 'X-1', email: 'not-an-address' }, 400, 'validation_failed');
    await refused('POST', '/customers', { code: '   ' }, 400, 'validation_failed');
    await refused('POST', '/customers', { code: 'X-2', loyalty: 5 }, 400, 'validation_failed');
    await refused('PATCH', `/customers/${ada.id}`, { email: 'a b@c.d' }, 400, 'validation_failed');
    const res = await call('POST', '/customers', { code: 'X-1', email: 'nope' });
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('body.email');
  });

  it('lets a cashier look customers up but not change them', async () => {
    expect((await call('GET', '/customers', undefined, cashier)).statusCode).toBe(200);
    await refused('POST', '/customers', { code: 'K-1' }, 403, 'forbidden', cashier);
    await refused('PATCH', `/customers/${ada.id}`, { name: 'x' }, 403, 'forbidden', cashier);
    await refused('DELETE', `/customers/${ada.id}`, undefined, 403, 'forbidden', cashier);
  });

  it("hides another company's customers: 404 on read, edit and delete; absent from lists", async () => {
    await refused('GET', `/customers/${foreign.id}`, undefined, 404, 'customer_not_found');
    await refused('PATCH', `/customers/${foreign.id}`, { name: 'Mine now' }, 404, 'customer_not_found');
    await refused('DELETE', `/customers/${foreign.id}`, undefined, 404, 'customer_not_found');
    const page = (await call('GET', '/customers?limit=200')).json<CustomerPage>();
    expect(page.items.map((c) => c.id)).not.toContain(foreign.id);
  });

  it('pages through the list in name order', async () => {
    const all = (await call('GET', '/customers?limit=200')).json<CustomerPage>();
    const names = all.items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const second = (await call('GET', '/customers?limit=1&offset=1')).json<CustomerPage>();
    expect(second).toMatchObject({ limit: 1, offset: 1, total: all.total });
    expect(second.items[0]!.id).toBe(all.items[1]!.id);
  });
});
