import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { Approval, AuditPage, LoginResponse, Product, Sale } from '@kassa/contracts';
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
let owner: LoginResponse;
let registerId: string;
let register2Id: string;
let product: Product;
let other: OtherCompany;

const MANAGER_PIN = '2222';

function approve(body: Record<string, unknown>, token = cashier.accessToken) {
  return t.app.inject({ method: 'POST', url: '/api/v1/approvals', headers: bearer(token), payload: body });
}

function approvalBody(saleId: string, overrides: Record<string, unknown> = {}) {
  return {
    managerUserId: manager.user.id,
    pin: MANAGER_PIN,
    action: 'discount_override',
    registerId,
    saleId,
    percent: '25',
    ...overrides,
  };
}

function sell(saleId: string, extra: Record<string, unknown> = {}, discountPercent = '25') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id: saleId,
      registerId,
      lines: [{ productId: product.id, quantity: '1', discountPercent }],
      tenders: [{ method: 'cash', amount: 100_000 }],
      ...extra,
    },
  });
}

/** Everything a sale or an approval writes, from inside the demo company. */
async function footprint() {
  const base = await companyFootprint(t.db, cashier.company.id);
  const extra = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const r = (await tx.execute(sql`select
      (select count(*) from audit_entries)::int as audit_entries,
      (select count(*) from approvals)::int as approvals,
      (select count(*) from approvals where used_at is not null)::int as approvals_used,
      (select count(*) from audit_entries where action = 'auth.pin.failed')::int as pin_failed,
      (select count(*) from no_sale_events)::int as no_sale_events,
      (select count(*) from refunds)::int as refunds`)) as {
      rows: {
        audit_entries: number;
        approvals: number;
        approvals_used: number;
        pin_failed: number;
        no_sale_events: number;
        refunds: number;
      }[];
    };
    return r.rows[0]!;
  });
  return { ...base, ...extra };
}

async function grant(saleId: string, overrides: Record<string, unknown> = {}): Promise<Approval> {
  const res = await approve(approvalBody(saleId, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Approval>();
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  owner = await login(t.app, 'owner@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  registerId = store!.registers[0]!.id;
  register2Id = store!.registers[1]!.id;
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=Absolut&limit=5',
    headers: bearer(cashier.accessToken),
  });
  product = res.json<{ items: Product[] }>().items.find((p) => p.price > 0)!;
  other = await seedOtherCompany(t.db);
});
afterAll(() => t.close());

