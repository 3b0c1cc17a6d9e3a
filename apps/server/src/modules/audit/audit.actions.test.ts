import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Sale, Shift } from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';

/** Money- and security-relevant actions of other modules are recorded in their own transaction. */
let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let registerId: string;
let register2Id: string;

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });

type Row = {
  action: string;
  actor_id: string | null;
  approver_id: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
};

/** Audit entries of the demo company, oldest first, after `afterCount` entries. */
async function entriesSince(afterCount: number): Promise<Row[]> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const r = (await tx.execute(
      sql`select action, actor_id, approver_id, subject_id, details from audit_entries
          order by occurred_at, stream, seq offset ${afterCount}`,
    )) as { rows: Row[] };
    return r.rows;
  });
}

async function auditCount(): Promise<number> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const r = (await tx.execute(sql`select count(*)::int as n from audit_entries`)) as {
      rows: { n: number }[];
    };
    return r.rows[0]!.n;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  registerId = store!.registers[0]!.id;
  register2Id = store!.registers[1]!.id;
});
afterAll(() => t.close());

describe('recorded with the action', () => {
  it('a refund: who gave the money back, which sale, how much', async () => {
    const products = (await api('GET', '/products?q=Absolut&limit=5', cashier.accessToken)).json<{
      items: Product[];
    }>().items;
    const product = products.find((p) => p.price > 0)!;
    const sold = await api('POST', '/sales', cashier.accessToken, {
      id: newDocumentId(),
      registerId,
      lines: [{ productId: product.id, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json<Sale>();
    const n = await auditCount();
    const refundId = newDocumentId();
    const res = await api('POST', '/refunds', cashier.accessToken, {
      id: refundId,
      registerId,
      saleId: sale.id,
      reason: 'Changed mind',
      lines: [{ lineNo: 1, quantity: '1', restock: true }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const added = await entriesSince(n);
    expect(added).toEqual([
      expect.objectContaining({
        action: 'refund.created',
        actor_id: cashier.user.id,
        approver_id: null,
        subject_id: refundId,
        details: expect.objectContaining({ saleId: sale.id, total: sale.total, reason: 'Changed mind' }),
      }),
    ]);
  });

  it('a shift close: who closed it and the cash figures', async () => {
    const shift = (await api('GET', `/registers/${register2Id}/shift`, cashier.accessToken)).json<Shift>();
    const n = await auditCount();
    const res = await api('POST', `/shifts/${shift.id}/close`, cashier.accessToken, { counts: [] });
    expect(res.statusCode, res.body).toBe(201);
    expect(await entriesSince(n)).toEqual([
      expect.objectContaining({
        action: 'shift.closed',
        actor_id: cashier.user.id,
        subject_id: shift.id,
        details: expect.objectContaining({ zNumber: 1, countedCash: 0, overShort: 0 }),
      }),
    ]);
  });

  it('an export: which one, its filters and file; a refused export records nothing', async () => {
    const n = await auditCount();
    const refused = await api('GET', '/exports/customers?format=csv', cashier.accessToken);
    expect(refused.statusCode).toBe(403);
    expect(await auditCount()).toBe(n);
    const res = await api('GET', '/exports/products?format=csv', manager.accessToken);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(await entriesSince(n)).toEqual([
      expect.objectContaining({
        action: 'data.exported',
        actor_id: manager.user.id,
        subject_id: 'products',
        details: expect.objectContaining({ export: 'products', format: 'csv' }),
      }),
    ]);
  });
});
