import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { newDocumentId } from '@kassa/domain';
import type { AuditPage, LoginResponse, Product } from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import {
  asSuperuser,
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  TEST_MASTER_KEY,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { recordAudit, rotateDataKeys, verifyAuditChains } from './audit.service.ts';
import { KeyRing } from './keyring.ts';

let t: TestContext;
let owner: LoginResponse;
let cashier: LoginResponse;
let registerId: string;
let register2Id: string;
let product: Product;
let other: OtherCompany;

const ownerEmail = 'owner@demo.kassa.dev';

function getAudit(query: string, token = owner.accessToken) {
  return t.app.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: bearer(token) });
}

function sell(register = registerId, discountPercent?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id: newDocumentId(),
      registerId: register,
      lines: [{ productId: product.id, quantity: '1', ...(discountPercent ? { discountPercent } : {}) }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    },
  });
}

/** Every audit row of the demo company as stored (raw columns), in chain order. */
async function rawEntries(companyId = owner.company.id) {
  return withCompanyTx(t.db, companyId, async (tx) => {
    const result = (await tx.execute(
      sql`select stream, seq, id, action, actor_id, details, sensitive, data_key_id, hash from audit_entries order by stream, seq`,
    )) as { rows: Record<string, unknown>[] };
    return result.rows;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, ownerEmail);
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  const [store] = await stores(t.app, owner.accessToken);
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

describe('recording', () => {
  it('records each completed sale once, in its register stream, in the sale transaction', async () => {
    const before = await rawEntries();
    const res = await sell();
    expect(res.statusCode).toBe(201);
    const sale = res.json<{ id: string; receiptNumber: string; total: number }>();
    const after = await rawEntries();
    const added = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      stream: `register:${registerId}`,
      action: 'sale.completed',
      actor_id: cashier.user.id,
      details: expect.objectContaining({ receiptNumber: sale.receiptNumber, total: sale.total }),
    });
  });

  it('writes no audit entry for a refused sale (discount over the limit): nothing at all changes', async () => {
    const entries = await rawEntries();
    const footprint = await companyFootprint(t.db, owner.company.id);
    const res = await sell(registerId, '90');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'discount_over_limit' });
    expect(await rawEntries()).toEqual(entries);
    expect(await companyFootprint(t.db, owner.company.id)).toEqual(footprint);
  });

  it('records successful and failed sign-ins with the e-mail, IP and user agent encrypted', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': 'audit-test-agent' },
      payload: { email: ownerEmail, password: 'not-the-password' },
    });
    expect(bad.statusCode).toBe(401);
    await login(t.app, ownerEmail);

    const raw = (await rawEntries()).filter((e) => String(e.action).startsWith('auth.login'));
    expect(raw.length).toBeGreaterThanOrEqual(3);
    for (const e of raw) {
      expect(e.sensitive).toEqual(expect.any(String));
      expect(String(e.sensitive)).not.toContain('demo.kassa.dev');
      expect(Buffer.from(String(e.sensitive), 'base64').toString('latin1')).not.toContain('audit-test-agent');
    }

    const page = (await getAudit('action=auth.login.failed')).json<AuditPage>();
    const failed = page.items.find((i) => i.sensitive?.userAgent === 'audit-test-agent');
    expect(failed).toMatchObject({
      action: 'auth.login.failed',
      actorId: null,
      subjectId: owner.user.id,
      details: { reason: 'wrong_password' },
      sensitive: { email: ownerEmail, userAgent: 'audit-test-agent', ip: expect.any(String) },
    });
  });

  it('records a settings change with the values before and after', async () => {
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: bearer(owner.accessToken),
    });
    const settings = current.json<Record<string, unknown>>();
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: bearer(owner.accessToken),
      payload: { ...settings, cashRounding: { increment: 5, mode: 'half_up' } },
    });
    expect(res.statusCode).toBe(200);
    const page = (await getAudit('action=settings.updated')).json<AuditPage>();
    expect(page.items[0]).toMatchObject({
      actorId: owner.user.id,
      actorName: owner.user.name,
      details: { before: { cashRounding: settings.cashRounding }, after: { cashRounding: { increment: 5 } } },
    });
  });
});

describe('price changes', () => {
  it('records a product price change with the old and new price, and not an edit that keeps it', async () => {
    const patch = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        headers: bearer(owner.accessToken),
        payload,
      });
    expect((await patch({ price: product.price + 100 })).statusCode).toBe(200);
    expect((await patch({ price: product.price + 100, name: product.name })).statusCode).toBe(200);
    const page = (await getAudit('action=price.changed')).json<AuditPage>();
    const mine = page.items.filter((i) => i.subjectId === product.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      actorId: owner.user.id,
      details: { sku: product.sku, before: product.price, after: product.price + 100 },
    });
    expect((await patch({ price: product.price })).statusCode).toBe(200);
  });
});

