import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import { withCompanyTx } from '@kassa/db';
import type { LoginResponse, Store } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;

const call = (method: 'POST' | 'PATCH', url: string, payload: object, token = owner) =>
  t.app.inject({ method, url, headers: bearer(token.accessToken), payload });

/** A digest of the demo company's stores and registers: any write changes it. */
async function storesFootprint(): Promise<string> {
  return withCompanyTx(t.db, owner.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select md5(string_agg(concat_ws('|', id, code, name, address_line1, city, region, postal_code, country,
        time_zone, receipt_footer, cash_variance_threshold, offline_limit_hours), ',' order by id)) from stores) || ':' ||
      (select md5(string_agg(concat_ws('|', id, store_id, code, name, next_receipt_seq), ',' order by id)) from registers)
      as digest`)) as { rows: { digest: string }[] };
    return result.rows[0]!.digest;
  });
}

async function refused(
  method: 'POST' | 'PATCH',
  url: string,
  payload: object,
  status: number,
  code: string,
  token = owner,
) {
  const before = await storesFootprint();
  const res = await call(method, url, payload, token);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json<{ code: string }>().code).toBe(code);
  expect(await storesFootprint()).toBe(before);
}

const newStore = {
  code: 'S9',
  name: 'Riverside',
  address: { line1: '1 River St', city: 'Des Moines', region: 'IA', postalCode: '50309', country: 'US' },
  timeZone: 'America/Chicago',
  receiptFooter: 'Thank you!',
};

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('stores and registers', () => {
  it('creates a store, adds a register, edits both; the terminal list shows them', async () => {
    const created = await call('POST', '/api/v1/stores', newStore);
    expect(created.statusCode, created.body).toBe(201);
    const store = created.json<Store>();
    expect(store).toMatchObject({
      code: 'S9',
      name: 'Riverside',
      timeZone: 'America/Chicago',
      registers: [],
    });
    const withRegister = await call('POST', `/api/v1/stores/${store.id}/registers`, {
      code: 'R1',
      name: 'Till 1',
    });
    expect(withRegister.statusCode).toBe(201);
    const register = withRegister.json<Store>().registers[0]!;
    expect(register).toMatchObject({ code: 'R1', name: 'Till 1' });
    const renamed = await call('PATCH', `/api/v1/registers/${register.id}`, { name: 'Front till' });
    expect(renamed.json()).toMatchObject({ id: register.id, name: 'Front till' });
    const edited = await call('PATCH', `/api/v1/stores/${store.id}`, {
      timeZone: 'America/New_York',
      receiptFooter: 'See you soon',
    });
    expect(edited.json<Store>()).toMatchObject({
      code: 'S9',
      name: 'Riverside',
      timeZone: 'America/New_York',
      receiptFooter: 'See you soon',
    });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stores',
      headers: bearer(cashier.accessToken),
    });
    const seen = list.json<{ items: Store[] }>().items.find((s) => s.id === store.id)!;
    expect(seen.registers.map((r) => r.name)).toEqual(['Front till']);
  });

  it('sets the over/short threshold and offline limit (defaults 500 and 24); refuses values out of range', async () => {
    const created = await call('POST', '/api/v1/stores', { ...newStore, code: 'S6' });
    expect(created.statusCode, created.body).toBe(201);
    const store = created.json<Store>();
    expect(store).toMatchObject({ cashVarianceThreshold: 500, offlineLimitHours: 24 });
    const edited = await call('PATCH', `/api/v1/stores/${store.id}`, {
      cashVarianceThreshold: 1250,
      offlineLimitHours: 72,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Store>()).toMatchObject({ cashVarianceThreshold: 1250, offlineLimitHours: 72 });
    const [row] = await withCompanyTx(t.db, owner.company.id, async (tx) => {
      const result = (await tx.execute(
        sql`select cash_variance_threshold, offline_limit_hours from stores where id = ${store.id}`,
      )) as { rows: { cash_variance_threshold: number | string; offline_limit_hours: number }[] };
      return result.rows;
    });
    expect(Number(row!.cash_variance_threshold)).toBe(1250);
    expect(row!.offline_limit_hours).toBe(72);
    const url = `/api/v1/stores/${store.id}`;
    await refused('PATCH', url, { offlineLimitHours: 0 }, 400, 'validation_failed');
    await refused('PATCH', url, { offlineLimitHours: 169 }, 400, 'validation_failed');
    await refused('PATCH', url, { offlineLimitHours: 1.5 }, 400, 'validation_failed');
    await refused('PATCH', url, { cashVarianceThreshold: -1 }, 400, 'validation_failed');
    await refused('PATCH', url, { cashVarianceThreshold: 12.5 }, 400, 'validation_failed');
    await refused('PATCH', url, { offlineLimitHours: 48 }, 403, 'forbidden', manager);
  });

  it('audits a store edit with the store before and after; a refused edit audits nothing', async () => {
    const created = await call('POST', '/api/v1/stores', { ...newStore, code: 'S7' });
    expect(created.statusCode, created.body).toBe(201);
    const store = created.json<Store>();
    const storeAudits = () =>
      withCompanyTx(t.db, owner.company.id, async (tx) => {
        const result = (await tx.execute(
          sql`select actor_id, details from audit_entries
            where action = 'store.updated' and subject_id = ${store.id} order by occurred_at`,
        )) as { rows: { actor_id: string; details: { before: Store; after: Store } }[] };
        return result.rows;
      });
    const edited = await call('PATCH', `/api/v1/stores/${store.id}`, { cashVarianceThreshold: 2000 });
    expect(edited.statusCode, edited.body).toBe(200);
    const entries = await storeAudits();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor_id).toBe(owner.user.id);
    expect(entries[0]!.details.before.cashVarianceThreshold).toBe(500);
    expect(entries[0]!.details.after.cashVarianceThreshold).toBe(2000);
    await refused('PATCH', `/api/v1/stores/${store.id}`, { offlineLimitHours: 0 }, 400, 'validation_failed');
    await refused('PATCH', `/api/v1/stores/${store.id}`, { name: 'x' }, 403, 'forbidden', manager);
    expect(await storeAudits()).toHaveLength(1);
  });

  it('refuses a taken code, a bad time zone, managers and cashiers, and foreign ids, writing nothing', async () => {
    await refused('POST', '/api/v1/stores', { ...newStore, code: 'S1' }, 409, 'store_code_taken');
    await refused(
      'POST',
      '/api/v1/stores',
      { ...newStore, code: 'S8', timeZone: 'Mars/Olympus' },
      400,
      'invalid_time_zone',
    );
    await refused('POST', '/api/v1/stores', { ...newStore, code: 's 8' }, 400, 'validation_failed');
    await refused('POST', '/api/v1/stores', { ...newStore, code: 'S7' }, 403, 'forbidden', manager);
    await refused('POST', '/api/v1/stores', { ...newStore, code: 'S7' }, 403, 'forbidden', cashier);
    const [store] = (
      await t.app.inject({ method: 'GET', url: '/api/v1/stores', headers: bearer(owner.accessToken) })
    ).json<{
      items: Store[];
    }>().items;
    await refused(
      'POST',
      `/api/v1/stores/${store!.id}/registers`,
      { code: store!.registers[0]!.code, name: 'Twin' },
      409,
      'register_code_taken',
    );
    await refused('PATCH', `/api/v1/stores/${other.storeId}`, { name: 'Mine now' }, 404, 'store_not_found');
    await refused(
      'POST',
      `/api/v1/stores/${other.storeId}/registers`,
      { code: 'R9', name: 'X' },
      404,
      'store_not_found',
    );
    await refused(
      'PATCH',
      `/api/v1/registers/${other.registerId}`,
      { name: 'Mine now' },
      404,
      'register_not_found',
    );
    await refused(
      'PATCH',
      `/api/v1/registers/${newDocumentId()}`,
      { name: 'Ghost' },
      404,
      'register_not_found',
    );
  });
});