describe('an over-limit discount at the register', () => {
  it('is refused without an approval (422 discount_over_limit), writing nothing', async () => {
    const before = await footprint();
    const res = await sell(newDocumentId());
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'discount_over_limit', details: { maxPercent: '10', line: 0 } });
    expect(await footprint()).toEqual(before);
  });

  it('is accepted with a matching approval (201); both people are recorded', async () => {
    const saleId = newDocumentId();
    const approval = await grant(saleId);
    expect(approval).toMatchObject({
      action: 'discount_override',
      requestedBy: cashier.user.id,
      approvedBy: manager.user.id,
      approverName: manager.user.name,
      percent: '25',
      saleId,
    });
    const res = await sell(saleId, { approvalId: approval.id });
    expect(res.statusCode, res.body).toBe(201);
    const sale = res.json<Sale>();
    expect(sale.lines[0]).toMatchObject({ discountPercent: '25' });
    expect(sale.discountTotal).toBeGreaterThan(0);

    const audit = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit?actorId=${manager.user.id}&limit=10`,
        headers: bearer(owner.accessToken),
      })
    ).json<AuditPage>();
    const actions = audit.items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['approval.granted', 'sale.discount.override']));
    for (const entry of audit.items.filter((i) => i.action !== 'auth.login.succeeded'))
      expect(entry).toMatchObject({ actorId: cashier.user.id, approverId: manager.user.id });
    const override = audit.items.find((i) => i.action === 'sale.discount.override')!;
    expect(override).toMatchObject({
      subjectId: saleId,
      stream: `register:${registerId}`,
      details: { approvalId: approval.id, approvedPercent: '25', lines: [{ lineNo: 1, percent: '25' }] },
    });
  });

  it('refuses an approval reused for a second sale, writing nothing', async () => {
    const saleId = newDocumentId();
    const approval = await grant(saleId);
    expect((await sell(saleId, { approvalId: approval.id })).statusCode).toBe(201);
    const before = await footprint();
    // The same approval on another sale: bound to the first sale, and used.
    const second = await sell(newDocumentId(), { approvalId: approval.id });
    expect(second.statusCode).toBe(422);
    expect(second.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'used' } });
    expect(await footprint()).toEqual(before);
  });

  it('refuses an approval bound to another sale, register or cashier, or to a smaller percent', async () => {
    const saleId = newDocumentId();
    const approval = await grant(saleId, { percent: '20' });
    const before = await footprint();
    const cases: [Promise<{ statusCode: number; json: () => unknown }>, unknown][] = [
      [
        sell(newDocumentId(), { approvalId: approval.id }),
        { code: 'approval_unusable', details: { reason: 'mismatch' } },
      ],
      [
        sell(saleId, { approvalId: approval.id, registerId: register2Id }),
        { code: 'approval_unusable', details: { reason: 'mismatch' } },
      ],
      [
        sell(saleId, { approvalId: approval.id }, '30'),
        { code: 'discount_over_limit', details: { maxPercent: '20' } },
      ],
      [
        sell(saleId, { approvalId: newDocumentId() }),
        { code: 'approval_unusable', details: { reason: 'not_found' } },
      ],
    ];
    for (const [pending, problem] of cases) {
      const res = await pending;
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject(problem as object);
    }
    // Another user (the manager) cannot use the cashier's approval.
    const asManager = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: bearer(manager.accessToken),
      payload: {
        id: saleId,
        registerId,
        lines: [{ productId: product.id, quantity: '1', discountPercent: '60' }],
        tenders: [{ method: 'cash', amount: 100_000 }],
        approvalId: approval.id,
      },
    });
    expect(asManager.statusCode).toBe(422);
    expect(asManager.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'mismatch' } });
    expect(await footprint()).toEqual(before);
    // Still unused: the right sale goes through.
    expect((await sell(saleId, { approvalId: approval.id }, '20')).statusCode).toBe(201);
  });

  it('refuses an expired approval, writing nothing', async () => {
    const saleId = newDocumentId();
    const approval = await grant(saleId);
    await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx.execute(
        sql`update approvals set expires_at = now() - interval '1 second' where id = ${approval.id}`,
      ),
    );
    const before = await footprint();
    const res = await sell(saleId, { approvalId: approval.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'expired' } });
    expect(await footprint()).toEqual(before);
  });
});

describe('POST /approvals', () => {
  it('refuses a wrong PIN, a cashier, oneself, a limit too small and another company’s manager alike (403), writing nothing', async () => {
    const cashierPin = '3333';
    const before = await footprint();
    const attempts = [
      approvalBody(newDocumentId(), { pin: '0000' }),
      approvalBody(newDocumentId(), { managerUserId: cashier.user.id, pin: cashierPin }),
      approvalBody(newDocumentId(), { percent: '60' }), // the manager's own limit is 50 %
      approvalBody(newDocumentId(), { managerUserId: other.userId, pin: '9999' }),
      approvalBody(newDocumentId(), { managerUserId: newDocumentId() }),
    ];
    const bodies = [];
    for (const body of attempts) {
      const res = await approve(body);
      expect(res.statusCode).toBe(403);
      const { requestId: _r, ...problem } = res.json<Record<string, unknown>>();
      bodies.push(problem);
    }
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ code: 'approval_invalid' });
    // A manager approving their own action.
    const self = await approve(approvalBody(newDocumentId()), manager.accessToken);
    expect(self.statusCode).toBe(403);
    // Nothing is approved or sold; the only trace is the audit of each wrong PIN typed for a known
    // user of this company (the wrong PIN, the cashier's PIN as a manager's; pin-throttle.ts).
    const after = await footprint();
    expect({ ...after, audit_entries: before.audit_entries, pin_failed: before.pin_failed }).toEqual(before);
    expect(after.audit_entries - before.audit_entries).toBe(after.pin_failed - before.pin_failed);
    expect(after.pin_failed).toBeGreaterThan(before.pin_failed);
  });

  it("answers 404 for another company's register and 400 without a percent, writing nothing", async () => {
    const before = await footprint();
    const foreign = await approve(approvalBody(newDocumentId(), { registerId: other.registerId }));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'register_not_found' });
    const { percent: _p, ...noPercent } = approvalBody(newDocumentId());
    const missing = await approve(noPercent);
    expect(missing.statusCode).toBe(400);
    expect(await footprint()).toEqual(before);
  });
});

function voidSale(saleId: string, extra: Record<string, unknown> = {}, token = cashier.accessToken) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/sales/${saleId}/void`,
    headers: bearer(token),
    payload: { id: newDocumentId(), reason: 'Rung up twice', ...extra },
  });
}

