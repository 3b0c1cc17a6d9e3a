import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { AgeCheck, AgeCheckReport, AgePolicy, LoginResponse, Product, Sale } from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let cashier: LoginResponse;
let owner: LoginResponse;
let storeId: string;
let otherStoreId: string;
let registerId: string;
let product: Product;
let other: OtherCompany;
let otherToken: string;

const api = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** A US licence barcode's decoded text (AAMVA: dates MMDDCCYY). */
const licence = (dbb: string, dba: string) =>
  [
    '@',
    '\u001e',
    `ANSI 636014040002DL00410278ZC03200024DLDAQD1234562`,
    'DCSSAMPLE',
    `DBA${dba}`,
    `DBB${dbb}`,
    'DCGUSA',
  ].join('\n');

// Noon in Chicago (the demo stores' time zone) on the last day of February and the first of March
// 2025, a common year: the sale's completion time is when the check is evaluated.
const FEB_28 = '2025-02-28T18:00:00Z';
const MAR_01 = '2025-03-01T18:00:00Z';

function saleBody(overrides: Record<string, unknown> = {}) {
  return {
    id: newDocumentId(),
    registerId,
    lines: [{ productId: product.id, quantity: '1' }],
    tenders: [{ method: 'cash', amount: 100_000 }],
    ...overrides,
  };
}

