import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { CompanySettings, LoginResponse } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;

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

const getSettings = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/settings', headers: bearer(token) });
const putSettings = (payload: unknown, token = owner.accessToken) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/settings',
    headers: bearer(token),
    payload: payload as object,
  });

/** The demo company's row as stored. */
async function companyRow() {
  return withCompanyTx(t.db, owner.company.id, async (tx) => {
    const [row] = await tx.select().from(s.companies).where(eq(s.companies.id, owner.company.id));
    return row!;
  });
}

/** Everything a refused settings change must leave alone: the company row and the footprint. */
async function snapshot() {
  const { createdAt: _createdAt, ...company } = await companyRow();
  return { company, footprint: await companyFootprint(t.db, owner.company.id) };
}

describe('GET /api/v1/settings', () => {
  it('gives every signed-in user the pricing settings, cash rounding off by default', async () => {
    const res = await getSettings(cashier.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      currency: 'USD',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      cashRounding: null,
    });
  });
});

describe('PUT /api/v1/settings', () => {
  it('is refused to a cashier and a manager (owner only by default), and writes nothing', async () => {
    const before = await snapshot();
    const change = {
      taxRounding: 'global',
      roundingMode: 'half_even',
      cashRounding: { increment: 5, mode: 'half_up' },
    };
    for (const user of [cashier, manager]) {
      const res = await putSettings(change, user.accessToken);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden', details: { permission: 'settings.write' } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets the owner change rounding level, mode and cash rounding; everyone sees the change', async () => {
    const res = await putSettings({
      taxRounding: 'global',
      roundingMode: 'half_even',
      cashRounding: { increment: 5, mode: 'half_up' },
    });
    expect(res.statusCode).toBe(200);
    const expected: CompanySettings = {
      currency: 'USD',
      taxRounding: 'global',
      roundingMode: 'half_even',
      cashRounding: { increment: 5, mode: 'half_up' },
    };
    expect(res.json()).toEqual(expected);
    expect((await getSettings(cashier.accessToken)).json()).toEqual(expected);
    expect(await companyRow()).toMatchObject({
      taxRounding: 'global',
      roundingMode: 'half_even',
      cashRoundingIncrement: 5,
      cashRoundingMode: 'half_up',
    });
  });

  it('accepts the settings sent back as read (currency included) and turns cash rounding off with null', async () => {
    const current = (await getSettings(owner.accessToken)).json<CompanySettings>();
    const same = await putSettings(current);
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual(current);

    const off = await putSettings({
      ...current,
      cashRounding: null,
      taxRounding: 'per_line',
      roundingMode: 'half_up',
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({
      cashRounding: null,
      taxRounding: 'per_line',
      roundingMode: 'half_up',
    });
    // The mode last chosen is kept while rounding is off.
    expect(await companyRow()).toMatchObject({ cashRoundingIncrement: null, cashRoundingMode: 'half_up' });
  });

  it('changes one setting at a time: omitted fields keep their value', async () => {
    const cash = await putSettings({ cashRounding: { increment: 10, mode: 'down' } });
    expect(cash.json()).toEqual({
      currency: 'USD',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      cashRounding: { increment: 10, mode: 'down' },
    });
    const mode = await putSettings({ roundingMode: 'half_even' });
    expect(mode.json()).toMatchObject({
      roundingMode: 'half_even',
      cashRounding: { increment: 10, mode: 'down' },
    });
    const nothing = await putSettings({});
    expect(nothing.json()).toEqual(mode.json());
    const reset = await putSettings({ roundingMode: 'half_up', cashRounding: null });
    expect(reset.json()).toMatchObject({ roundingMode: 'half_up', cashRounding: null });
    expect(await companyRow()).toMatchObject({ cashRoundingIncrement: null, cashRoundingMode: 'down' });
  });

  const valid = { taxRounding: 'per_line', roundingMode: 'half_up', cashRounding: null };
  const refusals: [string, unknown, number, string][] = [
    ['another currency', { ...valid, currency: 'EUR' }, 422, 'currency_locked'],
    ['a cash rounding without mode', { cashRounding: { increment: 5 } }, 400, 'validation_failed'],
    ['an unknown rounding mode', { ...valid, roundingMode: 'bankers' }, 400, 'validation_failed'],
    ['an unknown tax rounding level', { ...valid, taxRounding: 'per_order' }, 400, 'validation_failed'],
    ['a zero increment', { ...valid, cashRounding: { increment: 0, mode: 'up' } }, 400, 'validation_failed'],
    [
      'a negative increment',
      { ...valid, cashRounding: { increment: -5, mode: 'up' } },
      400,
      'validation_failed',
    ],
    [
      'a fractional increment',
      { ...valid, cashRounding: { increment: 2.5, mode: 'up' } },
      400,
      'validation_failed',
    ],
    [
      'an unknown cash rounding mode',
      { ...valid, cashRounding: { increment: 5, mode: 'half_even' } },
      400,
      'validation_failed',
    ],
    ['an unknown field', { ...valid, maxDiscountPercent: { cashier: '100' } }, 400, 'validation_failed'],
  ];

  it.each(refusals)('refuses %s with a problem and writes nothing', async (_name, payload, status, code) => {
    const before = await snapshot();
    const res = await putSettings(payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code });
    expect(await snapshot()).toEqual(before);
  });

  it("changes only the caller's company", async () => {
    const otherOwner = await login(t.app, other.email, other.password);
    const res = await putSettings(
      { taxRounding: 'global', roundingMode: 'half_up', cashRounding: { increment: 10, mode: 'down' } },
      otherOwner.accessToken,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currency: 'EUR', cashRounding: { increment: 10, mode: 'down' } });
    expect((await getSettings(owner.accessToken)).json()).toMatchObject({
      currency: 'USD',
      cashRounding: null,
    });
  });
});