function noSale(body: Record<string, unknown>, token = cashier.accessToken) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/drawer/no-sale',
    headers: bearer(token),
    payload: { registerId, reason: 'Change for the float', ...body },
  });
}

/** A completed sale within the cashier's own discount limit. */
async function completedSale(): Promise<Sale> {
  const res = await sell(newDocumentId(), {}, '5');
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
}

/** The audit entries of one subject (the void or no-sale document), straight from the table. */
async function auditOf(subjectId: string) {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const r = (await tx.execute(
      sql`select action, actor_id, approver_id, register_id from audit_entries where subject_id = ${subjectId}`,
    )) as { rows: { action: string; actor_id: string; approver_id: string | null; register_id: string }[] };
    return r.rows;
  });
}

describe('a void by a cashier', () => {
  it('is refused without an approval (403 approval_required), writing nothing', async () => {
    const sale = await completedSale();
    const before = await footprint();
    const res = await voidSale(sale.id);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'approval_required',
      details: { action: 'void', permission: 'sale.void' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('is accepted with an approval bound to the sale and its total; both people are recorded', async () => {
    const sale = await completedSale();
    const approval = await grant(sale.id, { action: 'void', percent: undefined, amount: sale.total });
    expect(approval).toMatchObject({ action: 'void', saleId: sale.id, amount: sale.total, percent: null });
    const res = await voidSale(sale.id, { approvalId: approval.id });
    expect(res.statusCode, res.body).toBe(201);
    const voided = res.json<{ id: string; kind: string; total: number }>();
    expect(voided).toMatchObject({ kind: 'void', total: sale.total });
    expect(await auditOf(voided.id)).toEqual([
      {
        action: 'sale.voided',
        actor_id: cashier.user.id,
        approver_id: manager.user.id,
        register_id: registerId,
      },
    ]);
    const used = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
      const r = (await tx.execute(
        sql`select used_at is not null as used from approvals where id = ${approval.id}`,
      )) as { rows: { used: boolean }[] };
      return r.rows[0]!.used;
    });
    expect(used).toBe(true);
  });

  it('refuses an approval of a smaller amount, of another sale, of another action, or reused, writing nothing', async () => {
    const sale = await completedSale();
    const sale2 = await completedSale();
    const tooSmall = await grant(sale.id, { action: 'void', percent: undefined, amount: sale.total - 1 });
    const forOther = await grant(sale2.id, { action: 'void', percent: undefined, amount: sale2.total });
    const discount = await grant(sale.id);
    const before = await footprint();
    for (const approvalId of [tooSmall.id, forOther.id, discount.id]) {
      const res = await voidSale(sale.id, { approvalId });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'mismatch' } });
    }
    expect(await footprint()).toEqual(before);

    // Used once for its own sale, the approval cannot void a second one.
    expect((await voidSale(sale2.id, { approvalId: forOther.id })).statusCode).toBe(201);
    const sale3 = await completedSale();
    const afterUse = await footprint();
    const reused = await voidSale(sale3.id, { approvalId: forOther.id });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'used' } });
    expect(await footprint()).toEqual(afterUse);
  });
});

describe('opening the drawer without a sale', () => {
  it('is refused to a cashier without an approval (403 approval_required), writing nothing', async () => {
    const before = await footprint();
    const res = await noSale({ id: newDocumentId() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'approval_required', details: { action: 'no_sale' } });
    expect(await footprint()).toEqual(before);
  });

  it('is recorded with a manager approval bound to the event id; a repeat returns the same event', async () => {
    const id = newDocumentId();
    const approval = await grant(id, { action: 'no_sale', percent: undefined });
    const res = await noSale({ id, approvalId: approval.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id,
      registerId,
      userId: cashier.user.id,
      approvedBy: manager.user.id,
      reason: 'Change for the float',
    });
    expect(await auditOf(id)).toEqual([
      {
        action: 'drawer.no_sale',
        actor_id: cashier.user.id,
        approver_id: manager.user.id,
        register_id: registerId,
      },
    ]);
    const before = await footprint();
    const again = await noSale({ id, approvalId: approval.id });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(res.json());
    expect(await footprint()).toEqual(before);
  });

  it('refuses an approval reused for a second no-sale or given for a void, writing nothing', async () => {
    const first = newDocumentId();
    const approval = await grant(first, { action: 'no_sale', percent: undefined });
    expect((await noSale({ id: first, approvalId: approval.id })).statusCode).toBe(201);
    const sale = await completedSale();
    const voidApproval = await grant(sale.id, { action: 'void', percent: undefined, amount: sale.total });
    const before = await footprint();
    const reused = await noSale({ id: newDocumentId(), approvalId: approval.id });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'used' } });
    const wrongAction = await noSale({ id: sale.id, approvalId: voidApproval.id });
    expect(wrongAction.statusCode).toBe(422);
    expect(wrongAction.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'mismatch' } });
    expect(await footprint()).toEqual(before);
  });

  it('needs no approval for a manager, and answers 404 for another company’s register', async () => {
    const res = await noSale({ id: newDocumentId() }, manager.accessToken);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ userId: manager.user.id, approvedBy: null });
    const before = await footprint();
    const foreign = await noSale({ id: newDocumentId(), registerId: other.registerId }, manager.accessToken);
    expect(foreign.statusCode).toBe(404);
    expect(await footprint()).toEqual(before);
  });
});

