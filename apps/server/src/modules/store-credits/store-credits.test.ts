import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type {
  LoginResponse,
  Product,
  Refund,
  Sale,
  Shift,
  ShiftReport,
  Store,
  StoreCredit,
} from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let owner: LoginResponse;
let storeId: string;
let registerId: string;
let register2Id: string;
let product: Product;
let shift: Shift;
let otherToken: string;
let otherCompanyId: string;

const approval = () => ({ managerId: manager.user.id, pin: '2222' });

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** companyFootprint plus refunds, store credits and their movements: proves a refused request wrote nothing. */
async function footprint(): Promise<Record<string, string>> {
  const base = await companyFootprint(t.db, cashier.company.id);
  const extra = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select
      (select count(*) from refunds)::text as refunds,
      (select count(*) from refund_tenders)::text as refund_tenders,
      (select count(*) from store_credits)::text as store_credits,
      (select coalesce(sum(balance), 0)::text from store_credits) as store_credit_balance,
      (select count(*) from store_credit_movements)::text as store_credit_movements`)) as {
      rows: Record<string, string>[];
    };
    return result.rows[0]!;
  });
  return { ...base, ...extra };
}

/** The movements of one credit, oldest first: kind and signed amount (minor units). */
async function movements(code: string): Promise<{ kind: string; amount: number }[]> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const result = (await tx.execute(sql`select m.kind, m.amount::int as amount
      from store_credit_movements m join store_credits c
        on c.company_id = m.company_id and c.id = m.store_credit_id
      where c.code = ${code} order by m.id`)) as { rows: { kind: string; amount: number }[] };
    return result.rows;
  });
}

async function setStoreRefundTo(value: 'cash' | 'store_credit' | 'either'): Promise<void> {
  const res = await api('PATCH', `/stores/${storeId}`, owner.accessToken, { noReceiptRefundTo: value });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<Store>().noReceiptRefundTo).toBe(value);
}

function noReceiptReturn(body: Record<string, unknown> = {}) {
  return api('POST', '/refunds', cashier.accessToken, {
    id: newDocumentId(),
    registerId,
    reason: 'No receipt',
    lines: [{ productId: product.id, quantity: '1', restock: true }],
    approval: approval(),
    ...body,
  });
}

/** Issues a credit worth one `product` (at today's price and taxes) and returns it. */
async function issueCredit(): Promise<StoreCredit> {
  const res = await noReceiptReturn({ refundTo: 'store_credit' });
  expect(res.statusCode, res.body).toBe(201);
  const code = res.json<Refund>().tenders[0]!.reference!;
  return (await api('GET', `/store-credits/${code}`, cashier.accessToken)).json<StoreCredit>();
}

function sell(tenders: object[], quantity = '1', register = registerId) {
  return api('POST', '/sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId: register,
    lines: [{ productId: product.id, quantity }],
    tenders,
  });
}

const xReport = async () =>
  (await api('GET', `/shifts/${shift.id}/x-report`, cashier.accessToken)).json<ShiftReport>();

const balanceOf = async (code: string) =>
  (await api('GET', `/store-credits/${code}`, cashier.accessToken)).json<StoreCredit>().balance;

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  owner = await login(t.app, 'owner@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  register2Id = store!.registers[1]!.id;
  const res = await api('GET', '/products?q=vodka&limit=30', cashier.accessToken);
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0)!;
  shift = (await api('GET', `/registers/${registerId}/shift`, cashier.accessToken)).json<Shift>();
  const other = await seedOtherCompany(t.db);
  otherCompanyId = other.companyId;
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('issuing store credit by a return without a receipt', () => {
  it('is refused while the store refunds in cash only (the default), and nothing is written', async () => {
    const before = await footprint();
    const res = await noReceiptReturn({ refundTo: 'store_credit' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'store_credit_not_allowed' });
    expect(await footprint()).toEqual(before);
  });

  it('with approval issues a credit instead of cash: not in the drawer, audited, balance readable', async () => {
    await setStoreRefundTo('either');
    const xBefore = await xReport();
    const res = await noReceiptReturn({ refundTo: 'store_credit' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Refund>();
    expect(r.approvedBy).toBe(manager.user.id);
    expect(r.tenders).toHaveLength(1);
    const tender = r.tenders[0]!;
    expect(tender).toMatchObject({ method: 'store_credit', amount: r.total });
    expect(tender.reference).toMatch(/^SC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const xAfter = await xReport();
    expect(xAfter.expectedCash).toBe(xBefore.expectedCash);
    expect(xAfter.cashRefunds).toBe(xBefore.cashRefunds);

    const code = tender.reference!;
    // Typed by hand: lower case, without dashes.
    const lookup = await api(
      'GET',
      `/store-credits/${code.replaceAll('-', '').toLowerCase()}`,
      cashier.accessToken,
    );
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json<StoreCredit>()).toMatchObject({ code, amount: r.total, balance: r.total });
    expect(await movements(code)).toEqual([{ kind: 'issue', amount: r.total }]);
    const audit = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
      const result = (await tx.execute(
        sql`select count(*)::int as n from audit_entries where subject_id = ${r.id} and action = 'refund.created'`,
      )) as { rows: { n: number }[] };
      return result.rows[0]!.n;
    });
    expect(audit).toBe(1);
  });

  it('a store giving store credit only refuses cash; unknown and foreign codes are 404', async () => {
    await setStoreRefundTo('store_credit');
    const before = await footprint();
    const cash = await noReceiptReturn({ refundTo: 'cash' });
    expect(cash.statusCode).toBe(422);
    expect(cash.json()).toMatchObject({ code: 'cash_refund_not_allowed' });
    expect(await footprint()).toEqual(before);
    const byDefault = await noReceiptReturn();
    expect(byDefault.statusCode, byDefault.body).toBe(201);
    const code = byDefault.json<Refund>().tenders[0]!.reference!;
    expect(byDefault.json<Refund>().tenders[0]!.method).toBe('store_credit');
    const unknown = await api('GET', '/store-credits/SC-0000-0000', cashier.accessToken);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'store_credit_unknown' });
    const foreign = await api('GET', `/store-credits/${code}`, otherToken);
    expect(foreign.statusCode).toBe(404);
    // Row-level security: another company's transaction sees none of the credits or movements.
    const seen = await withCompanyTx(t.db, otherCompanyId, async (tx) => {
      const result = (await tx.execute(sql`select
        (select count(*) from store_credits)::int as credits,
        (select count(*) from store_credit_movements)::int as movements`)) as {
        rows: { credits: number; movements: number }[];
      };
      return result.rows[0]!;
    });
    expect(seen).toEqual({ credits: 0, movements: 0 });
    // Movements are written once.
    await expect(
      withCompanyTx(t.db, cashier.company.id, (tx) =>
        tx.execute(sql`update store_credit_movements set amount = 1`),
      ),
    ).rejects.toThrow();
    await setStoreRefundTo('either');
  });
});

describe('spending store credit as a sale tender', () => {
  beforeAll(async () => {
    await setStoreRefundTo('either');
  });

  it('partly: the balance drops with the sale, the rest in cash; X report shows it on its own', async () => {
    const credit = await issueCredit();
    const xBefore = await xReport();
    const res = await sell([
      { method: 'store_credit', amount: 100, reference: credit.code.toLowerCase() },
      { method: 'cash', amount: 1_000_000 },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json<Sale>();
    expect(sale.tenders[0]).toMatchObject({ method: 'store_credit', amount: 100, reference: credit.code });
    const cashApplied = sale.tenders[1]!.amount;
    expect(cashApplied).toBe(sale.amountDue - 100);
    expect(await balanceOf(credit.code)).toBe(credit.balance - 100);
    expect(await movements(credit.code)).toEqual([
      { kind: 'issue', amount: credit.amount },
      { kind: 'redeem', amount: -100 },
    ]);
    const xAfter = await xReport();
    const byMethod = (x: ShiftReport, m: string) => x.tenders.find((tn) => tn.method === m)?.amount ?? 0;
    expect(byMethod(xAfter, 'store_credit') - byMethod(xBefore, 'store_credit')).toBe(100);
    expect(byMethod(xAfter, 'cash') - byMethod(xBefore, 'cash')).toBe(cashApplied);
    // Only the cash part is in the drawer.
    expect(xAfter.expectedCash - xBefore.expectedCash).toBe(cashApplied);
  });

  it('fully: a credit worth the sale pays all of it and is left at zero', async () => {
    const credit = await issueCredit();
    const res = await sell([{ method: 'store_credit', amount: credit.balance, reference: credit.code }]);
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json<Sale>();
    expect(sale.total).toBe(credit.balance);
    expect(sale.change).toBe(0);
    expect(await balanceOf(credit.code)).toBe(0);
  });

  it('an unknown code, a balance too small or more than the sale are refused; nothing changes', async () => {
    const credit = await issueCredit();
    const before = await footprint();
    const unknown = await sell([
      { method: 'store_credit', amount: 100, reference: 'SC-0000-0000' },
      { method: 'cash', amount: 1_000_000 },
    ]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'store_credit_unknown' });
    const noCode = await sell([
      { method: 'store_credit', amount: 100 },
      { method: 'cash', amount: 1_000_000 },
    ]);
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json()).toMatchObject({ code: 'store_credit_unknown' });
    const foreign = await api('POST', '/sales', otherToken, {
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'store_credit', amount: 100, reference: credit.code }],
    });
    expect(foreign.statusCode).toBe(404); // another company's register (and credit) is unknown
    // Two units cost twice the credit: spending all of it plus one is more than it holds.
    const insufficient = await sell(
      [
        { method: 'store_credit', amount: credit.balance + 1, reference: credit.code },
        { method: 'cash', amount: 1_000_000 },
      ],
      '2',
    );
    expect(insufficient.statusCode).toBe(422);
    expect(insufficient.json()).toMatchObject({
      code: 'store_credit_insufficient',
      details: { code: credit.code, balance: credit.balance, requested: credit.balance + 1 },
    });
    const over = await sell([{ method: 'store_credit', amount: credit.balance + 1, reference: credit.code }]);
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'store_credit_over_total' });
    expect(await footprint()).toEqual(before);
    expect(await balanceOf(credit.code)).toBe(credit.balance);
  });

  it('two sales spending the same credit at once: one succeeds, the other is refused', async () => {
    const credit = await issueCredit();
    const half = Math.floor(credit.balance / 2) + 1; // two of these are more than the balance
    const tenders = [
      { method: 'store_credit', amount: half, reference: credit.code },
      { method: 'cash', amount: 1_000_000 },
    ];
    // Two registers (each sale locks its own register row), so only the credit's row lock orders them.
    const results = await Promise.all([sell(tenders), sell(tenders, '1', register2Id)]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 422]);
    const refused = results.find((r) => r.statusCode === 422)!;
    expect(refused.json()).toMatchObject({ code: 'store_credit_insufficient' });
    expect(await balanceOf(credit.code)).toBe(credit.balance - half);
    expect(await movements(credit.code)).toEqual([
      { kind: 'issue', amount: credit.amount },
      { kind: 'redeem', amount: -half },
    ]);
  });

  it('returning a sale paid by store credit gives it back to the same credit', async () => {
    const credit = await issueCredit();
    const sold = await sell([
      { method: 'store_credit', amount: 100, reference: credit.code },
      { method: 'cash', amount: 1_000_000 },
    ]);
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json<Sale>();
    const res = await api('POST', '/refunds', manager.accessToken, {
      id: newDocumentId(),
      registerId,
      saleId: sale.id,
      reason: 'Wrong size',
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<Refund>();
    expect(r.tenders[0]).toEqual({ method: 'store_credit', amount: 100, reference: credit.code });
    expect(r.tenders.slice(1).every((tn) => tn.method === 'cash')).toBe(true);
    expect(await balanceOf(credit.code)).toBe(credit.balance);
    expect(await movements(credit.code)).toEqual([
      { kind: 'issue', amount: credit.amount },
      { kind: 'redeem', amount: -100 },
      { kind: 'return', amount: 100 },
    ]);
  });
});
