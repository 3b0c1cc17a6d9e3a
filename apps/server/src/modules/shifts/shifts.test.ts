import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Sale, Shift, ShiftReport, ZReport } from '@kassa/contracts';
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
let manager: LoginResponse;
let registerIds: string[];
let product: Product;
let other: OtherCompany;
let otherToken: string;

/** companyFootprint plus the shift tables: proves a refused request wrote nothing. */
async function footprint(): Promise<Record<string, string>> {
  const base = await companyFootprint(t.db, cashier.company.id);
  const extra = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from shifts)::text as shifts,
      (select count(*) from shifts where closed_at is null)::text as open_shifts,
      (select count(*) from cash_movements)::text as cash_movements,
      (select coalesce(sum(amount), 0) from cash_movements)::text as cash_moved,
      (select count(*) from z_reports)::text as z_reports`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
  return { ...base, ...extra };
}

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

async function openShift(
  registerId: string,
  openingFloat: number,
  token = cashier.accessToken,
): Promise<Shift> {
  const res = await api('POST', '/shifts', token, { id: newDocumentId(), registerId, openingFloat });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Shift>();
}

async function sell(registerId: string, tenders: object[], quantity = '1'): Promise<Sale> {
  const res = await api('POST', '/sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId,
    lines: [{ productId: product.id, quantity }],
    tenders,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
}

/** Counts for exactly `amount` minor units in USD: $20 bills, then $1 bills, then cents. */
function countsFor(amount: number) {
  const twenties = Math.floor(amount / 2000);
  const ones = Math.floor((amount % 2000) / 100);
  const cents = amount % 100;
  return [
    { value: 2000, kind: 'bill', count: twenties },
    { value: 100, kind: 'bill', count: ones },
    { value: 1, kind: 'coin', count: cents },
  ];
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const all = await stores(t.app, cashier.accessToken);
  registerIds = all.flatMap((s) => s.registers.map((r) => r.id));
  const res = await api('GET', '/products?q=vodka&limit=20', cashier.accessToken);
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0)!;
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
  // The test template opens a shift on every demo register; these tests start from closed drawers,
  // so each register's Z report 1 is that empty shift.
  for (const registerId of registerIds) {
    const open = (await api('GET', `/registers/${registerId}/shift`, cashier.accessToken)).json<Shift>();
    const closed = await api('POST', `/shifts/${open.id}/close`, cashier.accessToken, { counts: [] });
    expect(closed.statusCode, closed.body).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('opening a shift', () => {
  it('answers 404 shift_not_open for a register without a shift, and refuses sales there', async () => {
    const registerId = registerIds[5]!;
    const current = await api('GET', `/registers/${registerId}/shift`, cashier.accessToken);
    expect(current.statusCode).toBe(404);
    expect(current.json()).toMatchObject({ code: 'shift_not_open' });

    const before = await footprint();
    const sale = await api('POST', '/sales', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode).toBe(422);
    expect(sale.json()).toMatchObject({ code: 'shift_not_open', details: { registerId } });
    expect(await footprint()).toEqual(before);
  });

  it('opens with the float, is idempotent by id, and refuses a second open shift on the register', async () => {
    const registerId = registerIds[4]!;
    const body = { id: newDocumentId(), registerId, openingFloat: 15_000 };
    const first = await api('POST', '/shifts', cashier.accessToken, body);
    expect(first.statusCode).toBe(201);
    const shift = first.json<Shift>();
    expect(shift).toMatchObject({
      id: body.id,
      registerId,
      status: 'open',
      openingFloat: 15_000,
      openedBy: cashier.user.id,
      openedByName: 'Casey Cashier',
      closedAt: null,
      zNumber: null,
      currency: 'USD',
    });

    const before = await footprint();
    const again = await api('POST', '/shifts', cashier.accessToken, body);
    expect(again.statusCode).toBe(200);
    expect(again.json<Shift>()).toEqual(shift);

    const second = await api('POST', '/shifts', manager.accessToken, { ...body, id: newDocumentId() });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'shift_already_open', details: { shiftId: body.id } });

    const sameIdOtherRegister = await api('POST', '/shifts', cashier.accessToken, {
      ...body,
      registerId: registerIds[3],
    });
    expect(sameIdOtherRegister.statusCode).toBe(409);
    expect(sameIdOtherRegister.json()).toMatchObject({ code: 'shift_id_conflict' });
    expect(await footprint()).toEqual(before);

    const current = await api('GET', `/registers/${registerId}/shift`, cashier.accessToken);
    expect(current.statusCode).toBe(200);
    expect(current.json<Shift>().id).toBe(body.id);
  });

  it("answers 404 for an unknown register and another company's register, writing nothing", async () => {
    const before = await footprint();
    for (const registerId of [newDocumentId(), other.registerId]) {
      const res = await api('POST', '/shifts', cashier.accessToken, {
        id: newDocumentId(),
        registerId,
        openingFloat: 0,
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'register_not_found' });
    }
    expect(await footprint()).toEqual(before);
  });

  it('refuses a negative float and a client id that is not a UUIDv7', async () => {
    const before = await footprint();
    const negative = await api('POST', '/shifts', cashier.accessToken, {
      id: newDocumentId(),
      registerId: registerIds[3],
      openingFloat: -1,
    });
    expect(negative.statusCode).toBe(400);
    const v4 = await api('POST', '/shifts', cashier.accessToken, {
      id: '0b0f4a52-7c2e-4d4f-9a5b-3f1f2c9a1e10',
      registerId: registerIds[3],
      openingFloat: 0,
    });
    expect(v4.statusCode).toBe(400);
    expect(await footprint()).toEqual(before);
  });

  it("hides a shift from another company's users (404)", async () => {
    const shift = await openShift(registerIds[3]!, 0);
    for (const url of [`/shifts/${shift.id}`, `/shifts/${shift.id}/x-report`]) {
      const res = await api('GET', url, otherToken);
      expect(res.statusCode).toBe(404);
    }
    const before = await footprint();
    const close = await api('POST', `/shifts/${shift.id}/close`, otherToken, { counts: [] });
    expect(close.statusCode).toBe(404);
    const move = await api('POST', `/shifts/${shift.id}/cash-movements`, otherToken, {
      id: newDocumentId(),
      kind: 'paid_in',
      amount: 100,
      reason: 'x',
    });
    expect(move.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });
});

describe('a day at register 1: sales, paid in and out, X report, close with Z report', () => {
  let shift: Shift;
  let cashSale: Sale;
  let cardSale: Sale;
  let splitSale: Sale;

  beforeAll(async () => {
    shift = await openShift(registerIds[0]!, 20_000);
    // Three sales of the same cart (2 x product): cash, card, and split.
    cashSale = await sell(registerIds[0]!, [{ method: 'cash', amount: 100_000 }], '2');
    const total = cashSale.amountDue;
    cardSale = await sell(registerIds[0]!, [{ method: 'card', amount: total }], '2');
    // Card the total minus 5.00, the rest in cash: 20.00 handed over, 15.00 change.
    splitSale = await sell(
      registerIds[0]!,
      [
        { method: 'card', amount: total - 500 },
        { method: 'cash', amount: 2000 },
      ],
      '2',
    );
  });

  it('records paid in and paid out with a reason, idempotently', async () => {
    const id = newDocumentId();
    const body = { id, kind: 'paid_in', amount: 5_000, reason: 'Change from the bank' };
    const res = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id,
      shiftId: shift.id,
      kind: 'paid_in',
      amount: 5_000,
      userName: 'Casey Cashier',
    });
    const before = await footprint();
    const again = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, body);
    expect(again.statusCode).toBe(200);
    expect(await footprint()).toEqual(before);

    const out = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
      id: newDocumentId(),
      kind: 'paid_out',
      amount: 1_234,
      reason: 'Window cleaner',
    });
    expect(out.statusCode).toBe(201);
  });

  it('refuses a paid out above the cash the drawer should hold, and a movement without reason', async () => {
    const x = (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();
    const before = await footprint();
    const tooMuch = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
      id: newDocumentId(),
      kind: 'paid_out',
      amount: x.expectedCash + 1,
      reason: 'Too much',
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({
      code: 'insufficient_cash',
      details: { expectedCash: x.expectedCash, amount: x.expectedCash + 1 },
    });
    const noReason = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
      id: newDocumentId(),
      kind: 'paid_in',
      amount: 100,
      reason: '   ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(await footprint()).toEqual(before);
  });

  it('X report: sales, taxes, tenders by method and the cash expected in the drawer', async () => {
    const res = await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken);
    expect(res.statusCode).toBe(200);
    const x = res.json<ShiftReport>();
    const sales = [cashSale, cardSale, splitSale];
    const sum = (f: (s: Sale) => number) => sales.reduce((a, s) => a + f(s), 0);
    expect(x.sales).toEqual({
      count: 3,
      gross: sum((s) => s.subtotal),
      discounts: sum((s) => s.discountTotal),
      taxes: sum((s) => s.taxTotal),
      total: sum((s) => s.total),
      cashRounding: sum((s) => s.cashRounding),
      amountDue: sum((s) => s.amountDue),
    });
    // Cash kept: the whole first sale, and 5.00 of the split sale (2000 handed over, 1500 change).
    const cashKept = cashSale.amountDue + 500;
    expect(x.tenders).toEqual([
      { method: 'card', count: 2, amount: cardSale.amountDue + splitSale.amountDue - 500 },
      { method: 'cash', count: 2, amount: cashKept },
    ]);
    expect(x.cashSales).toBe(cashKept);
    expect(x.paidIn).toBe(5_000);
    expect(x.paidOut).toBe(1_234);
    expect(x.expectedCash).toBe(20_000 + cashKept + 5_000 - 1_234);
    const taxAmount = x.taxes.reduce((a, tx) => a + tx.amount, 0);
    expect(taxAmount).toBe(x.sales.taxes);
    expect(x.taxes.map((tx) => tx.name).sort()).toEqual(
      [...new Set(sales.flatMap((s) => s.taxes.map((tx) => tx.name)))].sort(),
    );
    expect(x.refunds).toEqual({ count: 0, total: 0 });
    expect(x.shift.status).toBe('open');
  });

  it('refuses an unknown denomination and a count above the threshold without a valid manager approval', async () => {
    const x = (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();
    const info = await api('GET', `/shifts/${shift.id}/close-info`, cashier.accessToken);
    expect(info.json()).toMatchObject({ currency: 'USD', varianceThreshold: 500 });
    expect(info.json<{ denominations: { value: number }[] }>().denominations.map((d) => d.value)).toContain(
      2000,
    );
    const before = await footprint();

    const odd = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: [{ value: 300, kind: 'bill', count: 1 }],
    });
    expect(odd.statusCode).toBe(422);
    expect(odd.json()).toMatchObject({ code: 'unknown_denomination' });

    const short = countsFor(x.expectedCash - 501);
    const noApproval = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, { counts: short });
    expect(noApproval.statusCode).toBe(422);
    expect(noApproval.json()).toMatchObject({
      code: 'approval_required',
      details: {
        expectedCash: x.expectedCash,
        countedCash: x.expectedCash - 501,
        overShort: -501,
        threshold: 500,
      },
    });
    const wrongPin = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: short,
      approval: { managerId: manager.user.id, pin: '0000' },
    });
    expect(wrongPin.statusCode).toBe(403);
    expect(wrongPin.json()).toMatchObject({ code: 'approval_invalid' });
    const cashierPin = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: short,
      approval: { managerId: cashier.user.id, pin: '3333' },
    });
    expect(cashierPin.statusCode).toBe(403);
    expect(cashierPin.json()).toMatchObject({ code: 'approval_invalid' });
    const foreignManager = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: short,
      approval: { managerId: other.userId, pin: '9999' },
    });
    expect(foreignManager.statusCode).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('closes within the threshold without approval: Z report 2, over/short, numbered per register', async () => {
    const x = (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();
    // 5.00 over is exactly the threshold: accepted without approval.
    const res = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: countsFor(x.expectedCash + 500),
    });
    expect(res.statusCode, res.body).toBe(201);
    const z = res.json<ZReport>();
    expect(z).toMatchObject({
      zNumber: 2,
      reference: expect.stringMatching(/^S\d+-R1-Z0002$/) as unknown,
      expectedCash: x.expectedCash,
      countedCash: x.expectedCash + 500,
      overShort: 500,
      closedBy: cashier.user.id,
      closedByName: 'Casey Cashier',
      approvedBy: null,
    });
    expect(z.report.sales).toEqual(x.sales);
    expect(z.report.shift).toMatchObject({ status: 'closed', zNumber: 2 });

    const stored = await api('GET', `/shifts/${shift.id}/z-report`, cashier.accessToken);
    expect(stored.json<ZReport>()).toEqual(z);
    const after = await api('GET', `/shifts/${shift.id}`, cashier.accessToken);
    expect(after.json<Shift>()).toMatchObject({ status: 'closed', zNumber: 2 });
    const none = await api('GET', `/registers/${registerIds[0]}/shift`, cashier.accessToken);
    expect(none.json()).toMatchObject({ code: 'shift_not_open' });
  });

  it('refuses to close twice, to move cash in a closed shift, and to sell on the register, writing nothing', async () => {
    const before = await footprint();
    const twice = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, {
      counts: countsFor(0),
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'shift_closed', details: { zNumber: 2 } });
    const move = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
      id: newDocumentId(),
      kind: 'paid_in',
      amount: 100,
      reason: 'Late',
    });
    expect(move.statusCode).toBe(409);
    expect(move.json()).toMatchObject({ code: 'shift_closed' });
    const sale = await api('POST', '/sales', cashier.accessToken, {
      id: newDocumentId(),
      registerId: registerIds[0],
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode).toBe(422);
    expect(sale.json()).toMatchObject({ code: 'shift_not_open' });
    expect(await footprint()).toEqual(before);
  });

  it('the Z report is immutable in the database', async () => {
    await expect(
      withCompanyTx(t.db, cashier.company.id, (tx) => tx.execute(sql`update z_reports set counted_cash = 0`)),
    ).rejects.toThrow();
    await expect(
      withCompanyTx(t.db, cashier.company.id, (tx) =>
        tx.execute(sql`update shifts set closed_at = now() where id = ${shift.id}`),
      ),
    ).rejects.toThrow();
  });

  it('downloads the Z report as PDF', async () => {
    const res = await api('GET', `/shifts/${shift.id}/z-report.pdf`, cashier.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/z-report-S\d+-R1-Z0002\.pdf/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('the next shift of the register closes as Z report 3, short beyond the threshold with a manager PIN', async () => {
    const next = await openShift(registerIds[0]!, 10_000);
    const open = await api('GET', `/shifts/${next.id}/z-report`, cashier.accessToken);
    expect(open.statusCode).toBe(404);
    expect(open.json()).toMatchObject({ code: 'shift_not_closed' });
    const res = await api('POST', `/shifts/${next.id}/close`, cashier.accessToken, {
      counts: countsFor(9_000),
      approval: { managerId: manager.user.id, pin: '2222' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ZReport>()).toMatchObject({
      zNumber: 3,
      expectedCash: 10_000,
      countedCash: 9_000,
      overShort: -1_000,
      approvedBy: manager.user.id,
      approvedByName: 'Max Manager',
    });
  });
});

describe('Z numbers are per register', () => {
  it("another register's second close is Z report 2, whatever register 1 is at", async () => {
    const shift = await openShift(registerIds[1]!, 0);
    const res = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, { counts: [] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ZReport>()).toMatchObject({ zNumber: 2, countedCash: 0, overShort: 0 });
  });
});
