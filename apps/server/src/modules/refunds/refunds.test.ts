import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Refund, Returnable, Sale, Shift, ShiftReport } from '@kassa/contracts';
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

let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let storeId: string;
let registerId: string;
let register2Id: string;
let products: Product[];
let shift: Shift;
let other: OtherCompany;
let otherToken: string;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** companyFootprint plus the refund and shift tables: proves a refused request wrote nothing. */
async function footprint(): Promise<Record<string, string>> {
  const base = await companyFootprint(t.db, cashier.company.id);
  const extra = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from refunds)::text as refunds,
      (select count(*) from refund_lines)::text as refund_lines,
      (select count(*) from refund_tenders)::text as refund_tenders,
      (select count(*) from shifts)::text as shifts`)) as { rows: Record<string, string>[] };
    return result.rows[0]!;
  });
  return { ...base, ...extra };
}

async function onHand(productId: string): Promise<string> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const [row] = await tx
      .select({ onHand: s.stockLevels.onHand })
      .from(s.stockLevels)
      .where(and(eq(s.stockLevels.storeId, storeId), eq(s.stockLevels.productId, productId)));
    return row!.onHand;
  });
}

async function sell(lines: object[], tenders: object[], register = registerId): Promise<Sale> {
  const res = await api('POST', '/sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId: register,
    lines,
    tenders,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
}

function refund(body: Record<string, unknown>, token = cashier.accessToken) {
  return api('POST', '/refunds', token, {
    id: newDocumentId(),
    registerId,
    reason: 'Customer changed their mind',
    ...body,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  register2Id = store!.registers[1]!.id;
  const res = await api('GET', '/products?q=vodka&limit=30', cashier.accessToken);
  products = res
    .json<{ items: Product[] }>()
    .items.filter((p) => p.price > 0)
    .slice(0, 3);
  expect(products).toHaveLength(3);
  // The test template opens a shift (float 0) on every demo register; register 2 is closed here,
  // so refunds on it have no open shift.
  shift = (await api('GET', `/registers/${registerId}/shift`, cashier.accessToken)).json<Shift>();
  const shift2 = (await api('GET', `/registers/${register2Id}/shift`, cashier.accessToken)).json<Shift>();
  const closed = await api('POST', `/shifts/${shift2.id}/close`, cashier.accessToken, { counts: [] });
  expect(closed.statusCode, closed.body).toBe(201);
  // Cash for the cash refunds below.
  const paidIn = await api('POST', `/shifts/${shift.id}/cash-movements`, cashier.accessToken, {
    id: newDocumentId(),
    kind: 'paid_in',
    amount: 100_000,
    reason: 'Change fund',
  });
  expect(paidIn.statusCode).toBe(201);
  other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('finding the sale', () => {
  it('by receipt number (as scanned from the barcode), case-insensitive; unknown and foreign are 404', async () => {
    const sale = await sell(
      [{ productId: products[0]!.id, quantity: '1' }],
      [{ method: 'cash', amount: 100_000 }],
    );
    const found = await api(
      'GET',
      `/sales/lookup?receiptNumber=${sale.receiptNumber.toLowerCase()}`,
      cashier.accessToken,
    );
    expect(found.statusCode).toBe(200);
    expect(found.json<Sale>().id).toBe(sale.id);
    const unknown = await api('GET', '/sales/lookup?receiptNumber=S9-R9-999999', cashier.accessToken);
    expect(unknown.statusCode).toBe(404);
    const foreign = await api('GET', `/sales/lookup?receiptNumber=${sale.receiptNumber}`, otherToken);
    expect(foreign.statusCode).toBe(404);
  });
});

describe('returns with a receipt', () => {
  let sale: Sale;

  beforeAll(async () => {
    // Line 1: 3 x A with a 10 % discount; line 2: 1 x B. 10.00 by card, the rest in cash with change.
    sale = await sell(
      [
        { productId: products[0]!.id, quantity: '3', discountPercent: '10' },
        { productId: products[1]!.id, quantity: '1' },
      ],
      [
        { method: 'card', amount: 1_000 },
        { method: 'cash', amount: 1_000_000 },
      ],
    );
  });

  it('returns one of three: exact shares, card first, restocked, pointing at the sale', async () => {
    const line = sale.lines[0]!;
    const stockBefore = await onHand(line.productId);
    const res = await refund({ saleId: sale.id, lines: [{ lineNo: 1, quantity: '1', restock: true }] });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Refund>();
    // Cumulative rounding: round_half_up(A x 1 / 3) of each amount.
    const third = (a: number) => Math.floor((a * 2 + 3) / 6);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({
      saleLineNo: 1,
      productId: line.productId,
      quantity: '1',
      net: third(line.net),
      discount: third(line.discount),
      tax: third(line.tax),
      total: third(line.net) + third(line.total - line.net),
      restock: true,
    });
    expect(r).toMatchObject({
      kind: 'refund',
      saleId: sale.id,
      saleReceiptNumber: sale.receiptNumber,
      shiftId: shift.id,
      total: r.lines[0]!.total,
      refundNumber: expect.stringMatching(/-RF000001$/) as unknown,
    });
    const cardRefund = Math.min(1_000, r.total);
    expect(r.tenders).toEqual([
      { method: 'card', amount: cardRefund, reference: null },
      ...(r.total > cardRefund ? [{ method: 'cash', amount: r.total - cardRefund, reference: null }] : []),
    ]);
    expect(Number(await onHand(line.productId))).toBe(Number(stockBefore) + 1);
  });

  it('refuses to return more than sold minus returned, writing nothing', async () => {
    const before = await footprint();
    const res = await refund({ saleId: sale.id, lines: [{ lineNo: 1, quantity: '2.5', restock: true }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'over_return',
      details: { sold: '3', returned: '1', requested: '2.5', returnable: '2', line: 0 },
    });
    const unknownLine = await refund({
      saleId: sale.id,
      lines: [{ lineNo: 9, quantity: '1', restock: true }],
    });
    expect(unknownLine.statusCode).toBe(422);
    expect(unknownLine.json()).toMatchObject({ code: 'sale_line_not_found' });
    const twice = await refund({
      saleId: sale.id,
      lines: [
        { lineNo: 2, quantity: '1', restock: true },
        { lineNo: 2, quantity: '1', restock: true },
      ],
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'invalid_refund_line' });
    expect(await footprint()).toEqual(before);
  });

  it('refuses a refund above what a tender was paid with, and tenders that do not add up', async () => {
    const before = await footprint();
    const rest = await api('GET', `/sales/${sale.id}/returnable`, cashier.accessToken);
    const card = rest.json<Returnable>().tenders.find((x) => x.method === 'card')!;
    const overCard = await refund({
      saleId: sale.id,
      lines: [{ lineNo: 2, quantity: '1', restock: true }],
      tenders: [{ method: 'card', amount: card.refundable + 1 }],
    });
    expect(overCard.statusCode).toBe(422);
    expect(overCard.json()).toMatchObject({
      code: 'refund_over_tendered',
      details: { method: 'card', refundable: card.refundable },
    });
    const short = await refund({
      saleId: sale.id,
      lines: [{ lineNo: 2, quantity: '1', restock: true }],
      tenders: [{ method: 'cash', amount: 1 }],
    });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({
      code: 'refund_tenders_mismatch',
      details: { total: sale.lines[1]!.total },
    });
    expect(await footprint()).toEqual(before);
  });

  it('the last returns take the remainder: the refunds of the sale add up to it exactly', async () => {
    const stockBefore = await onHand(sale.lines[0]!.productId);
    const a = await refund({ saleId: sale.id, lines: [{ lineNo: 1, quantity: '1', restock: false }] });
    expect(a.statusCode, a.body).toBe(201);
    const b = await refund({
      saleId: sale.id,
      lines: [
        { lineNo: 1, quantity: '1', restock: true },
        { lineNo: 2, quantity: '1', restock: true },
      ],
    });
    expect(b.statusCode, b.body).toBe(201);
    // Damaged goods (restock false) stay out of stock.
    expect(Number(await onHand(sale.lines[0]!.productId))).toBe(Number(stockBefore) + 1);

    const all = await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx.select().from(s.refundLines).where(eq(s.refundLines.saleId, sale.id)),
    );
    for (const line of sale.lines) {
      const mine = all.filter((r) => r.saleLineNo === line.lineNo);
      const total = (f: (r: (typeof all)[number]) => number) => mine.reduce((acc, r) => acc + f(r), 0);
      expect(total((r) => r.net)).toBe(line.net);
      expect(total((r) => r.discount)).toBe(line.discount);
      expect(total((r) => r.tax)).toBe(line.tax);
      expect(total((r) => r.total)).toBe(line.total);
    }
    const left = (await api('GET', `/sales/${sale.id}/returnable`, cashier.accessToken)).json<Returnable>();
    expect(left.lines.map((l) => l.returnable)).toEqual(['0', '0']);
    expect(left.tenders.reduce((acc, x) => acc + x.refunded, 0)).toBe(sale.total);

    const before = await footprint();
    const again = await refund({ saleId: sale.id, lines: [{ lineNo: 2, quantity: '0.001', restock: true }] });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'over_return' });
    expect(await footprint()).toEqual(before);
  });

  it('is idempotent by id', async () => {
    const fresh = await sell(
      [{ productId: products[2]!.id, quantity: '2' }],
      [{ method: 'cash', amount: 100_000 }],
    );
    const body = {
      id: newDocumentId(),
      saleId: fresh.id,
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    };
    const first = await refund(body);
    expect(first.statusCode).toBe(201);
    const before = await footprint();
    const second = await refund(body);
    expect(second.statusCode).toBe(200);
    expect(second.json<Refund>()).toEqual(first.json<Refund>());
    expect(await footprint()).toEqual(before);
  });

  it('needs an open shift on the register (422 shift_not_open, nothing written)', async () => {
    const before = await footprint();
    const res = await refund({
      registerId: register2Id,
      saleId: sale.id,
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'shift_not_open' });
    expect(await footprint()).toEqual(before);
  });

  it("hides another company's sale (404) and refuses its register (404)", async () => {
    const before = await footprint();
    const foreign = await api('GET', `/sales/${sale.id}/returnable`, otherToken);
    expect(foreign.statusCode).toBe(404);
    const res = await api('POST', '/refunds', otherToken, {
      id: newDocumentId(),
      registerId: other.registerId,
      saleId: sale.id,
      reason: 'x',
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    // Their own register has an open shift, but our sale is not theirs.
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    const viaOurRegister = await api('POST', '/refunds', otherToken, {
      id: newDocumentId(),
      registerId,
      saleId: sale.id,
      reason: 'x',
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    expect(viaOurRegister.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });
});

describe('returns without a receipt', () => {
  it('need a manager approval, and are priced at the current price, refunded in cash', async () => {
    const product = products[1]!;
    const before = await footprint();
    const lines = [{ productId: product.id, quantity: '2', restock: true }];
    const none = await refund({ lines });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'approval_required' });
    const wrong = await refund({ lines, approval: { managerId: manager.user.id, pin: '0000' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'approval_invalid' });
    const card = await refund({
      lines,
      approval: { managerId: manager.user.id, pin: '2222' },
      tenders: [{ method: 'card', amount: 100 }],
    });
    expect(card.statusCode).toBe(422);
    expect(card.json()).toMatchObject({ code: 'refund_over_tendered' });
    expect(await footprint()).toEqual(before);

    const ok = await refund({ lines, approval: { managerId: manager.user.id, pin: '2222' } });
    expect(ok.statusCode, ok.body).toBe(201);
    const r = ok.json<Refund>();
    const net = product.price * 2;
    const tax = Math.floor((net * 6 + 50) / 100) + Math.floor((net * 1 + 50) / 100);
    expect(r).toMatchObject({
      saleId: null,
      approvedBy: manager.user.id,
      netTotal: net,
      taxTotal: tax,
      total: net + tax,
    });
    expect(r.tenders).toEqual([{ method: 'cash', amount: net + tax, reference: null }]);
  });
});

describe('voids', () => {
  it('a cashier may not void (403), a manager voids in the open shift: stock and tenders back', async () => {
    const sale = await sell(
      [{ productId: products[2]!.id, quantity: '2' }],
      [
        { method: 'card', amount: 500 },
        { method: 'cash', amount: 100_000 },
      ],
    );
    const stockBefore = await onHand(products[2]!.id);
    const xBefore = (
      await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)
    ).json<ShiftReport>();
    const before = await footprint();
    const byCashier = await api('POST', `/sales/${sale.id}/void`, cashier.accessToken, {
      id: newDocumentId(),
      reason: 'Wrong item',
    });
    expect(byCashier.statusCode).toBe(403);
    expect(byCashier.json()).toMatchObject({ code: 'approval_required', details: { action: 'void' } });
    expect(await footprint()).toEqual(before);

    const res = await api('POST', `/sales/${sale.id}/void`, manager.accessToken, {
      id: newDocumentId(),
      reason: 'Wrong item',
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json<Refund>();
    expect(v).toMatchObject({
      kind: 'void',
      saleId: sale.id,
      total: sale.total,
      approvedBy: manager.user.id,
    });
    expect(v.tenders).toEqual(
      expect.arrayContaining([
        { method: 'card', amount: 500, reference: null },
        { method: 'cash', amount: sale.amountDue - 500, reference: null },
      ]),
    );
    expect(Number(await onHand(products[2]!.id))).toBe(Number(stockBefore) + 2);
    const x = (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();
    expect(x.voids).toEqual({ count: xBefore.voids.count + 1, total: xBefore.voids.total + sale.total });
    expect(x.cashRefunds).toBe(xBefore.cashRefunds + sale.amountDue - 500);
    expect(x.expectedCash).toBe(xBefore.expectedCash - (sale.amountDue - 500));

    const again = await api('POST', `/sales/${sale.id}/void`, manager.accessToken, {
      id: newDocumentId(),
      reason: 'Twice',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'sale_voided' });
    const refundAfter = await refund({
      saleId: sale.id,
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    expect(refundAfter.statusCode).toBe(409);
  });

  it('refuses a sale with returns, and a sale outside its own open shift, writing nothing', async () => {
    const sale = await sell(
      [{ productId: products[0]!.id, quantity: '2' }],
      [{ method: 'cash', amount: 100_000 }],
    );
    const part = await refund({ saleId: sale.id, lines: [{ lineNo: 1, quantity: '1', restock: true }] });
    expect(part.statusCode).toBe(201);
    const before = await footprint();
    const res = await api('POST', `/sales/${sale.id}/void`, manager.accessToken, {
      id: newDocumentId(),
      reason: 'x',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'sale_already_refunded' });
    expect(await footprint()).toEqual(before);

    const old = await sell(
      [{ productId: products[0]!.id, quantity: '1' }],
      [{ method: 'cash', amount: 100_000 }],
    );
    const x = (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();
    const counts = [{ value: 1, kind: 'coin', count: x.expectedCash }];
    const closed = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, { counts });
    expect(closed.statusCode, closed.body).toBe(201);
    const reopened = await api('POST', '/shifts', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      openingFloat: 0,
    });
    expect(reopened.statusCode).toBe(201);
    const before2 = await footprint();
    const outside = await api('POST', `/sales/${old.id}/void`, manager.accessToken, {
      id: newDocumentId(),
      reason: 'x',
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ code: 'void_outside_shift' });
    expect(await footprint()).toEqual(before2);
  });
});
