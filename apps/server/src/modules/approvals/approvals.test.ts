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
      (select count(*) from approvals where used_at is not null)::int as approvals_used`)) as {
      rows: Record<string, number>[];
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
    expect(await footprint()).toEqual(before);
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
