import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, MeResponse } from '@kassa/contracts';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let companyId: string;

beforeAll(async () => {
  t = await createTestApp();
  companyId = (await login(t.app, 'owner@demo.kassa.dev')).company.id;
});
afterAll(async () => {
  await t?.close();
});

function refreshCookie(res: {
  cookies: { name: string; value: string; httpOnly?: boolean; path?: string }[];
}) {
  return res.cookies.find((c) => c.name === 'kassa_refresh');
}

describe('POST /api/v1/auth/login', () => {
  it('returns a 15-minute access token and sets an httpOnly refresh cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Cashier@Demo.Kassa.dev ', password: 'kassa-demo' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<LoginResponse>();
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: 'cashier@demo.kassa.dev', role: 'cashier', maxDiscountPercent: '10' },
      company: { name: 'Demo Liquor Co.', currency: 'USD' },
    });
    const [, payload] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      exp: number;
      iat: number;
      cid: string;
    };
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.cid).toBe(companyId);
    const cookie = refreshCookie(res);
    expect(cookie).toMatchObject({ httpOnly: true, path: '/api/v1/auth' });
  });

  it('answers a wrong password and an unknown e-mail alike, and writes nothing', async () => {
    const before = await companyFootprint(t.db, companyId);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'cashier@demo.kassa.dev', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@demo.kassa.dev', password: 'nope' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        code: 'invalid_credentials',
        detail: 'E-mail or password is wrong',
      });
      expect(refreshCookie(res)).toBeUndefined();
    }
    expect(await companyFootprint(t.db, companyId)).toEqual(before);
  });

  it('refuses a malformed body with validation_failed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', password: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: expect.any(Array) });
  });
});

describe('refresh tokens', () => {
  it('rotate on use, and reusing an old one revokes the whole family', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'manager@demo.kassa.dev', password: 'kassa-demo' },
    });
    const token1 = refreshCookie(first)!.value;
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token1 },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json<LoginResponse>().user.email).toBe('manager@demo.kassa.dev');
    const token2 = refreshCookie(second)!.value;
    expect(token2).not.toBe(token1);

    const reuse = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token1 },
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'invalid_token' });
    const afterReuse = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token2 },
    });
    expect(afterReuse.statusCode).toBe(401);
  });

  it('stop working after logout', async () => {
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@demo.kassa.dev', password: 'kassa-demo' },
    });
    const token = refreshCookie(session)!.value;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token },
    });
    expect(out.statusCode).toBe(204);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuse a cookie-authenticated call without the CSRF header (403), rotating and revoking nothing', async () => {
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@demo.kassa.dev', password: 'kassa-demo' },
    });
    const token = refreshCookie(session)!.value;
    const before = await companyFootprint(t.db, companyId);
    for (const [url, headers] of [
      ['/api/v1/auth/refresh', {}],
      ['/api/v1/auth/logout', {}],
      ['/api/v1/auth/refresh', { 'x-kassa-request': '0' }],
      ['/api/v1/auth/logout', { origin: 'https://evil.example', 'content-type': 'text/plain' }],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers, cookies: { kassa_refresh: token } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'csrf_rejected' });
      expect(refreshCookie(res)).toBeUndefined();
    }
    expect(await companyFootprint(t.db, companyId)).toEqual(before);
    // The token was neither rotated nor revoked: it still works, once.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: token },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('refuse garbage', async () => {
    for (const value of ['', 'abc', 'a.b.c', `${companyId}.${companyId}.secret`]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { 'x-kassa-request': '1' },
        cookies: { kassa_refresh: value },
      });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('switching user by PIN', () => {
  it("gives the PIN owner's session, and refuses a wrong PIN", async () => {
    const cashier = await login(t.app, 'cashier@demo.kassa.dev');
    const staff = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: bearer(cashier.accessToken),
    });
    const managerId = staff
      .json<{ items: { id: string; role: string }[] }>()
      .items.find((u) => u.role === 'manager')!.id;

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: bearer(cashier.accessToken),
      payload: { userId: managerId, pin: '1234' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: bearer(cashier.accessToken),
      payload: { userId: managerId, pin: '2222' },
    });
    expect(ok.statusCode).toBe(200);
    const session = ok.json<LoginResponse>();
    expect(session.user).toMatchObject({ id: managerId, role: 'manager', maxDiscountPercent: '50' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(session.accessToken),
    });
    expect(me.json<MeResponse>().user.role).toBe('manager');
  });

  it('needs a signed-in device', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      payload: { userId: companyId, pin: '2222' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });
});

describe('bearer tokens', () => {
  it('refuses a tampered token', async () => {
    const { accessToken } = await login(t.app, 'cashier@demo.kassa.dev');
    const [h, p] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url')}.${accessToken.split('.')[2]}`;
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(forged) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_token' });
  });
});
