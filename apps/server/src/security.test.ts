import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductPage, SalePage } from '@kassa/contracts';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../test/harness.ts';

let t: TestContext;
let cashierToken: string;
let managerToken: string;
let companyId: string;

beforeAll(async () => {
  t = await createTestApp();
  const cashier = await login(t.app, 'cashier@demo.kassa.dev');
  cashierToken = cashier.accessToken;
  companyId = cashier.company.id;
  managerToken = (await login(t.app, 'manager@demo.kassa.dev')).accessToken;
});
afterAll(async () => {
  await t?.close();
});

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE products; --",
  '%',
  '_',
  '\\',
  "vodka' UNION SELECT password_hash FROM users --",
  '"; select pg_sleep(5); --',
];

describe('hostile input', () => {
  it.each(INJECTIONS)('search treats %j as text', async (q) => {
    const before = await companyFootprint(t.db, companyId);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/products?q=${encodeURIComponent(q)}`,
      headers: bearer(cashierToken),
    });
    expect(res.statusCode).toBe(200);
    // No product name contains these strings, so a literal search finds nothing.
    expect(res.json<ProductPage>().total).toBe(0);
    expect(await companyFootprint(t.db, companyId)).toEqual(before);
  });

  it('sale filters refuse anything but their types', async () => {
    for (const query of ["storeId=' OR 1=1 --", 'from=yesterday', 'limit=1;DROP', 'registerId[]=x']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sales?${query}`,
        headers: bearer(managerToken),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/sales', headers: bearer(managerToken) });
    expect(ok.json<SalePage>().total).toBe(0);
  });
});

describe('forged tokens', () => {
  it('refuses an unsigned token (alg: none)', async () => {
    const [, payload] = cashierToken.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(`${header}.${payload}.`),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a token signed with another key', async () => {
    const { AccessTokens } = await import('./modules/auth/tokens.ts');
    const forger = new AccessTokens('another-secret-another-secret-another-secret');
    const token = await forger.issue({ userId: companyId, companyId, role: 'owner' });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a malformed authorization header', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer a.b', `bearer ${cashierToken}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });
});

describe('unknown errors', () => {
  it('a body above the size limit is a 413 problem, not a crash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
  });
});
