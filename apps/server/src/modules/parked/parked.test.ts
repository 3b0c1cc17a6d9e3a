import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type {
  LoginResponse,
  ParkedSale,
  ParkedSalePage,
  Product,
  Shift,
  Store,
  ZReport,
} from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let cashier: LoginResponse;
let all: Store[];
let product: Product;
let other: OtherCompany;
let otherToken: string;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** Parked carts by state, and open shifts: proves a refused request changed nothing. */
async function footprint(): Promise<Record<string, string>> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from parked_sales where state = 'parked')::text as parked,
      (select count(*) from parked_sales where state = 'resumed')::text as resumed,
      (select count(*) from parked_sales where state = 'expired')::text as expired,
      (select count(*) from shifts where closed_at is null)::text as open_shifts`)) as {
      rows: Record<string, string>[];
    };
    return result.rows[0]!;
  });
}

function park(registerId: string, overrides: Record<string, unknown> = {}) {
  return api('POST', '/parked-sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId,
    lines: [{ productId: product.id, quantity: '2', discountPercent: null }],
    note: 'Customer went to get their wallet',
    total: 4_000,
    ...overrides,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  all = await stores(t.app, cashier.accessToken);
  const res = await api('GET', '/products?q=vodka&limit=5', cashier.accessToken);
  product = res.json<{ items: Product[] }>().items[0]!;
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('parked sales', () => {
  it('parks on one register and resumes on another register of the store, once', async () => {
    const [r1, r2] = all[0]!.registers;
    const body = {
      id: newDocumentId(),
      registerId: r1!.id,
      lines: [{ productId: product.id, quantity: '2', discountPercent: '5' }],
      note: 'Back in 5',
      total: 4_321,
    };
    const parked = await api('POST', '/parked-sales', cashier.accessToken, body);
    expect(parked.statusCode, parked.body).toBe(201);
    expect(parked.json<ParkedSale>()).toMatchObject({
      id: body.id,
      registerId: r1!.id,
      state: 'parked',
      lines: body.lines,
      total: 4_321,
      cashierName: 'Casey Cashier',
    });
    const again = await api('POST', '/parked-sales', cashier.accessToken, body);
    expect(again.statusCode).toBe(200);

    const list = await api('GET', `/parked-sales?storeId=${all[0]!.id}`, cashier.accessToken);
    expect(list.json<ParkedSalePage>().items.map((p) => p.id)).toContain(body.id);
    const foreignList = await api('GET', `/parked-sales?storeId=${all[0]!.id}`, otherToken);
    expect(foreignList.json<ParkedSalePage>().items).toEqual([]);

    const resumed = await api('POST', `/parked-sales/${body.id}/resume`, cashier.accessToken, {
      registerId: r2!.id,
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json<ParkedSale>()).toMatchObject({
      state: 'resumed',
      resumedRegisterId: r2!.id,
      lines: body.lines,
    });

    const before = await footprint();
    const twice = await api('POST', `/parked-sales/${body.id}/resume`, cashier.accessToken, {
      registerId: r1!.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'parked_sale_unavailable', details: { state: 'resumed' } });
    expect(await footprint()).toEqual(before);
    const list2 = await api('GET', `/parked-sales?storeId=${all[0]!.id}`, cashier.accessToken);
    expect(list2.json<ParkedSalePage>().items.map((p) => p.id)).not.toContain(body.id);
  });

  it('refuses to resume in another store or another company, writing nothing', async () => {
    const parked = (await park(all[0]!.registers[0]!.id)).json<ParkedSale>();
    const before = await footprint();
    const elsewhere = await api('POST', `/parked-sales/${parked.id}/resume`, cashier.accessToken, {
      registerId: all[1]!.registers[0]!.id,
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json()).toMatchObject({ code: 'parked_other_store' });
    const foreign = await api('POST', `/parked-sales/${parked.id}/resume`, otherToken, {
      registerId: other.registerId,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });

  it('needs an open shift to park; carts left at the close are listed in the Z report and expire', async () => {
    const register = all[2]!.registers[0]!;
    const shift = (await api('GET', `/registers/${register.id}/shift`, cashier.accessToken)).json<Shift>();
    const left = (await park(register.id, { total: 1_234, note: 'Forgotten' })).json<ParkedSale>();
    const x = await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken);
    expect(x.json<{ parkedSales: { id: string }[] }>().parkedSales.map((p) => p.id)).toEqual([left.id]);

    const closed = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, { counts: [] });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json<ZReport>().report.parkedSales).toEqual([
      {
        id: left.id,
        total: 1_234,
        note: 'Forgotten',
        cashierName: 'Casey Cashier',
        createdAt: left.createdAt,
      },
    ]);
    const after = await api('GET', `/parked-sales?storeId=${all[2]!.id}`, cashier.accessToken);
    expect(after.json<ParkedSalePage>().items).toEqual([]);
    const before = await footprint();
    const expired = await api('POST', `/parked-sales/${left.id}/resume`, cashier.accessToken, {
      registerId: all[2]!.registers[1]!.id,
    });
    expect(expired.statusCode).toBe(409);
    expect(expired.json()).toMatchObject({ code: 'parked_sale_unavailable', details: { state: 'expired' } });
    const noShift = await park(register.id);
    expect(noShift.statusCode).toBe(422);
    expect(noShift.json()).toMatchObject({ code: 'shift_not_open' });
    expect(await footprint()).toEqual(before);
  });
});