describe('GET /audit and the CSV export', () => {
  it('searches by action, actor and date, newest first', async () => {
    const all = (await getAudit('limit=200')).json<AuditPage>();
    expect(all.total).toBeGreaterThanOrEqual(4);
    const times = all.items.map((i) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const byActor = (await getAudit(`actorId=${cashier.user.id}`)).json<AuditPage>();
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((i) => i.actorId === cashier.user.id)).toBe(true);

    const future = (await getAudit(`from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).json<AuditPage>();
    expect(future).toMatchObject({ total: 0, items: [] });
    const past = (await getAudit(`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).json<AuditPage>();
    expect(past.total).toBe(0);
  });

  it('refuses a user without audit.read (403) and unknown filters (400)', async () => {
    const res = await getAudit('', cashier.accessToken);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect((await getAudit('action=drop%20table')).statusCode).toBe(400);
    expect((await getAudit("actorId=' or 1=1 --")).statusCode).toBe(400);
  });

  it("never shows another company's entries", async () => {
    const otherOwner = await login(t.app, other.email, other.password);
    const page = (await getAudit('limit=200', otherOwner.accessToken)).json<AuditPage>();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.actorId === null || i.actorId === other.userId)).toBe(true);
    expect(page.items.some((i) => i.sensitive?.email === ownerEmail)).toBe(false);
  });

  it('exports CSV with decrypted fields, defuses formulas, and records the export', async () => {
    await withCompanyTx(t.db, owner.company.id, (tx) =>
      recordAudit(
        { companyId: owner.company.id, tx, userId: owner.user.id },
        { action: 'price.changed', subject: { type: 'product', id: '=HYPERLINK("http://x")' } },
      ),
    );
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/export',
      headers: bearer(owner.accessToken),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="kassa-audit-\d{4}-\d\d-\d\d\.csv"/,
    );
    const parsed = Papa.parse<Record<string, string>>(res.body, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toContain('sensitive');
    const priceRow = parsed.data.find((r) => r.action === 'price.changed')!;
    expect(priceRow.subject_id).toBe(`'=HYPERLINK("http://x")`);
    expect(parsed.data.some((r) => r.sensitive?.includes(ownerEmail))).toBe(true);
    const exported = (await getAudit('action=audit.exported')).json<AuditPage>();
    expect(exported.items[0]).toMatchObject({
      actorId: owner.user.id,
      details: { rows: parsed.data.length },
    });
  });
});

describe('concurrency', () => {
  const sleep = (ms: number) => new Promise<string>((r) => setTimeout(() => r('timeout'), ms));

  // PGlite has one connection, so transactions never overlap there; PostgreSQL shows the locking.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'entries on different register streams do not wait for each other; the same stream does',
    async () => {
      const companyId = owner.company.id;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const append = (stream: string, wait?: Promise<void>) =>
        withCompanyTx(t.db, companyId, async (tx) => {
          await recordAudit({ companyId, tx }, { action: 'sale.completed', stream });
          entered();
          if (wait) await wait;
          return 'done';
        });
      const a = append(`register:${registerId}`, held);
      await inside;
      expect(await Promise.race([append(`register:${register2Id}`), sleep(5000)])).toBe('done');
      const c = append(`register:${registerId}`);
      expect(await Promise.race([c, sleep(500)])).toBe('timeout');
      release();
      await a;
      expect(await c).toBe('done');
      expect((await verifyAuditChains(t.db)).broken).toBeUndefined();
    },
  );
});

describe('append-only and tamper-evident', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even by the table owner', async () => {
    const before = await rawEntries();
    const refused = await asSuperuser(t.handle, async (query) => {
      const errors: string[] = [];
      for (const statement of [
        `UPDATE audit_entries SET action = 'x'`,
        `DELETE FROM audit_entries`,
        `TRUNCATE audit_entries`,
      ]) {
        try {
          await query(statement);
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
      return errors;
    });
    expect(refused).toHaveLength(3);
    for (const message of refused) expect(message).toMatch(/append-only/);
    // The application role cannot even try: it holds no UPDATE or DELETE grant.
    await expect(
      withCompanyTx(t.db, owner.company.id, (tx) => tx.execute(sql`delete from audit_entries`)),
    ).rejects.toThrow();
    expect(await rawEntries()).toEqual(before);
  });

  it('verify passes on an intact log and names the first broken link of an altered entry', async () => {
    await sell(register2Id);
    const intact = await verifyAuditChains(t.db);
    expect(intact.broken).toBeUndefined();
    expect(intact.entries).toBeGreaterThan(5);

    const target = (await rawEntries()).find(
      (e) => e.stream === `register:${registerId}` && Number(e.seq) === 1,
    )!;
    await asSuperuser(t.handle, async (query) => {
      // An attacker with the owner's rights switches the trigger off for one statement.
      await query(`SET session_replication_role = replica`);
      await query(`UPDATE audit_entries SET details = jsonb_set(details, '{total}', '1') WHERE id = $1`, [
        target.id,
      ]);
      await query(`SET session_replication_role = DEFAULT`);
    });
    const result = await verifyAuditChains(t.db);
    expect(result.broken).toEqual({
      companyId: owner.company.id,
      stream: `register:${registerId}`,
      seq: 1,
      entryId: target.id,
      reason: expect.stringContaining('altered'),
    });
  });
});