describe('a refund by a user without refund.create', () => {
  let till: LoginResponse;
  let sale: Sale;

  const refund = (extra: Record<string, unknown> = {}, lineNo = 1) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: bearer(till.accessToken),
      payload: {
        id: newDocumentId(),
        registerId,
        saleId: sale.id,
        reason: 'Faulty',
        lines: [{ lineNo, quantity: '1', restock: false }],
        ...extra,
      },
    });

  beforeAll(async () => {
    const role = await t.app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: bearer(owner.accessToken),
      payload: {
        name: 'Till only',
        permissions: ['catalog.read', 'sale.create', 'sale.read', 'store.read', 'shift.open'],
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(owner.accessToken),
      payload: {
        name: 'Tilly Till',
        email: 'till@demo.kassa.dev',
        role: 'cashier',
        customRoleId: role.json<{ id: string }>().id,
        password: 'a long enough password',
      },
    });
    expect(user.statusCode, user.body).toBe(201);
    till = await login(t.app, 'till@demo.kassa.dev', 'a long enough password');
    const sold = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: bearer(till.accessToken),
      payload: {
        id: newDocumentId(),
        registerId,
        lines: [
          { productId: product.id, quantity: '1' },
          { productId: product.id, quantity: '1' },
        ],
        tenders: [{ method: 'cash', amount: 100_000 }],
      },
    });
    expect(sold.statusCode, sold.body).toBe(201);
    sale = sold.json<Sale>();
    expect(sale.lines).toHaveLength(2);
  });

  /** The refund total of one line of `sale` (both lines are the same product, quantity 1). */
  const oneLine = () => sale.lines[0]!.total;

  it('is refused without an approval (403 approval_required), writing nothing', async () => {
    const before = await footprint();
    const res = await refund();
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'approval_required',
      details: { action: 'refund', permission: 'refund.create' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('is accepted with an approval of this sale and amount; reusing it for a second refund is refused', async () => {
    const grantAs = async (body: Record<string, unknown>) => {
      const res = await approve(
        { managerUserId: manager.user.id, pin: MANAGER_PIN, action: 'refund', registerId, ...body },
        till.accessToken,
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json<Approval>();
    };
    const small = await grantAs({ saleId: sale.id, amount: oneLine() - 1 });
    const before = await footprint();
    const tooSmall = await refund({ approvalId: small.id });
    expect(tooSmall.statusCode).toBe(422);
    expect(tooSmall.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'mismatch' } });
    expect(await footprint()).toEqual(before);

    const approval = await grantAs({ saleId: sale.id, amount: oneLine() });
    const res = await refund({ approvalId: approval.id });
    expect(res.statusCode, res.body).toBe(201);
    const done = res.json<{ id: string; approvedBy: string; cashierId?: string; total: number }>();
    expect(done).toMatchObject({ approvedBy: manager.user.id, total: oneLine() });
    expect(await auditOf(done.id)).toEqual([
      {
        action: 'refund.created',
        actor_id: till.user.id,
        approver_id: manager.user.id,
        register_id: registerId,
      },
    ]);

    const afterUse = await footprint();
    // The other line of the same sale: the approval is bound to the sale, but already used.
    const reused = await refund({ approvalId: approval.id }, 2);
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'approval_unusable', details: { reason: 'used' } });
    expect(await footprint()).toEqual(afterUse);
  });
});
