import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import { withCompanyTx } from '@kassa/db';
import type { LoginResponse, ProductImportResult } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedEmptyCompany, type EmptyCompany } from '../../../test/company-factory.ts';

const RETAIL = readFileSync(
  fileURLToPath(new URL('../../../../../packages/db/seed-data/online-retail-sample.csv', import.meta.url)),
);

let t: TestContext;
let gbp: EmptyCompany;
let owner: LoginResponse;
let cashier: LoginResponse;

function upload(token: LoginResponse, query: string, file: Buffer | string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/customers?${query}`,
    headers: { ...bearer(token.accessToken), 'content-type': 'text/csv' },
    payload: file,
  });
}

/** A digest of the company's customers: any write changes it. */
async function customerFootprint(): Promise<string> {
  return withCompanyTx(t.db, gbp.companyId, async (tx) => {
    const result = (await tx.execute(
      sql`select count(*)::text || ':' || coalesce(md5(string_agg(concat_ws('|', id, code, name, email, phone, country, updated_at), ',' order by id)), '') as digest from customers`,
    )) as { rows: { digest: string }[] };
    return result.rows[0]!.digest;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  gbp = await seedEmptyCompany(t.db, {
    tag: 'crm',
    currency: 'GBP',
    timeZone: 'Europe/London',
    country: 'GB',
  });
  owner = await login(t.app, gbp.email, gbp.password);
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/imports/customers', () => {
  it("imports the online-retail sample's distinct customers (CustomerID, Country), idempotently", async () => {
    const rows = Papa.parse<Record<string, string>>(RETAIL.toString('utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const ids = new Set(rows.map((r) => r.CustomerID!).filter((c) => c !== ''));
    const query = 'colCode=CustomerID&colCountry=Country&onDuplicate=latest&skipIncomplete=true';
    const dry = await upload(owner, query, RETAIL);
    expect(dry.statusCode, dry.body.slice(0, 300)).toBe(200);
    expect(dry.json<ProductImportResult>()).toMatchObject({ dryRun: true, created: ids.size, errors: [] });
    const empty = await customerFootprint();
    expect(empty).toMatch(/^0:/);

    const real = await upload(owner, `${query}&dryRun=false`, RETAIL);
    expect(real.json<ProductImportResult>()).toMatchObject({
      created: ids.size,
      skipped: rows.filter((r) => r.CustomerID === '').length,
    });
    const after = await customerFootprint();
    expect(after.startsWith(`${ids.size}:`)).toBe(true);
    const again = await upload(owner, `${query}&dryRun=false`, RETAIL);
    expect(again.json<ProductImportResult>()).toMatchObject({ created: 0, updated: 0, unchanged: ids.size });
    expect(await customerFootprint()).toBe(after);

    // The export has the import's column names: it imports back unchanged.
    const file = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exports/customers',
      headers: bearer(owner.accessToken),
    });
    expect(file.statusCode).toBe(200);
    const back = await upload(owner, 'dryRun=false', file.body);
    expect(back.json<ProductImportResult>()).toMatchObject({ created: 0, updated: 0, unchanged: ids.size });
    expect(await customerFootprint()).toBe(after);
  });

  it('reports a missing column, a bad e-mail and a duplicate code, and a real run writes nothing', async () => {
    const before = await customerFootprint();
    const missing = await upload(owner, 'dryRun=false', 'name,email\nAda,ada@example.com\n');
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ details: { errors: unknown[] } }>().details.errors).toEqual([
      { row: 1, column: 'code', reason: 'missing column (for code)' },
    ]);
    const csv = 'code,name,email\nX1,Ada,ada@example.com\nX2,Bob,not-an-address\nX1,Ada again,\n';
    const dry = await upload(owner, '', csv);
    expect(dry.json<ProductImportResult>().errors).toEqual([
      { row: 3, column: 'email', reason: 'not an e-mail address: "not-an-address"' },
      { row: 4, column: 'code', reason: 'duplicate code X1 (first on row 2)' },
    ]);
    const real = await upload(owner, 'dryRun=false', csv);
    expect(real.statusCode).toBe(422);
    expect(real.json<{ code: string }>().code).toBe('import_invalid');
    expect(await customerFootprint()).toBe(before);
  });

  it('refuses a cashier (403) and writes nothing', async () => {
    const before = await customerFootprint();
    const res = await upload(cashier, 'dryRun=false', 'code\nC1\n');
    expect(res.statusCode).toBe(403);
    const exportRes = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exports/customers',
      headers: bearer(cashier.accessToken),
    });
    expect(exportRes.statusCode).toBe(403);
    expect(await customerFootprint()).toBe(before);
  });
});