describe('a removed tail', () => {
  it('is caught by the stream head', async () => {
    const local = await createTestApp();
    try {
      const o = await login(local.app, ownerEmail);
      await login(local.app, ownerEmail);
      const last = await withCompanyTx(local.db, o.company.id, async (tx) => {
        const r = (await tx.execute(
          sql`select id, seq from audit_entries where stream = 'company' order by seq desc limit 1`,
        )) as { rows: { id: string; seq: number }[] };
        return r.rows[0]!;
      });
      expect((await verifyAuditChains(local.db)).broken).toBeUndefined();
      await asSuperuser(local.handle, async (query) => {
        await query(`SET session_replication_role = replica`);
        await query(`DELETE FROM audit_entries WHERE id = $1`, [last.id]);
        await query(`SET session_replication_role = DEFAULT`);
      });
      const result = await verifyAuditChains(local.db);
      expect(result.broken).toMatchObject({
        companyId: o.company.id,
        stream: 'company',
        seq: Number(last.seq) - 1,
      });
      expect(result.broken!.reason).toMatch(/missing or altered/);
    } finally {
      await local.close();
    }
  });
});

describe('master key rotation', () => {
  it('re-wraps data keys only; every old entry stays readable under the new key', async () => {
    const local = await createTestApp();
    try {
      const o = await login(local.app, ownerEmail);
      await local.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: ownerEmail, password: 'wrong-password' },
      });
      const b = await seedOtherCompany(local.db, 'rot');
      await login(local.app, b.email, b.password);
      const failedBefore = (
        await local.app.inject({
          method: 'GET',
          url: '/api/v1/audit?action=auth.login.failed',
          headers: bearer(o.accessToken),
        })
      ).json<AuditPage>();
      expect(failedBefore.items[0]!.sensitive).toMatchObject({ email: ownerEmail, ip: expect.any(String) });
      const rowsBefore = await withCompanyTx(
        local.db,
        o.company.id,
        async (tx) =>
          ((await tx.execute(sql`select * from audit_entries order by stream, seq`)) as { rows: unknown[] })
            .rows,
      );

      const newKey = { id: 'test-k2', key: Buffer.alloc(32, 9) };
      // Without the old master key the data keys cannot be unwrapped: the error names it.
      await expect(rotateDataKeys(local.db, new KeyRing(newKey))).rejects.toThrow(
        /"test-k1".*not configured/,
      );

      const result = await rotateDataKeys(local.db, new KeyRing(newKey, [TEST_MASTER_KEY]));
      expect(result).toMatchObject({ rewrapped: 2, alreadyCurrent: 0 }); // the demo company and company B
      const again = await rotateDataKeys(local.db, new KeyRing(newKey, [TEST_MASTER_KEY]));
      expect(again).toMatchObject({ rewrapped: 0, alreadyCurrent: 2 });
      const masterKeyIds = await withCompanyTx(
        local.db,
        o.company.id,
        async (tx) =>
          ((await tx.execute(sql`select master_key_id from data_keys`)) as { rows: unknown[] }).rows,
      );
      expect(masterKeyIds).toEqual([{ master_key_id: 'test-k2' }]);

      // Audit rows are never rewritten; the chains still verify.
      const rowsAfter = await withCompanyTx(
        local.db,
        o.company.id,
        async (tx) =>
          ((await tx.execute(sql`select * from audit_entries order by stream, seq`)) as { rows: unknown[] })
            .rows,
      );
      expect(rowsAfter).toEqual(rowsBefore);
      expect((await verifyAuditChains(local.db)).broken).toBeUndefined();

      // A server that knows only the new master key reads every old entry.
      const rotated = await buildApp({
        db: local.db,
        tokens: local.tokens,
        secureCookies: false,
        keys: new KeyRing(newKey),
      });
      try {
        const page = (
          await rotated.inject({
            method: 'GET',
            url: '/api/v1/audit?action=auth.login.failed',
            headers: bearer(o.accessToken),
          })
        ).json<AuditPage>();
        expect(page.items.map((i) => i.sensitive)).toEqual(failedBefore.items.map((i) => i.sensitive));
      } finally {
        await rotated.close();
      }
    } finally {
      await local.close();
    }
  });
});
