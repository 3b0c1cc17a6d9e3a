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

const DEFAULT_LIMITS = { owner: '100', manager: '50', cashier: '10' };

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
      defaultTaxIds: [],
      requireTotpForManagers: false,
      maxDiscountPercent: DEFAULT_LIMITS,
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
      maxDiscountPercent: { cashier: '100', manager: '100' },
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
      defaultTaxIds: [],
      requireTotpForManagers: false,
      maxDiscountPercent: DEFAULT_LIMITS,
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
      defaultTaxIds: [],
      requireTotpForManagers: false,
      maxDiscountPercent: DEFAULT_LIMITS,
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
    ['an unknown field', { ...valid, maxDiscount: { cashier: '100' } }, 400, 'validation_failed'],
    [
      'a discount limit for an unknown role',
      { maxDiscountPercent: { intern: '5' } },
      400,
      'validation_failed',
    ],
    ['a discount limit that is a number', { maxDiscountPercent: { cashier: 15 } }, 400, 'validation_failed'],
    ['a discount limit over 100', { maxDiscountPercent: { cashier: '100.5' } }, 422, 'invalid_discount'],
    ['a negative discount limit', { maxDiscountPercent: { manager: '-1' } }, 422, 'invalid_discount'],
    [
      'a discount limit that is not a number',
      { maxDiscountPercent: { cashier: 'ten' } },
      422,
      'invalid_discount',
    ],
    [
      'a discount limit with 5 decimals',
      { maxDiscountPercent: { cashier: '1.00001' } },
      422,
      'invalid_discount',
    ],
  ];

  it.each(refusals)('refuses %s with a problem and writes nothing', async (_name, payload, status, code) => {
    const before = await snapshot();
    const res = await putSettings(payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code });
    expect(await snapshot()).toEqual(before);
  });

  it('changes the discount limit of the roles sent, keeps the others, applies it at sign-in and audits it', async () => {
    const res = await putSettings({ maxDiscountPercent: { cashier: '12.50' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CompanySettings>().maxDiscountPercent).toEqual({ ...DEFAULT_LIMITS, cashier: '12.5' });
    expect((await companyRow()).maxDiscountPercent).toMatchObject({ cashier: '12.5' });
    const session = await login(t.app, 'cashier@demo.kassa.dev');
    expect(session.user.maxDiscountPercent).toBe('12.5');
    const audit = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx
        .select()
        .from(s.auditEntries)
        .where(eq(s.auditEntries.action, 'settings.updated'))
        .orderBy(s.auditEntries.occurredAt, s.auditEntries.seq),
    );
    expect(audit.at(-1)?.details).toMatchObject({
      before: { maxDiscountPercent: { cashier: '10' } },
      after: { maxDiscountPercent: { cashier: '12.5' } },
    });
    const back = await putSettings({ maxDiscountPercent: { cashier: '10' } });
    expect(back.json<CompanySettings>().maxDiscountPercent).toEqual(DEFAULT_LIMITS);
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

describe('default taxes', () => {
  type TaxRow = { id: string; name: string; rate: string };
  const taxList = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/taxes', headers: bearer(owner.accessToken) })).json<{
      items: TaxRow[];
    }>().items;
  const createProduct = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/products', headers: bearer(owner.accessToken), payload });

  it('are none at first, so a product created without taxes is tax-exempt', async () => {
    expect((await getSettings(cashier.accessToken)).json<CompanySettings>().defaultTaxIds).toEqual([]);
    const res = await createProduct({ sku: 'DEF-0', name: 'No defaults yet', price: 100 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ taxes: unknown[] }>().taxes).toEqual([]);
  });

  it('set in order are given to new products without taxes; an explicit [] stays tax-exempt', async () => {
    const taxes = await taxList();
    const state = taxes.find((x) => x.rate === '6')!;
    const local = taxes.find((x) => x.rate === '1')!;
    const put = await putSettings({ defaultTaxIds: [state.id, local.id] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<CompanySettings>().defaultTaxIds).toEqual([state.id, local.id]);
    expect((await getSettings(cashier.accessToken)).json<CompanySettings>().defaultTaxIds).toEqual([
      state.id,
      local.id,
    ]);

    const withDefaults = await createProduct({ sku: 'DEF-1', name: 'Gets defaults', price: 100 });
    expect(withDefaults.statusCode, withDefaults.body).toBe(201);
    expect(withDefaults.json<{ taxes: TaxRow[] }>().taxes.map((x) => x.id)).toEqual([state.id, local.id]);
    const exempt = await createProduct({ sku: 'DEF-2', name: 'Exempt', price: 100, taxIds: [] });
    expect(exempt.json<{ taxes: unknown[] }>().taxes).toEqual([]);
    const own = await createProduct({ sku: 'DEF-3', name: 'Own taxes', price: 100, taxIds: [local.id] });
    expect(own.json<{ taxes: TaxRow[] }>().taxes.map((x) => x.id)).toEqual([local.id]);

    // Other settings sent alone keep the default taxes.
    const rounding = await putSettings({ roundingMode: 'half_even' });
    expect(rounding.json<CompanySettings>().defaultTaxIds).toEqual([state.id, local.id]);
    const cleared = await putSettings({ defaultTaxIds: [], roundingMode: 'half_up' });
    expect(cleared.json<CompanySettings>().defaultTaxIds).toEqual([]);
    const after = await createProduct({ sku: 'DEF-4', name: 'After clearing', price: 100 });
    expect(after.json<{ taxes: unknown[] }>().taxes).toEqual([]);
  });

  it('refuses unknown, foreign and repeated taxes with 400 and changes nothing', async () => {
    const [first] = await taxList();
    const otherTax = await withCompanyTx(t.db, other.companyId, async (tx) => {
      const [row] = await tx.select({ id: s.taxRates.id }).from(s.taxRates).limit(1);
      return row?.id;
    });
    const cases: [string[], string][] = [
      [['00000000-0000-7000-8000-000000000000'], 'unknown_tax'],
      [[first!.id, first!.id], 'duplicate_tax'],
      ...(otherTax ? ([[[otherTax], 'unknown_tax']] as [string[], string][]) : []),
    ];
    for (const [defaultTaxIds, code] of cases) {
      const before = await snapshot();
      const res = await putSettings({ defaultTaxIds });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code });
      expect(await snapshot()).toEqual(before);
    }
    const cashierPut = await putSettings({ defaultTaxIds: [first!.id] }, cashier.accessToken);
    expect(cashierPut.statusCode).toBe(403);
  });
});
