import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { AuditPage, LoginResponse, SessionList } from '@kassa/contracts';
import { withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  DEMO_PASSWORD,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

let t: TestContext;
let owner: LoginResponse;
let other: OtherCompany;

type Signed = { body: LoginResponse; cookie: string };

async function signIn(email: string, password = DEMO_PASSWORD, userAgent = 'vitest'): Promise<Signed> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'user-agent': userAgent },
    payload: { email, password },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'kassa_refresh')!;
  return { body: res.json<LoginResponse>(), cookie: `kassa_refresh=${cookie.value}` };
}

const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
const refresh = (cookie: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, 'x-kassa-request': '1' } });
const sessions = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: bearer(token) });

function expectEnded(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(401);
  expect(res.json()).toMatchObject({ code: 'invalid_token' });
}

async function sessionRows(companyId: string) {
  return withCompanyTx(t.db, companyId, async (tx) => {
    const r = (await tx.execute(
      sql`select id, user_id, revoked_at, revoked_reason from sessions order by created_at`,
    )) as { rows: { id: string; user_id: string; revoked_at: Date | null; revoked_reason: string | null }[] };
    return r.rows;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  owner = (await signIn('owner@demo.kassa.dev')).body;
  other = await seedOtherCompany(t.db);
});
afterAll(() => t.close());

describe('logout', () => {
  it("ends the session at once: the access token's next request is a 401, and refresh fails", async () => {
    const s = await signIn('cashier@demo.kassa.dev');
    expect((await me(s.body.accessToken)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-kassa-request': '1' },
    });
    expect(out.statusCode).toBe(204);
    expectEnded(await me(s.body.accessToken));
    expectEnded(await refresh(s.cookie));
  });
});

describe('sessions', () => {
  it('lists the user’s own active sessions and marks the current one', async () => {
    const a = await signIn('manager@demo.kassa.dev', DEMO_PASSWORD, 'till-1');
    const b = await signIn('manager@demo.kassa.dev', DEMO_PASSWORD, 'phone');
    const list = (await sessions(a.body.accessToken)).json<SessionList>();
    const mine = list.items.filter((i) => i.userAgent === 'till-1' || i.userAgent === 'phone');
    expect(mine).toHaveLength(2);
    expect(list.items.find((i) => i.current)?.userAgent).toBe('till-1');
    expect(list.items.every((i) => i.method === 'password')).toBe(true);
    // The owner's sessions are not listed to the manager.
    const ownerSessions = (await sessions(owner.accessToken)).json<SessionList>();
    for (const s of ownerSessions.items) expect(list.items.map((i) => i.id)).not.toContain(s.id);

    // Revoking the phone's session ends it; the till keeps working.
    const phone = list.items.find((i) => i.userAgent === 'phone')!;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phone.id}`,
      headers: bearer(a.body.accessToken),
    });
    expect(del.statusCode).toBe(204);
    expectEnded(await me(b.body.accessToken));
    expectEnded(await refresh(b.cookie));
    expect((await me(a.body.accessToken)).statusCode).toBe(200);
  });

  it("answers 404 for another user's or another company's session, and changes nothing", async () => {
    const cashier = await signIn('cashier@demo.kassa.dev');
    const ownerSession = (await sessions(owner.accessToken)).json<SessionList>().items[0]!;
    const otherOwner = await signIn(other.email, other.password);
    const before = await sessionRows(owner.company.id);
    for (const token of [cashier.body.accessToken, otherOwner.body.accessToken]) {
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/auth/sessions/${ownerSession.id}`,
        headers: bearer(token),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await sessionRows(owner.company.id)).toEqual(before);
    expect((await me(owner.accessToken)).statusCode).toBe(200);
  });
});

describe('POST /users/:id/disable', () => {
  it('disables the user and ends every session at once; recorded in the audit log', async () => {
    const till = await signIn('cashier@demo.kassa.dev');
    const office = await signIn('cashier@demo.kassa.dev');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${till.body.user.id}/disable`,
      headers: bearer(owner.accessToken),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: till.body.user.id, active: false });
    expect(res.json<{ sessionsRevoked: number }>().sessionsRevoked).toBeGreaterThanOrEqual(2);
    for (const s of [till, office]) {
      expectEnded(await me(s.body.accessToken));
      expectEnded(await refresh(s.cookie));
    }
    const signInAgain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'cashier@demo.kassa.dev', password: DEMO_PASSWORD },
    });
    expect(signInAgain.statusCode).toBe(401);
    const rows = await sessionRows(owner.company.id);
    expect(rows.filter((r) => r.user_id === till.body.user.id).every((r) => r.revoked_at !== null)).toBe(
      true,
    );
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=user.disabled',
        headers: bearer(owner.accessToken),
      })
    ).json<AuditPage>();
    expect(audit.items[0]).toMatchObject({ actorId: owner.user.id, subjectId: till.body.user.id });
  });

  it('refuses a manager (403), oneself (422), unknown and foreign users (404), writing nothing', async () => {
    const manager = await signIn('manager@demo.kassa.dev');
    const before = await companyFootprint(t.db, owner.company.id);
    const sessionsBefore = await sessionRows(owner.company.id);
    const attempts: [string, string, number, string][] = [
      [manager.body.accessToken, owner.user.id, 403, 'forbidden'],
      [owner.accessToken, owner.user.id, 422, 'cannot_disable_self'],
      [owner.accessToken, '01890000-0000-7000-8000-000000000000', 404, 'not_found'],
      [owner.accessToken, other.userId, 404, 'not_found'],
    ];
    for (const [token, id, status, code] of attempts) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/disable`,
        headers: bearer(token),
      });
      expect(res.statusCode, code).toBe(status);
      expect(res.json()).toMatchObject({ code });
    }
    expect(await companyFootprint(t.db, owner.company.id)).toEqual(before);
    expect(await sessionRows(owner.company.id)).toEqual(sessionsBefore);
    const otherOwner = await signIn(other.email, other.password);
    expect((await me(otherOwner.body.accessToken)).statusCode).toBe(200);
    expect((await me(manager.body.accessToken)).statusCode).toBe(200);
  });
});
