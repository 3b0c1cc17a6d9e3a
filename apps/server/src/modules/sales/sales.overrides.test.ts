/**
 * Price overrides and tax-exempt sales (issue 3): the shelf price and the override are stored
 * apart, the permission or a manager's approval is needed, each is audited, and a refused sale
 * writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { newDocumentId, priceSale } from '@kassa/domain';
import type { LoginResponse, Product, Sale } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let registerId: string;
/** A demo product with Iowa's 6 % + 1 % exclusive sales tax. */
let taxed: Product;
/** The same product's tax ids (for pricing as the terminal does). */
let taxes: { id: string; rate: string; inclusive: boolean; compound: boolean }[];
const MANAGER_PIN = '2222';

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  registerId = (await stores(t.app, cashier.accessToken))[0]!.registers[0]!.id;
  const page = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=vodka&limit=10',
    headers: bearer(cashier.accessToken),
  });
  taxed = page.json<{ items: Product[] }>().items.find((p) => p.price > 0 && p.price < 5000)!;
  const list = await t.app.inject({
    method: 'GET',
    url: '/api/v1/taxes',
    headers: bearer(owner.accessToken),
  });
  const all = list.json<{
    items: { id: string; name: string; rate: string; inclusive: boolean; compound: boolean }[];
  }>().items;
  expect(all.map((x) => x.rate).sort()).toEqual(['1', '6']);
  // Demo products carry 6 % state then 1 % local, exclusive.
  taxes = [...all].sort((a, b) => Number(b.rate) - Number(a.rate)).map(({ name: _n, ...x }) => x);
});
afterAll(async () => {
  await t?.close();
});

function postSale(token: string, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(token),
    payload: { registerId, ...body },
  });
}

