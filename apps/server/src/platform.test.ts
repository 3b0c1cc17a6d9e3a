import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DataDirLockedError, openDatabase, schema as s, withCompanyTx } from '@kassa/db';
import { buildApp } from './app.ts';
import { AccessTokens } from './modules/auth/tokens.ts';
import { createTestApp, login, TEST_JWT_SECRET, type TestContext } from '../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../test/factories.ts';

let t: TestContext;
let other: OtherCompany;
let demoCompanyId: string;

beforeAll(async () => {
  t = await createTestApp();
  other = await seedOtherCompany(t.db);
  demoCompanyId = (await login(t.app, 'owner@demo.kassa.dev')).company.id;
});
afterAll(async () => {
  await t?.close();
});

describe('health and API documents', () => {
  it('GET /health answers ok when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/sales',
        '/api/v1/sales/{id}',
        '/api/v1/products',
        '/api/v1/auth/login',
      ]),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown API routes with a problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
  });
});

describe('route permissions', () => {
  it('every API route declares its permission (a diff here is a permission change: review it)', async () => {
    const table = t.app.routePermissions.map((r) => `${r.method} ${r.url} -> ${r.permission}`);
    expect(table.length).toBeGreaterThan(10);
    expect(table).toMatchInlineSnapshot(`
      [
        "POST /api/v1/auth/login -> public",
        "POST /api/v1/auth/refresh -> public",
        "POST /api/v1/auth/logout -> public",
        "POST /api/v1/auth/pin -> authenticated",
        "GET /api/v1/auth/me -> authenticated",
        "GET /api/v1/stores -> store.read",
        "GET /api/v1/staff -> user.read",
        "GET /api/v1/registers/sync-status -> report.view",
        "GET /api/v1/registers/:id/staff -> sale.create",
        "POST /api/v1/stores -> settings.write",
        "PATCH /api/v1/stores/:id -> settings.write",
        "POST /api/v1/stores/:id/registers -> settings.write",
        "PATCH /api/v1/registers/:id -> settings.write",
        "GET /api/v1/settings -> authenticated",
        "PUT /api/v1/settings -> settings.write",
        "GET /api/v1/products -> catalog.read",
        "GET /api/v1/products/:id -> catalog.read",
        "GET /api/v1/categories -> catalog.read",
        "POST /api/v1/products -> product.write",
        "PATCH /api/v1/products/:id -> product.write",
        "POST /api/v1/products/:id/archive -> product.write",
        "POST /api/v1/products/labels -> product.write",
        "POST /api/v1/categories -> product.write",
        "PATCH /api/v1/categories/:id -> product.write",
        "DELETE /api/v1/categories/:id -> product.write",
        "POST /api/v1/imports/products -> product.write",
        "POST /api/v1/imports/products/stream -> product.write",
        "POST /api/v1/imports/customers -> customer.write",
        "GET /api/v1/reports/sales -> report.view",
        "GET /api/v1/reports/sales/export -> report.view",
        "GET /api/v1/exports/products -> export.run",
        "GET /api/v1/exports/stock -> export.run",
        "GET /api/v1/exports/sales -> export.run",
        "GET /api/v1/exports/customers -> export.run",
        "GET /api/v1/dashboard/live -> public",
        "POST /api/v1/sales -> sale.create",
        "GET /api/v1/sales/:id -> sale.read",
        "GET /api/v1/sales -> report.view",
        "POST /api/v1/shifts -> shift.open",
        "GET /api/v1/registers/:id/shift -> shift.open",
        "GET /api/v1/shifts/:id -> shift.open",
        "POST /api/v1/shifts/:id/cash-movements -> shift.open",
        "GET /api/v1/shifts/:id/x-report -> shift.open",
        "GET /api/v1/shifts/:id/close-info -> shift.close",
        "POST /api/v1/shifts/:id/close -> shift.close",
        "GET /api/v1/shifts/:id/z-report -> shift.open",
        "GET /api/v1/shifts/:id/z-report.pdf -> shift.open",
        "GET /api/v1/sales/lookup -> sale.read",
        "GET /api/v1/sales/:id/returnable -> refund.create",
        "POST /api/v1/refunds -> sale.create",
        "GET /api/v1/refunds/:id -> sale.read",
        "POST /api/v1/sales/:id/void -> sale.create",
        "GET /api/v1/store-credits/:code -> sale.read",
        "POST /api/v1/parked-sales -> sale.create",
        "GET /api/v1/parked-sales -> sale.create",
        "POST /api/v1/parked-sales/:id/resume -> sale.create",
        "POST /api/v1/exchanges -> refund.create",
        "GET /api/v1/exchanges/:id -> sale.read",
        "GET /api/v1/customers -> sale.read",
        "GET /api/v1/customers/:id -> sale.read",
        "POST /api/v1/customers -> customer.write",
        "PATCH /api/v1/customers/:id -> customer.write",
        "DELETE /api/v1/customers/:id -> customer.write",
        "GET /api/v1/sales/:id/refunds -> sale.read",
        "POST /api/v1/age-checks -> sale.create",
        "GET /api/v1/sales/:id/age-check -> sale.read",
        "GET /api/v1/stores/:id/age-policy -> store.read",
        "PUT /api/v1/stores/:id/age-policy -> settings.write",
        "GET /api/v1/reports/age-checks -> report.view",
        "GET /api/v1/sales/:id/receipt -> sale.read",
        "GET /api/v1/sales/:id/receipt.pdf -> sale.read",
        "GET /api/v1/sales/:id/receipt.escpos -> sale.read",
        "POST /api/v1/sales/:id/receipt/email -> sale.create",
        "GET /api/v1/audit -> audit.read",
        "GET /api/v1/audit/export -> audit.read",
        "GET /api/v1/auth/sessions -> authenticated",
        "DELETE /api/v1/auth/sessions/:id -> authenticated",
        "POST /api/v1/users/:id/disable -> user.manage",
        "POST /api/v1/approvals -> sale.create",
        "POST /api/v1/drawer/no-sale -> sale.create",
        "GET /api/v1/users -> user.manage",
        "POST /api/v1/users -> user.manage",
        "PATCH /api/v1/users/:id -> user.manage",
        "POST /api/v1/users/:id/enable -> user.manage",
        "PUT /api/v1/users/:id/pin -> user.manage",
        "GET /api/v1/roles -> user.manage",
        "POST /api/v1/roles -> user.manage",
        "PUT /api/v1/roles/:id -> user.manage",
        "DELETE /api/v1/roles/:id -> user.manage",
        "POST /api/v1/auth/password-reset -> public",
        "POST /api/v1/auth/password-reset/confirm -> public",
        "POST /api/v1/auth/totp/setup -> authenticated",
        "POST /api/v1/auth/totp/confirm -> authenticated",
        "POST /api/v1/auth/totp/disable -> authenticated",
        "POST /api/v1/pricing/quote -> catalog.read",
        "GET /api/v1/taxes -> catalog.read",
        "POST /api/v1/taxes -> settings.write",
        "PUT /api/v1/products/:id/taxes -> product.write",
        "POST /api/v1/platform/auth/login -> public",
        "POST /api/v1/platform/auth/totp/setup -> platform.admin",
        "POST /api/v1/platform/auth/totp/confirm -> platform.admin",
        "GET /api/v1/platform/companies -> platform.admin",
        "GET /api/openapi.json -> public",
      ]
    `);
  });

  it('refuses to start when a route forgets to declare one', async () => {
    const app = await buildApp({ db: t.db, tokens: new AccessTokens(TEST_JWT_SECRET), secureCookies: false });
    expect(() => app.get('/api/v1/undeclared', () => 'x')).toThrow(/does not declare config.permission/);
    await app.close();
  });
});