/** Every row a sale or a check writes, and the age checks: proves a refusal wrote nothing. */
async function footprint(): Promise<Record<string, string>> {
  const base = await companyFootprint(t.db, cashier.company.id);
  const checks = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from age_checks)::text as age_checks,
      (select count(*) from audit_entries)::text as audit_entries`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
  return { ...base, ...checks };
}

async function setPolicy(policy: AgePolicy, store = storeId) {
  const res = await api('PUT', `/stores/${store}/age-policy`, owner.accessToken, policy);
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  owner = await login(t.app, 'owner@demo.kassa.dev');
  const all = await stores(t.app, cashier.accessToken);
  storeId = all[0]!.id;
  otherStoreId = all[1]!.id;
  registerId = all[0]!.registers[0]!.id;
  const res = await api('GET', '/products?q=vodka&limit=5', cashier.accessToken);
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0 && p.ageRestricted)!;
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('store age policy', () => {
  it('is set by the owner, read by staff, refused to a cashier and for a foreign store', async () => {
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
    const read = await api('GET', `/stores/${storeId}/age-policy`, cashier.accessToken);
    expect(read.json()).toEqual({ minimumAge: 21, visualOver: null, keepBirthDate: false });

    const before = await footprint();
    const byCashier = await api('PUT', `/stores/${storeId}/age-policy`, cashier.accessToken, {
      minimumAge: 18,
      visualOver: null,
      keepBirthDate: false,
    });
    expect(byCashier.statusCode).toBe(403);
    const foreign = await api('PUT', `/stores/${storeId}/age-policy`, otherToken, {
      minimumAge: 18,
      visualOver: null,
      keepBirthDate: false,
    });
    expect(foreign.statusCode).toBe(404);
    const visualBelowMinimum = await api('PUT', `/stores/${storeId}/age-policy`, owner.accessToken, {
      minimumAge: 21,
      visualOver: 20,
      keepBirthDate: false,
    });
    expect(visualBelowMinimum.statusCode).toBe(422);
    expect(visualBelowMinimum.json()).toMatchObject({ code: 'invalid_age_policy' });
    expect(await footprint()).toEqual(before);
    expect((await api('GET', `/stores/${storeId}/age-policy`, cashier.accessToken)).json()).toMatchObject({
      minimumAge: 21,
    });
  });
});

describe('a sale with age-restricted lines', () => {
  it('is refused without a check, or with a failing one, writing nothing', async () => {
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
    const before = await footprint();

    const none = await api('POST', '/sales', cashier.accessToken, saleBody());
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({
      code: 'age_check_required',
      details: { minimumAge: 21, lines: [0] },
    });

    // 20 years old: born 2004-06-15, sold 2025-03-01.
    const young = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({ ageCheck: { method: 'birth_date', birthDate: '2004-06-15' }, clientCreatedAt: MAR_01 }),
    );
    expect(young.statusCode).toBe(422);
    expect(young.json()).toMatchObject({
      code: 'age_check_failed',
      details: { reason: 'under_age', minimumAge: 21, lines: [0] },
    });

    const expired = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({
        ageCheck: { method: 'id_scan', idBarcode: licence('01011980', '01012025') },
        clientCreatedAt: MAR_01,
      }),
    );
    expect(expired.json()).toMatchObject({ code: 'age_check_failed', details: { reason: 'id_expired' } });

    const unreadable = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({ ageCheck: { method: 'id_scan', idBarcode: 'DCSSAMPLE\nDCGUSA' } }),
    );
    expect(unreadable.json()).toMatchObject({
      code: 'age_check_failed',
      details: { reason: 'id_unreadable' },
    });

    const visual = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({ ageCheck: { method: 'visual' } }),
    );
    expect(visual.statusCode).toBe(422);
    expect(visual.json()).toMatchObject({ code: 'age_check_method_not_allowed' });

    const malformed = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({ ageCheck: { method: 'birth_date', birthDate: '15/06/2004' } }),
    );
    expect(malformed.statusCode).toBe(400);

    expect(await footprint()).toEqual(before);
  });

  it('refuses a 29 February birthday on 28 February of a common year and allows it on 1 March', async () => {
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
    const check = { method: 'birth_date', birthDate: '2004-02-29' };
    const before = await footprint();
    const eve = await api(
      'POST',
      '/sales',
      cashier.accessToken,
      saleBody({ ageCheck: check, clientCreatedAt: FEB_28 }),
    );
    expect(eve.statusCode).toBe(422);
    expect(eve.json()).toMatchObject({ code: 'age_check_failed', details: { reason: 'under_age' } });
    expect(await footprint()).toEqual(before);

    const body = saleBody({ ageCheck: check, clientCreatedAt: MAR_01 });
    const birthday = await api('POST', '/sales', cashier.accessToken, body);
    expect(birthday.statusCode, birthday.body).toBe(201);
    const stored = await api('GET', `/sales/${body.id}/age-check`, cashier.accessToken);
    expect(stored.statusCode).toBe(200);
    expect(stored.json<AgeCheck>()).toMatchObject({
      saleId: body.id,
      storeId,
      registerId,
      cashierId: cashier.user.id,
      method: 'birth_date',
      result: 'passed',
      reason: null,
      minimumAge: 21,
      // Not kept unless the store asks.
      birthDate: null,
      checkedAt: new Date(MAR_01).toISOString(),
    });
    // Retrying the sale returns it and records no second check.
    const retry = await api('POST', '/sales', cashier.accessToken, body);
    expect(retry.statusCode).toBe(200);
    const after = await footprint();
    expect(Number(after.age_checks) - Number(before.age_checks)).toBe(1);
    expect(Number(after.sales) - Number(before.sales)).toBe(1);
  });

  it('passes a valid licence scan, keeps the birth date only when the store asks, and allows sight checks where set', async () => {
    await setPolicy({ minimumAge: 21, visualOver: 30, keepBirthDate: true });
    const scan = saleBody({ ageCheck: { method: 'id_scan', idBarcode: licence('06151990', '06152030') } });
    const res = await api('POST', '/sales', cashier.accessToken, scan);
    expect(res.statusCode, res.body).toBe(201);
    const check = (await api('GET', `/sales/${scan.id}/age-check`, cashier.accessToken)).json<AgeCheck>();
    expect(check).toMatchObject({ method: 'id_scan', result: 'passed', birthDate: '1990-06-15' });

    const sight = saleBody({ ageCheck: { method: 'visual' } });
    expect((await api('POST', '/sales', cashier.accessToken, sight)).statusCode).toBe(201);
    expect((await api('GET', `/sales/${sight.id}/age-check`, cashier.accessToken)).json()).toMatchObject({
      method: 'visual',
      result: 'passed',
      birthDate: null,
    });
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
  });

  it('needs no check in a store without a minimum age', async () => {
    await setPolicy({ minimumAge: null, visualOver: null, keepBirthDate: false }, otherStoreId);
    const all = await stores(t.app, cashier.accessToken);
    const body = saleBody({ registerId: all[1]!.registers[0]!.id });
    const res = await api('POST', '/sales', cashier.accessToken, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Sale>().lines[0]!.ageRestricted).toBe(true);
    expect((await api('GET', `/sales/${body.id}/age-check`, cashier.accessToken)).statusCode).toBe(404);
  });
});

describe('logged refusals and the compliance report', () => {
  it('logs a refusal once (idempotent), audits it, and reports checks by day, register and cashier', async () => {
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const query = `/reports/age-checks?from=${yesterday}&to=${tomorrow}&storeId=${storeId}`;
    const before = (await api('GET', query, owner.accessToken)).json<AgeCheckReport>();

    const thisYear = Number(today.slice(0, 4));
    const body = {
      id: newDocumentId(),
      registerId,
      check: { method: 'birth_date', birthDate: `${thisYear - 17}-01-01` },
    };
    const refused = await api('POST', '/age-checks', cashier.accessToken, body);
    expect(refused.statusCode, refused.body).toBe(201);
    expect(refused.json<AgeCheck>()).toMatchObject({
      id: body.id,
      result: 'refused',
      reason: 'under_age',
      saleId: null,
      birthDate: null,
    });
    const mid = await footprint();
    const again = await api('POST', '/age-checks', cashier.accessToken, body);
    expect(again.statusCode).toBe(200);
    expect(await footprint()).toEqual(mid);

    const audit = await api('GET', '/audit?action=age_check.refused', owner.accessToken);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json<{ items: { subjectId: string }[] }>().items.map((e) => e.subjectId)).toContain(body.id);

    const after = (await api('GET', query, owner.accessToken)).json<AgeCheckReport>();
    expect(after.totals.refused - before.totals.refused).toBe(1);
    expect(after.totals.passed).toBe(before.totals.passed);
    const row = after.rows.find(
      (r) => r.method === 'birth_date' && r.registerId === registerId && r.refused > 0,
    )!;
    expect(row).toMatchObject({ storeId, cashierId: cashier.user.id, cashierName: 'Casey Cashier' });

    // Cashiers do not read the report; another company sees none of it, nor this store.
    expect((await api('GET', query, cashier.accessToken)).statusCode).toBe(403);
    const foreignAll = await api('GET', `/reports/age-checks?from=${yesterday}&to=${tomorrow}`, otherToken);
    expect(foreignAll.json<AgeCheckReport>()).toMatchObject({ rows: [], totals: { passed: 0, refused: 0 } });
    expect((await api('GET', query, otherToken)).statusCode).toBe(404);
    expect(
      (await api('GET', `/reports/age-checks?from=2024-01-01&to=2025-06-01`, owner.accessToken)).statusCode,
    ).toBe(400);
  });

  it("judges a logged check on the terminal's day when it is earlier than the server's", async () => {
    await setPolicy({ minimumAge: 21, visualOver: null, keepBirthDate: false });
    const check = { method: 'birth_date', birthDate: '2004-02-29' };
    const onFeb28 = await api('POST', '/age-checks', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      check,
      checkedAt: FEB_28,
    });
    expect(onFeb28.statusCode, onFeb28.body).toBe(201);
    expect(onFeb28.json<AgeCheck>()).toMatchObject({
      result: 'refused',
      reason: 'under_age',
      checkedAt: '2025-02-28T18:00:00.000Z',
    });
    // A terminal clock ahead of the server's does not move the check into the future.
    const ahead = await api('POST', '/age-checks', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      check,
      checkedAt: '2999-01-01T00:00:00Z',
    });
    expect(ahead.statusCode, ahead.body).toBe(201);
    const checkedAt = Date.parse(ahead.json<AgeCheck>().checkedAt);
    expect(checkedAt).toBeLessThanOrEqual(Date.now());
    expect(ahead.json<AgeCheck>().result).toBe('passed');
    const bad = await api('POST', '/age-checks', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      check,
      checkedAt: 'yesterday',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses to log a check on a foreign register, a sight check where not allowed, or in a store without checks', async () => {
    const before = await footprint();
    const check = { method: 'birth_date', birthDate: '2010-01-01' };
    const foreign = await api('POST', '/age-checks', otherToken, { id: newDocumentId(), registerId, check });
    expect(foreign.statusCode).toBe(404);
    const sight = await api('POST', '/age-checks', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      check: { method: 'visual' },
    });
    expect(sight.json()).toMatchObject({ code: 'age_check_method_not_allowed' });
    const all = await stores(t.app, cashier.accessToken);
    const off = await api('POST', '/age-checks', cashier.accessToken, {
      id: newDocumentId(),
      registerId: all[1]!.registers[0]!.id,
      check,
    });
    expect(off.json()).toMatchObject({ code: 'age_check_not_required' });
    expect(await footprint()).toEqual(before);
  });
});