async function approve(action: string, saleId: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/approvals',
    headers: bearer(cashier.accessToken),
    payload: { managerUserId: manager.user.id, pin: MANAGER_PIN, action, registerId, saleId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** Audit entries of one sale: action and approver. */
async function auditOf(saleId: string) {
  return withCompanyTx(t.db, owner.company.id, (tx) =>
    tx
      .select({
        action: s.auditEntries.action,
        approverId: s.auditEntries.approverId,
        details: s.auditEntries.details,
      })
      .from(s.auditEntries)
      .where(and(eq(s.auditEntries.companyId, owner.company.id), eq(s.auditEntries.subjectId, saleId)))
      .orderBy(s.auditEntries.seq),
  );
}

/** Everything a refused sale must leave unchanged, approvals' use and the audit log included. */
async function footprint() {
  const base = await companyFootprint(t.db, owner.company.id);
  const extra = await withCompanyTx(t.db, owner.company.id, async (tx) => {
    const r = (await tx.execute(sql`select
      (select count(*) from approvals where used_at is not null)::text as used_approvals,
      (select count(*) from audit_entries)::text as audit_entries`)) as { rows: Record<string, string>[] };
    return r.rows[0]!;
  });
  return { ...base, ...extra };
}

/** The engine's answer for one line of `taxed`, as the terminal computes it. */
function terminalTotals(line: { quantity: string; priceOverride?: number }, taxExempt = false) {
  const r = priceSale({
    currency: 'USD',
    taxRounding: 'per_line',
    roundingMode: 'half_up',
    taxes,
    lines: [{ id: '0', unitPrice: taxed.price, taxIds: taxes.map((x) => x.id), ...line }],
    taxExempt,
  });
  return { total: r.total, taxTotal: r.taxTotal, discountTotal: r.discountTotal };
}

describe('price override', () => {
  it('a cashier without approval is refused with approval_required, and nothing is written', async () => {
    const before = await footprint();
    const res = await postSale(cashier.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1', priceOverride: taxed.price - 100 }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'approval_required', details: { action: 'price_override' } });
    expect(await footprint()).toEqual(before);
  });

  it("with a manager's approval keeps the shelf price and stores the override apart, audited", async () => {
    const id = newDocumentId();
    const approvalId = await approve('price_override', id);
    const overridePrice = taxed.price - 150;
    const expected = terminalTotals({ quantity: '2', priceOverride: overridePrice });
    const res = await postSale(cashier.accessToken, {
      id,
      lines: [{ productId: taxed.id, quantity: '2', priceOverride: overridePrice }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      priceOverrideApprovalId: approvalId,
      expectedTotals: expected,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json<Sale>();
    const line = sale.lines[0]!;
    expect(line).toMatchObject({
      unitPrice: taxed.price,
      gross: taxed.price * 2,
      overrideUnitPrice: overridePrice,
      priceOverride: -300,
      discount: 0,
      net: overridePrice * 2,
    });
    // Iowa 6 % + 1 % on the overridden net, each rounded half-up.
    const net = overridePrice * 2;
    expect(line.tax).toBe(Math.floor((net * 6 + 50) / 100) + Math.floor((net + 50) / 100));
    expect(sale).toMatchObject({
      subtotal: taxed.price * 2,
      overrideTotal: -300,
      ...expected,
    });
    expect(expected.discountTotal).toBe(0);
    const reread = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sales/${id}`,
      headers: bearer(cashier.accessToken),
    });
    expect(reread.json()).toEqual(sale);

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['sale.completed', 'sale.price_override']);
    expect(audit[1]!.approverId).toBe(manager.user.id);
    expect(audit[1]!.details).toMatchObject({
      approvalId,
      overrideTotal: -300,
      lines: [{ lineNo: 1, shelfPrice: taxed.price, overridePrice, adjustment: -300 }],
    });

    // The approval was used up: another sale cannot use it.
    const again = await postSale(cashier.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1', priceOverride: 1 }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      priceOverrideApprovalId: approvalId,
    });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'used' } });
  });

  it('an approval of another action does not cover a price override', async () => {
    const id = newDocumentId();
    const approvalId = await approve('tax_exempt', id);
    const before = await footprint();
    const res = await postSale(cashier.accessToken, {
      id,
      lines: [{ productId: taxed.id, quantity: '1', priceOverride: 1 }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      priceOverrideApprovalId: approvalId,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'mismatch' } });
    expect(await footprint()).toEqual(before);
  });

  it('a manager holds sale.price_override; a raised price is a positive adjustment', async () => {
    const res = await postSale(manager.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1', priceOverride: taxed.price + 99 }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      expectedTotals: terminalTotals({ quantity: '1', priceOverride: taxed.price + 99 }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Sale>()).toMatchObject({ overrideTotal: 99, lines: [{ priceOverride: 99 }] });
  });

  it('a negative override price is a 400 and writes nothing', async () => {
    const before = await footprint();
    const res = await postSale(manager.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1', priceOverride: -1 }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect(await footprint()).toEqual(before);
  });
});

describe('tax-exempt sale', () => {
  it('a cashier without approval is refused, and nothing is written', async () => {
    const before = await footprint();
    const res = await postSale(cashier.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      taxExempt: { reason: 'Resale', certificate: 'IA-RS-0042' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'approval_required', details: { action: 'tax_exempt' } });
    expect(await footprint()).toEqual(before);
  });

  it('a reason is required', async () => {
    const before = await footprint();
    const res = await postSale(manager.accessToken, {
      id: newDocumentId(),
      lines: [{ productId: taxed.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      taxExempt: { reason: '  ' },
    });
    expect(res.statusCode).toBe(400);
    expect(await footprint()).toEqual(before);
  });

  it("with a manager's approval charges no tax, keeps reason and certificate, and is audited", async () => {
    const id = newDocumentId();
    const approvalId = await approve('tax_exempt', id);
    const expected = terminalTotals({ quantity: '3' }, true);
    expect(expected).toEqual({ total: taxed.price * 3, taxTotal: 0, discountTotal: 0 });
    const res = await postSale(cashier.accessToken, {
      id,
      lines: [{ productId: taxed.id, quantity: '3' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      taxExempt: { reason: 'Resale', certificate: 'IA-RS-0042' },
      taxExemptApprovalId: approvalId,
      expectedTotals: expected,
    });
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json<Sale>();
    expect(sale).toMatchObject({
      ...expected,
      taxes: [],
      exemptionTotal: 0,
      taxExempt: { reason: 'Resale', certificate: 'IA-RS-0042' },
      lines: [{ tax: 0, taxes: [], taxExempt: true, exemption: 0, total: taxed.price * 3 }],
    });
    const stored = await withCompanyTx(t.db, owner.company.id, (tx) =>
      tx
        .select({
          exempt: s.sales.taxExempt,
          reason: s.sales.taxExemptReason,
          cert: s.sales.taxExemptCertificate,
        })
        .from(s.sales)
        .where(and(eq(s.sales.companyId, owner.company.id), eq(s.sales.id, id))),
    );
    expect(stored).toEqual([{ exempt: true, reason: 'Resale', cert: 'IA-RS-0042' }]);
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['sale.completed', 'sale.tax_exempt']);
    expect(audit[1]).toMatchObject({
      approverId: manager.user.id,
      details: { approvalId, reason: 'Resale', certificate: 'IA-RS-0042', total: taxed.price * 3 },
    });
  });
});