describe('row-level security', () => {
  it('runs requests as kassa_app, which is neither superuser nor table owner', async () => {
    const rows = await withCompanyTx(t.db, demoCompanyId, async (tx) => {
      const r = (await tx.execute(
        sql`select current_user as who, r.rolsuper as super, r.rolbypassrls as bypass from pg_roles r where r.rolname = current_user`,
      )) as { rows: { who: string; super: boolean; bypass: boolean }[] };
      return r.rows;
    });
    expect(rows).toEqual([{ who: 'kassa_app', super: false, bypass: false }]);
  });

  it("a raw query without the company filter in company A's transaction sees nothing of company B", async () => {
    const seen = await withCompanyTx(t.db, demoCompanyId, async (tx) => {
      const r = (await tx.execute(sql`select
        (select count(*) from products where company_id = ${other.companyId})::int as products,
        (select count(*) from users where company_id = ${other.companyId})::int as users,
        (select count(*) from stores)::int as stores,
        (select count(distinct company_id) from products)::int as companies`)) as {
        rows: { products: number; users: number; stores: number; companies: number }[];
      };
      return r.rows[0];
    });
    expect(seen).toEqual({ products: 0, users: 0, stores: 3, companies: 1 });
  });

  it("cannot write a row into another company's tenancy", async () => {
    await expect(
      withCompanyTx(t.db, demoCompanyId, (tx) =>
        tx
          .insert(s.categories)
          .values({ companyId: other.companyId, id: other.productId, name: 'x', color: '#000' }),
      ),
    ).rejects.toThrow();
    const count = await withCompanyTx(t.db, other.companyId, (tx) => tx.select().from(s.categories));
    expect(count).toEqual([]);
  });

  it('without a company set, tenant tables look empty', async () => {
    const r = (await t.db.execute(sql`select count(*)::int as n from products`)) as { rows: { n: number }[] };
    expect(r.rows[0]!.n).toBe(0);
  });

  it('refuses to change or delete a completed document', async () => {
    await expect(
      withCompanyTx(t.db, demoCompanyId, (tx) =>
        tx.execute(sql`delete from stock_movements where company_id = ${demoCompanyId}`),
      ),
    ).rejects.toThrow();
  });
});

describe('embedded database', () => {
  it('a second process opening the same data directory gets a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/already in use by another process/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
